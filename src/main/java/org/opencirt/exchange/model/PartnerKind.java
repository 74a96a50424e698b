package org.opencirt.exchange.model;

import org.opencirt.common.WireEnum;

/** What a partner is: another national CIRT on this platform, or an organisation elsewhere. */
public enum PartnerKind implements WireEnum {
    /** Another national CIRT on this platform. */
    CIRT,
    /** A CIRT on another platform, a constituent, a sector team. */
    REMOTE
}
