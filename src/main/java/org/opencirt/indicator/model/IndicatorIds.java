package org.opencirt.indicator.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import org.opencirt.common.NameUuids;

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

    /** The namespace of {@link #stixKey}. */
    private static final UUID STIX_KEY_NAMESPACE = UUID.fromString("6f1c2b7e-3d4a-5e8f-9a0b-1c2d3e4f5a6b");

    private IndicatorIds() {}

    /**
     * A UUID of the document's id, stored with it, from which a STIX export makes the indicator's id per CIRT and finds
     * the document again from that id (ADR 25).
     */
    public static UUID stixKey(String id) {
        return NameUuids.v5(STIX_KEY_NAMESPACE, id);
    }

    /** The id of the document of a value of a type. */
    public static String idOf(String type, String value) {
        var sha = SHA256.get();
        sha.update(type.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '|');
        sha.update(value.getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(sha.digest(), 0, 20);
    }
}
