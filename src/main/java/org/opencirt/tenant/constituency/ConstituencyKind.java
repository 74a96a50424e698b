package org.opencirt.tenant.constituency;

import org.opencirt.common.WireEnum;

/**
 * The kinds of constituency entry: an autonomous system, a network or a domain (what feed
 * indicators fall into), or a product a constituent runs (a CPE 2.3 name or a package URL, what
 * vendors' advisories name as affected; the entry's label names the constituent).
 */
public enum ConstituencyKind implements WireEnum {
    ASN,
    NETWORK,
    DOMAIN,
    PRODUCT
}
