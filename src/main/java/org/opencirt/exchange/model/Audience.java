package org.opencirt.exchange.model;

import org.opencirt.common.WireEnum;

/** Who a grant shares with. */
public enum Audience implements WireEnum {
    /** Every CIRT on this platform. */
    COMMUNITY,
    /** The members of one of the CIRT's sharing groups, as they are at each moment. */
    GROUP,
    /** Named partners. */
    PARTNERS
}
