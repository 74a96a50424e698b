package org.opencirt.tenant.constituency;

import org.opencirt.common.WireEnum;

/** How often a contact is notified: at each notification run, or at most once a day or a week. */
public enum Cadence implements WireEnum {
    IMMEDIATE,
    DAILY,
    WEEKLY
}
