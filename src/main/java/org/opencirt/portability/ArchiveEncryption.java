package org.opencirt.portability;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPPublicKeyRing;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;
import org.opencirt.advisory.signing.OpenPgp;
import org.opencirt.common.problem.ApiException;

/**
 * The OpenPGP encryption of a CIRT's archive to the key the CIRT gives: AES-256 with the integrity
 * packet (what {@code gpg --decrypt} and every OpenPGP tool read), to the newest valid encryption
 * (sub)key of an OpenPGP public key that carries valid self-signatures.
 */
final class ArchiveEncryption {

    /** The longest armored public key accepted. */
    static final int MAX_KEY_CHARS = 64 * 1024;

    private static final int MIN_RSA_BITS = 3072;

    private ArchiveEncryption() {}

    /** A recipient: the key the archive is encrypted to, and the fingerprint of its primary key. */
    record Recipient(PGPPublicKey key, String fingerprint) {}

    /**
     * Reads the recipient's key.
     *
     * @throws ApiException 400 at {@code recipientKey} when it is not such a key
     */
    static Recipient recipient(String armored, Instant now) {
        if (armored == null || armored.isBlank()) {
            throw ApiException.invalid(
                    "recipientKey", "is required: the ASCII-armored OpenPGP public key to encrypt to");
        }
        if (armored.length() > MAX_KEY_CHARS) {
            throw ApiException.invalid("recipientKey", "is longer than %d characters".formatted(MAX_KEY_CHARS));
        }
        PGPPublicKeyRing ring;
        try (var in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
            ring = new BcPGPPublicKeyRing(in);
        } catch (IOException | RuntimeException e) {
            throw ApiException.invalid("recipientKey", "is not an ASCII-armored OpenPGP public key");
        }
        try {
            OpenPgp.checkSelfSignatures(ring);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("recipientKey", e.getMessage());
        }
        PGPPublicKey chosen = null;
        for (var key : (Iterable<PGPPublicKey>) ring::getPublicKeys) {
            if (canEncrypt(ring.getPublicKey(), key, now)
                    && (chosen == null || key.getCreationTime().after(chosen.getCreationTime()))) {
                chosen = key;
            }
        }
        if (chosen == null) {
            throw ApiException.invalid(
                    "recipientKey",
                    "has no key that may encrypt: none flagged for encryption, unexpired, unrevoked, and RSA of at least %d bits or elliptic-curve"
                            .formatted(MIN_RSA_BITS));
        }
        return new Recipient(
                chosen,
                HexFormat.of().withUpperCase().formatHex(ring.getPublicKey().getFingerprint()));
    }

    private static boolean canEncrypt(PGPPublicKey primary, PGPPublicKey key, Instant now) {
        if (!key.isEncryptionKey() || key.hasRevocation()) {
            return false;
        }
        if (key.getValidSeconds() > 0
                && key.getCreationTime()
                        .toInstant()
                        .plusSeconds(key.getValidSeconds())
                        .isBefore(now)) {
            return false;
        }
        var algorithm = key.getAlgorithm();
        var rsa = algorithm == PublicKeyAlgorithmTags.RSA_GENERAL || algorithm == PublicKeyAlgorithmTags.RSA_ENCRYPT;
        if (rsa && key.getBitStrength() < MIN_RSA_BITS) {
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

    /** Whether the key's self-signature (its binding, or the primary's own) lets it encrypt; no flags at all says nothing against it. */
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

    /**
     * An OpenPGP message to the recipient around {@code out}, holding one literal file {@code name}:
     * closing the returned stream ends the message, not {@code out}.
     */
    static OutputStream encrypt(OutputStream out, Recipient recipient, String name, Instant now) throws IOException {
        var generator = new PGPEncryptedDataGenerator(new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
                .setWithIntegrityPacket(true)
                .setSecureRandom(new SecureRandom()));
        generator.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(recipient.key()));
        try {
            var encrypted = generator.open(out, new byte[1 << 16]);
            var literal = new PGPLiteralDataGenerator();
            var plain = literal.open(encrypted, PGPLiteralData.BINARY, name, Date.from(now), new byte[1 << 16]);
            return new java.io.FilterOutputStream(plain) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    plain.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    plain.close();
                    encrypted.close();
                }
            };
        } catch (PGPException e) {
            throw new IOException("the archive could not be encrypted", e);
        }
    }
}
