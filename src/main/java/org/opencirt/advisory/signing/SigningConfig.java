package org.opencirt.advisory.signing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * OpenPGP signing of advisories: {@code opencirt.signing.*}. The key-encryption key
 * ({@code opencirt.signing.kek}) is shared with the CIRT secrets: see
 * {@link org.opencirt.common.crypto.KekConfig}.
 */
@ConfigMapping(prefix = "opencirt.signing")
public interface SigningConfig {

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
        SHA256(8),
        SHA512(10);

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
