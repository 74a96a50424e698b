package org.opencirt.tenant.constituency.registry;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Networks and AS numbers as registries write them, parsed with the ipaddress library. */
final class Resources {

    private static final Pattern ASN = Pattern.compile("(?i)AS(\\d{1,10})");
    private static final Pattern COUNTRY = Pattern.compile("[A-Za-z]{2}");
    private static final Pattern HANDLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    private static final long MAX_ASN = 4_294_967_295L;

    private Resources() {}

    /** The CIDR blocks spanning {@code first - last} (single addresses of one version), or an empty list when not a range. */
    static List<String> range(String first, String last) {
        var start = single(first);
        var end = single(last);
        if (start == null || end == null || start.getIPVersion() != end.getIPVersion() || start.compareTo(end) > 0) {
            return List.of();
        }
        return Arrays.stream(start.spanWithRange(end).spanWithPrefixBlocks())
                .map(IPAddress::toCanonicalString)
                .toList();
    }

    /** An RPSL {@code inetnum} value: {@code a - b}, or a CIDR block as some registries write it. */
    static List<String> inetnum(String value) {
        var dash = value.indexOf('-');
        if (dash < 0) {
            var block = prefix(value);
            return block == null ? List.of() : List.of(block);
        }
        return range(value.substring(0, dash).trim(), value.substring(dash + 1).trim());
    }

    /** A prefix block such as {@code 2001:db8::/32}, normalised, or null when not exactly one (host bits set). */
    static String prefix(String value) {
        var address = new IPAddressString(value.trim()).getAddress();
        if (address == null || address.getNetworkPrefixLength() == null || !address.isPrefixBlock()) {
            return null;
        }
        return address.toCanonicalString();
    }

    /** {@code AS64496} from {@code as64496} or {@code AS64496}, or null when not an AS number. */
    static String asn(String value) {
        var m = ASN.matcher(value.trim());
        if (!m.matches()) {
            return null;
        }
        return asn(Long.parseLong(m.group(1)));
    }

    /** {@code AS64496} from a number, or null when out of range. */
    static String asn(long number) {
        return number < 0 || number > MAX_ASN ? null : "AS" + number;
    }

    /** An ISO 3166 alpha-2 code in upper case, or null. */
    static String country(String value) {
        if (value == null || !COUNTRY.matcher(value.trim()).matches()) {
            return null;
        }
        return value.trim().toUpperCase(Locale.ROOT);
    }

    /** A handle as a key (upper case), or null when it does not look like one. */
    static String handle(String value) {
        if (value == null || !HANDLE.matcher(value.trim()).matches()) {
            return null;
        }
        return value.trim().toUpperCase(Locale.ROOT);
    }

    private static IPAddress single(String text) {
        var address = new IPAddressString(text).getAddress();
        if (address == null || address.getNetworkPrefixLength() != null || address.isMultiple()) {
            return null;
        }
        return address;
    }
}
