package org.opencirt.common.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts data at rest with AES-256-GCM under the key-encryption key (KEK): the CIRTs' private
 * signing keys and their secrets. The stored form is {@code nonce (12 bytes) || ciphertext+tag};
 * the associated data binds a ciphertext to its owner (see {@link KekTable}), so a row's value
 * moved to another row (another CIRT, fingerprint or name) does not decrypt. The one place that
 * encrypts under the KEK: the service and the offline rotation ({@link KekRotation}) both use it.
 */
public final class KeyEncryption {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec kek;
    private final String kekId;

    public KeyEncryption(String base64Kek) {
        this(base64Kek, "opencirt.signing.kek");
    }

    /**
     * @param name what the KEK is called where it was configured, for the messages (which never
     *             show the value)
     */
    public KeyEncryption(String base64Kek, String name) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Kek == null ? "" : base64Kek.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException(
                    name + " must be 32 bytes (256 bits), base64; it is " + raw.length + " bytes");
        }
        this.kek = new SecretKeySpec(raw, "AES");
        this.kekId = HexFormat.of().formatHex(Digests.sha256(raw), 0, 8);
    }

    /** A short, non-secret id of the KEK (first 8 bytes of its SHA-256), stored beside each ciphertext. */
    public String kekId() {
        return kekId;
    }

    /** Encrypts under a fresh random nonce, bound to the associated data. */
    public byte[] encrypt(byte[] plaintext, String associatedData) {
        try {
            var nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            var sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed");
        }
    }

    /**
     * Decrypts what {@link #encrypt} stored.
     *
     * @throws IllegalStateException when the data was not encrypted under this KEK for this owner
     *         (the message names neither the key nor the data)
     */
    public byte[] decrypt(byte[] stored, String associatedData) {
        try {
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "the data could not be decrypted with this key-encryption key for this owner");
        }
    }
}
