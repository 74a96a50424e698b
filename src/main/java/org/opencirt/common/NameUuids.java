package org.opencirt.common;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/** Name-based UUIDs of version 5 (RFC 9562: SHA-1 of a namespace and a name), as STIX 2.1 makes its deterministic ids. */
public final class NameUuids {

    private NameUuids() {}

    /** The version 5 UUID of a name (UTF-8) in a namespace. */
    public static UUID v5(UUID namespace, String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        sha1.update(ByteBuffer.allocate(16)
                .putLong(namespace.getMostSignificantBits())
                .putLong(namespace.getLeastSignificantBits())
                .array());
        var hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        var buffer = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    /**
     * Combines two version 5 UUIDs into a third, reversibly: {@code mix(mix(a, b), b) == a}. The version and variant
     * bits stay those of version 5. Used where a deterministic id must also be looked up again (ADR 25).
     */
    public static UUID mix(UUID a, UUID b) {
        var high = (a.getMostSignificantBits() ^ b.getMostSignificantBits()) & ~0xf000L | 0x5000L;
        var low =
                (a.getLeastSignificantBits() ^ b.getLeastSignificantBits()) & 0x3fffffffffffffffL | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
