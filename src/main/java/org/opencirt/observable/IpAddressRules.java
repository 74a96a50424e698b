package org.opencirt.observable;

import static org.opencirt.observable.Refusals.article;
import static org.opencirt.observable.Refusals.quote;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.ipv4.IPv4AddressStringParameters;
import inet.ipaddr.ipv6.IPv6Address;
import inet.ipaddr.ipv6.IPv6AddressStringParameters;

/**
 * The rules of {@link Normaliser} for IPv4 and IPv6 addresses and CIDR networks: dotted quads
 * without leading zeros, RFC 5952 text for IPv6 (mixed notation for IPv4-mapped addresses),
 * networks normalised to their first address.
 */
final class IpAddressRules {

    private static final IPAddressStringParameters IP_PARAMETERS = ipParameters();

    private IpAddressRules() {}

    static String ipv4(String value) {
        IPAddress address = address(value, ObservableType.IPV4);
        if (address.getNetworkPrefixLength() != null) {
            throw new InvalidObservableException(
                    ObservableType.IPV4, quote(value) + " has a prefix length: it is a network, use type cidr");
        }
        if (!address.isIPv4() || !isDottedDecimal(value, false)) {
            throw new InvalidObservableException(ObservableType.IPV4, quote(value) + " is not an IPv4 address");
        }
        return address.toCanonicalString();
    }

    static String ipv6(String value) {
        String bare = value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
        IPAddress address = address(bare, ObservableType.IPV6);
        if (address.getNetworkPrefixLength() != null) {
            throw new InvalidObservableException(
                    ObservableType.IPV6, quote(value) + " has a prefix length: it is a network, use type cidr");
        }
        if (!address.isIPv6()) {
            throw new InvalidObservableException(
                    ObservableType.IPV6, quote(value) + " is an IPv4 address, not an IPv6 address");
        }
        return ipv6Text((IPv6Address) address.toIPv6());
    }

    private static String ipv6Text(IPv6Address address) {
        return address.isIPv4Mapped() ? address.toMixedString() : address.toCanonicalString();
    }

    static String cidr(String value) {
        IPAddress address = address(value, ObservableType.CIDR);
        Integer prefix = address.getNetworkPrefixLength();
        IPAddress network = prefix == null ? address.toPrefixBlock(address.getBitCount()) : address.toPrefixBlock();
        return network.toCanonicalString();
    }

    private static IPAddress address(String value, ObservableType type) {
        String what = type == ObservableType.CIDR ? "a CIDR network (address/prefix length)" : article(type);
        if (isDottedDecimal(value, true) && hasLeadingZero(value)) {
            throw new InvalidObservableException(
                    type,
                    quote(value) + " is ambiguous: an IPv4 number with a "
                            + "leading zero may be read as octal; write it without leading zeros");
        }
        try {
            return new IPAddressString(value, IP_PARAMETERS).toAddress();
        } catch (AddressStringException | RuntimeException e) {
            throw new InvalidObservableException(type, quote(value) + " is not " + what);
        }
    }

    /**
     * Whether the value is four dot-separated runs of digits (then a {@code /} and digits when
     * {@code network}): the shape of an IPv4 address, checked on every address a feed states, so
     * without a regular expression.
     */
    static boolean isDottedDecimal(String value, boolean network) {
        int dots = 0;
        boolean digits = false;
        int i = 0;
        for (; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isDigit(c)) {
                digits = true;
            } else if (c == '.' && digits && dots < 3) {
                dots++;
                digits = false;
            } else {
                break;
            }
        }
        if (!digits || dots != 3) {
            return false;
        }
        if (i == value.length()) {
            return true;
        }
        if (!network || value.charAt(i) != '/' || i + 1 == value.length()) {
            return false;
        }
        for (int j = i + 1; j < value.length(); j++) {
            if (!isDigit(value.charAt(j))) {
                return false;
            }
        }
        return true;
    }

    /** Whether a dotted-decimal number starts with 0 followed by another digit (octal to some readers). */
    private static boolean hasLeadingZero(String dotted) {
        for (int i = 0; i + 1 < dotted.length(); i++) {
            if (dotted.charAt(i) == '0' && (i == 0 || dotted.charAt(i - 1) == '.') && isDigit(dotted.charAt(i + 1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IPAddressStringParameters ipParameters() {
        IPAddressStringParameters.Builder builder = new IPAddressStringParameters.Builder();
        builder.allowEmpty(false);
        builder.allowAll(false);
        builder.allowSingleSegment(false);
        builder.allowMask(false);
        builder.allowPrefix(true);
        builder.allowPrefixOnly(false);
        builder.allow_inet_aton(false);
        builder.allowWildcardedSeparator(false);
        builder.setRangeOptions(RangeParameters.NO_RANGE);
        IPv4AddressStringParameters.Builder ipv4 = builder.getIPv4AddressParametersBuilder();
        ipv4.allow_inet_aton(false);
        ipv4.allowLeadingZeros(false);
        ipv4.allowBinary(false);
        ipv4.allowPrefixesBeyondAddressSize(false);
        ipv4.allowWildcardedSeparator(false);
        ipv4.setRangeOptions(RangeParameters.NO_RANGE);
        IPv6AddressStringParameters.Builder ipv6 = builder.getIPv6AddressParametersBuilder();
        ipv6.allowZone(false);
        ipv6.allowBase85(false);
        ipv6.allowBinary(false);
        ipv6.allowPrefixesBeyondAddressSize(false);
        ipv6.allowWildcardedSeparator(false);
        ipv6.setRangeOptions(RangeParameters.NO_RANGE);
        return builder.toParams();
    }
}
