package org.opencirt.tenant.constituency;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.opencirt.tenant.constituency.registry.PrefixDirectory;

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

    private final PrefixDirectory<Owner> networks;
    private final Map<String, Owner> asns = new HashMap<>();
    private final Map<String, Owner> domains = new HashMap<>();

    Owners(List<ConstituencyEntry> entries, Map<UUID, String> constituentNames) {
        var networkBuilder = PrefixDirectory.<Owner>builder();
        for (var e : entries) {
            var owner = new Owner(
                    e.id,
                    e.constituentId,
                    e.constituentId != null && constituentNames.containsKey(e.constituentId)
                            ? constituentNames.get(e.constituentId)
                            : e.label != null && !e.label.isBlank() ? e.label : e.value);
            switch (e.kind) {
                case NETWORK -> networkBuilder.add(e.value, owner);
                case ASN -> asns.put(e.value, owner);
                case DOMAIN -> domains.put(e.value, owner);
                case PRODUCT -> {} // products are matched against vendors' advisories
            }
        }
        networks = networkBuilder.build();
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
        return ip == null ? Optional.empty() : networks.find(ip);
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
        return networks.size() == 0 && asns.isEmpty() && domains.isEmpty();
    }
}
