package org.opencirt.exchange.model;

import org.opencirt.common.WireEnum;

/** What a CIRT can share. */
public enum SharedObjectType implements WireEnum {
    INCIDENT,
    ADVISORY
}
