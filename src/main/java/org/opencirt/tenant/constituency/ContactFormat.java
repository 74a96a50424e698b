package org.opencirt.tenant.constituency;

import org.opencirt.common.WireEnum;

/** How a contact receives the events of a notification: as a CSV or a JSON attachment. */
public enum ContactFormat implements WireEnum {
    CSV,
    JSON
}
