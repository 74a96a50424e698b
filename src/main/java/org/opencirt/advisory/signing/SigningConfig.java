package org.opencirt.advisory.signing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** OpenPGP signing of advisories: {@code opencirt.signing.*}. */
@ConfigMapping(prefix = "opencirt.signing")
public interface SigningConfig {

    /**
     * The key-encryption key: 32 bytes (AES-256), base64. Every CIRT's private OpenPGP key is stored
     * encrypted under it (AES-GCM). Production takes it from {@code OPENCIRT_SIGNING_KEK} and has no
     * default; losing it makes every stored private key unusable (rotate to new keys then).
     */
    String kek();

    /** Algorithm of keys the platform generates. */
    @WithDefault("ED25519")
    KeyAlgorithm algorithm();

    /** How long a generated key is valid (primary key and signing subkey expire together). */
    @WithDefault("P730D")
    Duration keyValidity();

    /** Digest of signatures: SHA512 or SHA256 (never SHA-1). */
    @WithDefault("SHA512")
    Digest digest();

    enum KeyAlgorithm {
        /** EdDSA (legacy v4 encoding, which GnuPG 2.2 reads): fast to generate and to sign. */
        ED25519,
        /** RSA 3072: several seconds to generate. */
        RSA3072
    }

    enum Digest {
        SHA256(8), SHA512(10);

        private final int tag;

        Digest(int tag) {
            this.tag = tag;
        }

        /** The OpenPGP hash algorithm id (RFC 4880 9.4). */
        public int tag() {
            return tag;
        }
    }
}
