package org.opencirt.incident.model;

import org.opencirt.common.WireEnum;

/** A task's state. */
public enum TaskState implements WireEnum {
    OPEN,
    DONE,
    CANCELLED;
}
