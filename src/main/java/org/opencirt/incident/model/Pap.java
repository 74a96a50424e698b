package org.opencirt.incident.model;

import com.fasterxml.jackson.annotation.JsonValue;
import org.opencirt.common.WireEnum;

/** Permissible Actions Protocol: what a recipient may do with the information (not who may see it). */
public enum Pap implements WireEnum {
    CLEAR,
    GREEN,
    AMBER,
    RED;

    @Override
    @JsonValue
    public String wire() {
        return name();
    }
}
