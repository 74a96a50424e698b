package org.opencirt.common.crypto;

import io.smallrye.config.ConfigMapping;

/**
 * The key-encryption key, {@code opencirt.signing.kek} (the name it has had since advisories; it
 * now protects the CIRTs' secrets too).
 */
@ConfigMapping(prefix = "opencirt.signing")
public interface KekConfig {

    /**
     * The key-encryption key: 32 bytes (AES-256), base64. Every CIRT's private OpenPGP key and every
     * CIRT secret is stored encrypted under it (AES-GCM). Production takes it from
     * {@code OPENCIRT_SIGNING_KEK} and has no default; losing it makes every stored private key and
     * secret unusable. Change it with {@code bin/opencirt rotate-kek}.
     */
    String kek();
}
