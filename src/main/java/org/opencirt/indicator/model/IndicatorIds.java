package org.opencirt.indicator.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The deterministic document id of an indicator: one document per (type, normalised value), whatever its sources. */
public final class IndicatorIds {

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private static final HexFormat HEX = HexFormat.of();

    private IndicatorIds() {}

    /** The id of the document of a value of a type. */
    public static String idOf(String type, String value) {
        var sha = SHA256.get();
        sha.update(type.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '|');
        sha.update(value.getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(sha.digest(), 0, 20);
    }
}
