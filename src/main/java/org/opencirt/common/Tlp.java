package org.opencirt.common;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** Traffic Light Protocol 2.0 labels, from least to most restricted. */
public enum Tlp implements WireEnum {
    CLEAR("CLEAR"),
    GREEN("GREEN"),
    AMBER("AMBER"),
    AMBER_STRICT("AMBER+STRICT"),
    RED("RED");

    private final String wire;

    Tlp(String wire) {
        this.wire = wire;
    }

    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    /**
     * The label in {@code TLP:AMBER}, {@code tlp:amber+strict}, {@code white}, {@code Amber} ...: TLP
     * 2.0 and 1.0 (WHITE is CLEAR, as CSAF 2.0 and older STIX markings write it).
     */
    public static Optional<Tlp> ofLabel(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String label = text.strip().toUpperCase(Locale.ROOT);
        if (label.startsWith("TLP:") || label.startsWith("TLP-") || label.startsWith("TLP ")) {
            label = label.substring(4).strip();
        }
        label = label.replace('"', ' ').strip();
        return Optional.ofNullable(
                switch (label) {
                    case "CLEAR", "WHITE" -> CLEAR;
                    case "GREEN" -> GREEN;
                    case "AMBER" -> AMBER;
                    case "AMBER+STRICT", "AMBER-STRICT", "AMBER STRICT", "AMBER_STRICT" -> AMBER_STRICT;
                    case "RED" -> RED;
                    default -> null;
                });
    }

    /** True when this label restricts at least as much as the other. */
    public boolean isAtLeast(Tlp other) {
        return compareTo(other) >= 0;
    }
}
