package org.opencirt.tenant.constituency.registry;

/** Where the abuse mailbox of an organisation read from a registry came from, most specific first. */
public enum ContactSource {
    /** The network's or ASN's own {@code abuse-c} role (RPSL). */
    OWN_ABUSE_C,
    /** The {@code abuse-c} of the organisation the network or ASN names in {@code org} (RPSL). */
    ORGANISATION_ABUSE_C,
    /** The {@code irt} object the network names in {@code mnt-irt} (RPSL). */
    IRT,
    /** An entity with the role {@code abuse} directly on the RDAP answer. */
    ABUSE_ENTITY,
    /** An entity with the role {@code abuse} nested inside another entity (often the registrant) of the RDAP answer. */
    NESTED_ABUSE_ENTITY,
    /** No valid abuse mailbox was found. */
    NONE
}
