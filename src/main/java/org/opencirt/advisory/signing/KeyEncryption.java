package org.opencirt.advisory.signing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts private keys at rest with AES-256-GCM under the key-encryption key. The stored form is
 * {@code nonce (12 bytes) || ciphertext+tag}; the associated data binds a ciphertext to its owner
 * (tenant and fingerprint), so a row's key cannot be moved to another row without detection.
 */
public final class KeyEncryption {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec kek;
    private final String kekId;

    public KeyEncryption(String base64Kek) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Kek == null ? "" : base64Kek.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("opencirt.signing.kek is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException("opencirt.signing.kek must be 32 bytes (256 bits), base64; it is " + raw.length + " bytes");
        }
        this.kek = new SecretKeySpec(raw, "AES");
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(raw);
            this.kekId = HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A short, non-secret id of the KEK (first 8 bytes of its SHA-256), stored beside each ciphertext. */
    public String kekId() {
        return kekId;
    }

    public byte[] encrypt(byte[] plaintext, String associatedData) {
        try {
            var nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            var sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** @throws IllegalStateException when the data was not encrypted under this KEK for this owner */
    public byte[] decrypt(byte[] stored, String associatedData) {
        try {
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a private key could not be decrypted with the configured key-encryption key", e);
        }
    }
}
