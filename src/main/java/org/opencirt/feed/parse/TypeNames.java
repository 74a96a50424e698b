package org.opencirt.feed.parse;

import java.util.Locale;
import java.util.Map;
import org.opencirt.observable.ObservableType;

/**
 * Reads the type names sources write in a type column or field: OpenCIRT's wire names and common
 * synonyms (STIX object types, MISP attribute types, {@code ip}, {@code hostname}, {@code sha-256},
 * ...). A bare {@code ip} is typed by its value: IPv6 if it has a colon, a network if a slash.
 */
final class TypeNames {

    private static final Map<String, ObservableType> SYNONYMS = Map.ofEntries(
            Map.entry("ipv4-addr", ObservableType.IPV4),
            Map.entry("ipv6-addr", ObservableType.IPV6),
            Map.entry("network", ObservableType.CIDR),
            Map.entry("subnet", ObservableType.CIDR),
            Map.entry("netblock", ObservableType.CIDR),
            Map.entry("ip-range", ObservableType.CIDR),
            Map.entry("domain-name", ObservableType.DOMAIN),
            Map.entry("hostname", ObservableType.DOMAIN),
            Map.entry("host", ObservableType.DOMAIN),
            Map.entry("fqdn", ObservableType.DOMAIN),
            Map.entry("uri", ObservableType.URL),
            Map.entry("email-addr", ObservableType.EMAIL),
            Map.entry("e-mail", ObservableType.EMAIL),
            Map.entry("email-src", ObservableType.EMAIL),
            Map.entry("email-dst", ObservableType.EMAIL),
            Map.entry("sha-1", ObservableType.SHA1),
            Map.entry("sha-256", ObservableType.SHA256),
            Map.entry("sha-512", ObservableType.SHA512),
            Map.entry("as", ObservableType.ASN),
            Map.entry("as-number", ObservableType.ASN),
            Map.entry("autonomous-system", ObservableType.ASN),
            Map.entry("vulnerability", ObservableType.CVE),
            Map.entry("file-name", ObservableType.FILENAME));

    private TypeNames() {}

    /** The type a source's type name denotes, or null when unknown (the ingestion then detects it). */
    static ObservableType parse(String name, String value) {
        if (name == null) {
            return null;
        }
        String key = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        if (key.isEmpty()) {
            return null;
        }
        switch (key) {
            case "ip", "ip-address", "ipaddress", "ip-src", "ip-dst", "addr", "address" -> {
                return ipType(value);
            }
            default -> {}
        }
        for (ObservableType type : ObservableType.values()) {
            if (type.wireName().equals(key)) {
                return type;
            }
        }
        return SYNONYMS.get(key);
    }

    /** ipv4, ipv6 or cidr, by the shape of the value. */
    static ObservableType ipType(String value) {
        if (value == null) {
            return null;
        }
        if (value.indexOf('/') >= 0) {
            return ObservableType.CIDR;
        }
        return value.indexOf(':') >= 0 ? ObservableType.IPV6 : ObservableType.IPV4;
    }
}
