package org.opencirt.tenant.constituency;

import org.opencirt.common.WireEnum;

/** The kinds of constituency entry: an autonomous system, a network or a domain. */
public enum ConstituencyKind implements WireEnum {
    ASN,
    NETWORK,
    DOMAIN
}
