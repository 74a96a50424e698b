package org.opencirt.portability;

import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;
import org.opencirt.common.crypto.RecipientKey;
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
        try {
            var key = RecipientKey.read(armored, now, MIN_RSA_BITS);
            return new Recipient(key.encryptionKey(), key.fingerprint());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("recipientKey", e.getMessage());
        }
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
