package org.opencirt.common.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;

/**
 * An OpenPGP public key that others give the platform to encrypt to (a constituent's contact, the recipient of a
 * CIRT's archive), read from the ASCII-armored block they gave, and the key that a message
 * is encrypted to: the newest subkey (or the primary key) flagged for encryption, unexpired and unrevoked, RSA of at
 * least 2048 bits (what most constituents' keys still are) or elliptic-curve (ECDH, X25519, X448).
 *
 * @param encryptionKey the key messages are encrypted to
 * @param fingerprint the fingerprint of the primary key (what the contact and the CIRT compare), hex upper case, 40
 *     characters for a v4 key
 * @param encryptionFingerprint the fingerprint of {@code encryptionKey}
 */
public record RecipientKey(PGPPublicKey encryptionKey, String fingerprint, String encryptionFingerprint) {

    /** The longest armored key accepted. */
    public static final int MAX_CHARS = 64 * 1024;

    static final int MIN_RSA_BITS = 2048;

    /**
     * Reads a contact's key. Messages of the exception say what is wrong with the key, never quote it.
     *
     * @param now when the key must be valid
     * @throws IllegalArgumentException when the text is not one OpenPGP v4 public key, or the key is revoked or expired,
     *     its self-signatures do not verify, or it has no key that may encrypt
     */
    public static RecipientKey read(String armored, Instant now) {
        return read(armored, now, MIN_RSA_BITS);
    }

    /**
     * Reads a key as {@link #read(String, Instant)} does, with another least RSA size (a CIRT's archive asks
     * for 3072 bits).
     */
    public static RecipientKey read(String armored, Instant now, int minRsaBits) {
        if (armored == null || armored.isBlank()) {
            throw new IllegalArgumentException("the OpenPGP key is empty");
        }
        if (armored.length() > MAX_CHARS) {
            throw new IllegalArgumentException("the OpenPGP key is longer than %d characters".formatted(MAX_CHARS));
        }
        var ring = parse(armored);
        var primary = ring.getPublicKey();
        if (primary.getVersion() != PublicKeyPacket.VERSION_4) {
            throw new IllegalArgumentException(
                    "the OpenPGP key is a version %d key; only v4 keys are accepted".formatted(primary.getVersion()));
        }
        try {
            OpenPgpSelfSignatures.check(ring);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the OpenPGP key " + e.getMessage());
        }
        var primaryExpiry = expiry(primary);
        if (!primaryExpiry.isAfter(now)) {
            throw new IllegalArgumentException(
                    "the OpenPGP key %s expired on %s".formatted(fingerprint(primary), primaryExpiry));
        }
        PGPPublicKey chosen = null;
        for (var key : (Iterable<PGPPublicKey>) ring::getPublicKeys) {
            if (canEncrypt(primary, key, now, minRsaBits)
                    && (chosen == null || key.getCreationTime().after(chosen.getCreationTime()))) {
                chosen = key;
            }
        }
        if (chosen == null) {
            throw new IllegalArgumentException(("the OpenPGP key %s has no key that may encrypt (a signing-only"
                            + " key, or its encryption subkeys are expired, revoked, or RSA of fewer than %d bits)")
                    .formatted(fingerprint(primary), minRsaBits));
        }
        return new RecipientKey(chosen, fingerprint(primary), fingerprint(chosen));
    }

    /** The key's fingerprint, hex upper case (40 characters for a v4 key). */
    public static String fingerprint(PGPPublicKey key) {
        return HexFormat.of().withUpperCase().formatHex(key.getFingerprint());
    }

    private static PGPPublicKeyRing parse(String armored) {
        Object object;
        try (InputStream in = PGPUtil.getDecoderStream(
                new ByteArrayInputStream(armored.strip().getBytes(StandardCharsets.UTF_8)))) {
            object = new BcPGPObjectFactory(in).nextObject();
        } catch (IOException | RuntimeException e) {
            // the parser's message may quote what it read: say only what it is not
            throw new IllegalArgumentException("the OpenPGP key cannot be read as an OpenPGP public key");
        }
        if (object instanceof PGPSecretKeyRing) {
            throw new IllegalArgumentException(
                    "the OpenPGP key is a secret key; only the public key (gpg --armor --export) is wanted");
        }
        if (!(object instanceof PGPPublicKeyRing ring)) {
            throw new IllegalArgumentException("the OpenPGP key cannot be read as an OpenPGP public key");
        }
        return ring;
    }

    private static boolean canEncrypt(PGPPublicKey primary, PGPPublicKey key, Instant now, int minRsaBits) {
        if (!key.isEncryptionKey() || key.hasRevocation() || !expiry(key).isAfter(now)) {
            return false;
        }
        var algorithm = key.getAlgorithm();
        var rsa = algorithm == PublicKeyAlgorithmTags.RSA_GENERAL || algorithm == PublicKeyAlgorithmTags.RSA_ENCRYPT;
        if (rsa && key.getBitStrength() < minRsaBits) {
            return false;
        }
        if (!rsa
                && algorithm != PublicKeyAlgorithmTags.ECDH
                && algorithm != PublicKeyAlgorithmTags.X25519
                && algorithm != PublicKeyAlgorithmTags.X448) {
            return false;
        }
        return flaggedForEncryption(primary, key);
    }

    /** Whether the key's own self-signatures let it encrypt; a key with no flags at all is judged by its algorithm. */
    private static boolean flaggedForEncryption(PGPPublicKey primary, PGPPublicKey key) {
        var signatures = key.isMasterKey() ? key.getSignatures() : key.getSignaturesOfType(PGPSignature.SUBKEY_BINDING);
        var flagged = false;
        var anyFlags = false;
        while (signatures.hasNext()) {
            var signature = signatures.next();
            if (signature.getKeyID() != primary.getKeyID() || signature.getHashedSubPackets() == null) {
                continue;
            }
            var flags = signature.getHashedSubPackets().getKeyFlags();
            if (flags != 0) {
                anyFlags = true;
                flagged |= (flags & (KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE)) != 0;
            }
        }
        return flagged || !anyFlags;
    }

    private static Instant expiry(PGPPublicKey key) {
        var seconds = key.getValidSeconds();
        return seconds == 0 ? Instant.MAX : key.getCreationTime().toInstant().plusSeconds(seconds);
    }
}
