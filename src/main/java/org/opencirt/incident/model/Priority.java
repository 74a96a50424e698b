package org.opencirt.incident.model;

import com.fasterxml.jackson.annotation.JsonValue;
import org.opencirt.common.WireEnum;

/** How soon the CIRT works on an incident: P1 first. */
public enum Priority implements WireEnum {
    P1,
    P2,
    P3,
    P4;

    @Override
    @JsonValue
    public String wire() {
        return name();
    }
}
