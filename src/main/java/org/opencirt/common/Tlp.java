package org.opencirt.common;

import com.fasterxml.jackson.annotation.JsonValue;

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

    /** True when this label restricts at least as much as the other. */
    public boolean isAtLeast(Tlp other) {
        return compareTo(other) >= 0;
    }
}
