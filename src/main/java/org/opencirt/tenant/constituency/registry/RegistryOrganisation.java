package org.opencirt.tenant.constituency.registry;

import java.util.List;

/**
 * One constituent as a regional internet registry publishes it: an organisation with its networks and
 * ASNs and the mailbox that takes abuse reports for them.
 *
 * @param name the organisation's name ({@code org-name}, the registrant's name), else the first network's or
 *     ASN's name
 * @param country ISO 3166 alpha-2 code in upper case, or null when the registry gives none
 * @param abuseMailbox one valid mailbox ({@link org.opencirt.common.Mailboxes#valid}), or null when none was found
 * @param handles the registry handles it was built from: the organisation's, then the contact's
 * @param networks normalised CIDR blocks ({@code 192.0.2.0/25}, {@code 2001:db8::/32}), in the order read
 * @param asns AS numbers as {@code AS64496}, in the order read
 * @param contactSource where {@code abuseMailbox} came from
 */
public record RegistryOrganisation(
        String name,
        String country,
        String abuseMailbox,
        List<String> handles,
        List<String> networks,
        List<String> asns,
        ContactSource contactSource) {

    public RegistryOrganisation {
        handles = List.copyOf(handles);
        networks = List.copyOf(networks);
        asns = List.copyOf(asns);
    }
}
