package org.opencirt.common.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SHA-256, SHA-512 and HMAC-SHA256, the one place that names the algorithms and turns their
 * checked exceptions (every JVM has them) into an error. Hex is lower case, as {@code .sha256}
 * files, stored hashes and webhook signatures read it.
 */
public final class Digests {

    private static final HexFormat HEX = HexFormat.of();
    private static final String HMAC_SHA256 = "HmacSHA256";

    private Digests() {}

    /** A fresh SHA-256 digest, for input that arrives in parts. */
    public static MessageDigest newSha256() {
        return digest("SHA-256");
    }

    /** The SHA-256 of the parts, one after the other. */
    public static byte[] sha256(byte[]... parts) {
        var digest = newSha256();
        for (var part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    /** The SHA-256 of some bytes, as 64 lower-case hex digits. */
    public static String sha256Hex(byte[] data) {
        return HEX.formatHex(sha256(data));
    }

    /** The SHA-256 of everything a stream holds, read to its end (not closed), as 64 lower-case hex digits. */
    public static String sha256Hex(java.io.InputStream in) throws java.io.IOException {
        var digest = newSha256();
        try (var digesting = new java.security.DigestInputStream(in, digest)) {
            digesting.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HEX.formatHex(digest.digest());
    }

    /** The SHA-256 of a text's UTF-8 bytes, as 64 lower-case hex digits. */
    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The SHA-512 of some bytes, as 128 lower-case hex digits. */
    public static String sha512Hex(byte[] data) {
        return HEX.formatHex(digest("SHA-512").digest(data));
    }

    /** The HMAC-SHA256 of the parts, one after the other, under a key. */
    public static byte[] hmacSha256(byte[] key, byte[]... parts) {
        try {
            var mac = Mac.getInstance(HMAC_SHA256);
            mac.init(new SecretKeySpec(key, HMAC_SHA256));
            for (var part : parts) {
                mac.update(part);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has " + HMAC_SHA256, e);
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has " + algorithm, e);
        }
    }
}
