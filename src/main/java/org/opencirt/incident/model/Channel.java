package org.opencirt.incident.model;

import org.opencirt.common.WireEnum;

/** How an incident reached the CIRT. */
public enum Channel implements WireEnum {
    /** An analyst of the CIRT, through the API or the console. */
    API,
    /** A partner CIRT's or a constituent's machine client. */
    PARTNER,
    /** The public reporting form or API, without an account. */
    PUBLIC,
    /** A raw e-mail, from a mail gateway or uploaded by an analyst. */
    EMAIL,
    /** A threat feed whose indicators fell inside the CIRT's constituency. */
    FEED,
    /** Another national CIRT on this platform referred it. */
    REFERRAL;
}
