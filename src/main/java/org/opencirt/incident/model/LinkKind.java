package org.opencirt.incident.model;

import org.opencirt.common.WireEnum;

/** How one incident relates to another. */
public enum LinkKind implements WireEnum {
    DUPLICATE_OF,
    RELATED;
}
