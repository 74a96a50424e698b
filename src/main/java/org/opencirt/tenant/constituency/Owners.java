package org.opencirt.tenant.constituency;

import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4AddressAssociativeTrie;
import inet.ipaddr.ipv6.IPv6AddressAssociativeTrie;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Who owns a host of a CIRT's constituency, read once for many lookups (a report of thousands of
 * rows): the entry holding its address (the most specific network), else its ASN's entry, else its
 * host name's closest domain entry; with the constituent of that entry, when it has one.
 */
public final class Owners {

    /** The entry a host falls into, and its constituent (null for the CIRT's own entry). */
    public record Owner(UUID entryId, UUID constituentId, String name) {

        /** What events of this owner are grouped under: the constituent, else the entry. */
        public UUID subject() {
            return constituentId != null ? constituentId : entryId;
        }
    }

    private final IPv4AddressAssociativeTrie<Owner> ipv4 = new IPv4AddressAssociativeTrie<>();
    private final IPv6AddressAssociativeTrie<Owner> ipv6 = new IPv6AddressAssociativeTrie<>();
    private final Map<String, Owner> asns = new HashMap<>();
    private final Map<String, Owner> domains = new HashMap<>();

    Owners(List<ConstituencyEntry> entries, Map<UUID, String> constituentNames) {
        for (var e : entries) {
            var owner = new Owner(
                    e.id,
                    e.constituentId,
                    e.constituentId != null && constituentNames.containsKey(e.constituentId)
                            ? constituentNames.get(e.constituentId)
                            : e.label != null && !e.label.isBlank() ? e.label : e.value);
            switch (e.kind) {
                case NETWORK -> {
                    var network = new IPAddressString(e.value).getAddress().toPrefixBlock();
                    if (network.isIPv4()) {
                        ipv4.put(network.toIPv4(), owner);
                    } else {
                        ipv6.put(network.toIPv6(), owner);
                    }
                }
                case ASN -> asns.put(e.value, owner);
                case DOMAIN -> domains.put(e.value, owner);
                case PRODUCT -> {} // products are matched against vendors' advisories
            }
        }
    }

    /**
     * The owner of a host given by any of its normalised address, ASN ({@code AS64500}) or host name.
     */
    public Optional<Owner> of(String ip, String asn, String hostname) {
        return byAddress(ip)
                .or(() -> Optional.ofNullable(asn == null ? null : asns.get(asn)))
                .or(() -> byDomain(hostname));
    }

    private Optional<Owner> byAddress(String ip) {
        if (ip == null) {
            return Optional.empty();
        }
        var address = new IPAddressString(ip).getAddress();
        if (address == null) {
            return Optional.empty();
        }
        if (address.isIPv6() && address.toIPv6().isIPv4Mapped()) {
            address = address.toIPv6().getEmbeddedIPv4Address();
        }
        var node = address.isIPv4()
                ? ipv4.longestPrefixMatchNode(address.toIPv4())
                : ipv6.longestPrefixMatchNode(address.toIPv6());
        return Optional.ofNullable(node == null ? null : node.getValue());
    }

    private Optional<Owner> byDomain(String hostname) {
        if (hostname == null) {
            return Optional.empty();
        }
        var name = hostname.toLowerCase(Locale.ROOT);
        while (true) {
            var owner = domains.get(name);
            if (owner != null) {
                return Optional.of(owner);
            }
            int dot = name.indexOf('.');
            if (dot < 0) {
                return Optional.empty();
            }
            name = name.substring(dot + 1);
        }
    }

    public boolean isEmpty() {
        return ipv4.isEmpty() && ipv6.isEmpty() && asns.isEmpty() && domains.isEmpty();
    }
}
