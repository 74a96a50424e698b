package org.opencirt.incident.model;

import org.opencirt.common.WireEnum;

/** How bad an incident is, from least to most. */
public enum Severity implements WireEnum {
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;
}
