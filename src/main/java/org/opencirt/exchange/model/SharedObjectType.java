package org.opencirt.exchange.model;

import org.opencirt.common.WireEnum;

/** What a CIRT can share: an incident, an advisory, or an indicator list (the indicators of one of its own feeds). */
public enum SharedObjectType implements WireEnum {
    INCIDENT,
    ADVISORY,
    FEED
}
