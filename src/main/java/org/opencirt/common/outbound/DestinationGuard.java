package org.opencirt.common.outbound;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.opencirt.common.outbound.FetchException.Reason;

/**
 * Decides whether an {@code http}/{@code https} URL may be connected to: its host must not resolve
 * to any address that is not globally reachable (loopback, private, link-local, unique-local,
 * carrier-grade NAT, unspecified, multicast, broadcast/reserved, documentation, and those embedded
 * in IPv4-mapped, NAT64 and 6to4 addresses), unless that {@code host:port} is allow-listed. Runs
 * before any connection, for the first URL and for every redirect, and returns the addresses it
 * checked: the caller connects to those and looks nothing up again.
 * <p>
 * Allow-list entries name a port or a port range, never a whole host: {@code host:port},
 * {@code host:low-high}, {@code [v6]:port}. A private service allowed for one feed server must not
 * open every other port of that machine.
 */
public final class DestinationGuard {

    private record Block(IPAddress range, String label) {}

    /** An allow-list entry: a canonical host and an inclusive port range. */
    private record Allowed(String host, int low, int high) {
        boolean matches(String canonicalHost, int port) {
            return host.equals(canonicalHost) && port >= low && port <= high;
        }
    }

    private static final List<Block> IPV4 = List.of(
            block("0.0.0.0/8", "unspecified"),
            block("10.0.0.0/8", "private"),
            block("100.64.0.0/10", "carrier-grade NAT"),
            block("127.0.0.0/8", "loopback"),
            block("169.254.0.0/16", "link-local"),
            block("172.16.0.0/12", "private"),
            block("192.0.0.0/24", "IETF protocol assignments"),
            block("192.0.2.0/24", "documentation"),
            block("192.168.0.0/16", "private"),
            block("198.18.0.0/15", "benchmarking"),
            block("198.51.100.0/24", "documentation"),
            block("203.0.113.0/24", "documentation"),
            block("224.0.0.0/4", "multicast"),
            block("240.0.0.0/4", "reserved or broadcast"));

    private static final List<Block> IPV6 = List.of(
            block("::/128", "unspecified"),
            block("::1/128", "loopback"),
            block("::/96", "IPv4-compatible (deprecated)"),
            block("64:ff9b:1::/48", "local-use NAT64"),
            block("100::/64", "discard-only"),
            block("2001:db8::/32", "documentation"),
            block("fc00::/7", "unique-local"),
            block("fe80::/10", "link-local"),
            block("fec0::/10", "site-local (deprecated)"),
            block("ff00::/8", "multicast"));

    private static final IPAddress IPV4_MAPPED = range("::ffff:0:0/96");
    private static final IPAddress NAT64 = range("64:ff9b::/96");
    private static final IPAddress SIX_TO_FOUR = range("2002::/16");

    /** a.b.c.d in plain decimal, the only IPv4 literal read without the resolver. */
    private static final Pattern DOTTED_QUAD =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** Hosts that resolvers read as IPv4 in other notations (2130706433, 0x7f.1, 127.1, 010.1.2.3). */
    /** DNS names have at most 253 characters; longer hosts never reach the patterns below. */
    private static final int MAX_HOST_LENGTH = 253;

    private static final Pattern OTHER_NUMERIC =
            Pattern.compile("(0x[0-9a-f]*|\\d+)(\\.(0x[0-9a-f]*|\\d+))*\\.?", Pattern.CASE_INSENSITIVE);

    private final List<Allowed> allowed;
    private final HostResolver resolver;

    /**
     * @param allowedPrivateHosts {@code host:port} or {@code host:low-high} entries
     * @throws IllegalArgumentException for an entry that names no port or an invalid one
     */
    public DestinationGuard(Set<String> allowedPrivateHosts, HostResolver resolver) {
        this.resolver = resolver;
        this.allowed =
                allowedPrivateHosts.stream().map(DestinationGuard::allowedEntry).toList();
    }

    /**
     * Checks allow-list entries as configuration is read.
     *
     * @throws IllegalArgumentException naming the first entry that is not {@code host:port} or {@code host:low-high}
     */
    public static void checkAllowList(Iterable<String> entries) {
        for (var entry : entries) {
            allowedEntry(entry);
        }
    }

    /**
     * Resolves the URL's host once and refuses it if it is not allow-listed and any of its
     * addresses is blocked.
     *
     * @return the addresses checked, which the connection must use
     * @throws FetchException BLOCKED_DESTINATION; BAD_URL for a numeric host in a notation other
     *                        than a.b.c.d; IO when the name does not resolve
     */
    public List<InetAddress> check(URI url) throws FetchException {
        var host = url.getHost();
        if (host == null || host.isEmpty()) {
            throw new FetchException(Reason.BAD_URL, "URL without a valid host: " + Urls.describe(url));
        }
        if (host.length() > MAX_HOST_LENGTH) {
            throw new FetchException(Reason.BAD_URL, "host name longer than %d characters".formatted(MAX_HOST_LENGTH));
        }
        var canonical = Urls.canonicalHost(host);
        var port = Urls.effectivePort(url);
        var addresses = addressesOf(host, url);
        if (allowed.stream().anyMatch(a -> a.matches(canonical, port))) {
            return addresses;
        }
        for (var address : addresses) {
            var blocked = blockedReason(address);
            if (blocked.isPresent()) {
                throw new FetchException(
                        Reason.BLOCKED_DESTINATION,
                        "destination %s refused: %s is %s (not in the allowed private hosts)"
                                .formatted(Urls.describe(url), address.getHostAddress(), blocked.get()));
            }
        }
        return addresses;
    }

    private List<InetAddress> addressesOf(String host, URI url) throws FetchException {
        try {
            if (host.startsWith("[") || DOTTED_QUAD.matcher(host).matches()) {
                // a literal: parsed by the JDK exactly as the HttpClient will, no lookup
                return List.of(InetAddress.getAllByName(host));
            }
            if (OTHER_NUMERIC.matcher(host).matches()) {
                throw new FetchException(
                        Reason.BAD_URL, "numeric host '%s' is not a plain a.b.c.d address".formatted(host));
            }
            var addresses = resolver.resolve(Urls.canonicalHost(host));
            if (addresses == null || addresses.isEmpty()) {
                throw new UnknownHostException(host);
            }
            return addresses;
        } catch (UnknownHostException e) {
            throw new FetchException(
                    host.startsWith("[") ? Reason.BAD_URL : Reason.IO,
                    "cannot resolve the host of " + Urls.describe(url),
                    e);
        }
    }

    /** Why an address may not be fetched from, or empty when it is globally reachable. */
    static Optional<String> blockedReason(InetAddress address) {
        var bytes = address.getAddress();
        if (bytes.length == 4) {
            return ipv4Reason(new IPv4Address(bytes));
        }
        var v6 = new IPv6Address(bytes);
        if (IPV4_MAPPED.contains(v6)) {
            return embedded(bytes, 12, "IPv4-mapped ");
        }
        if (NAT64.contains(v6)) {
            return embedded(bytes, 12, "NAT64 of ");
        }
        if (SIX_TO_FOUR.contains(v6)) {
            return embedded(bytes, 2, "6to4 of ");
        }
        return IPV6.stream()
                .filter(b -> b.range().contains(v6))
                .map(Block::label)
                .findFirst();
    }

    private static Optional<String> embedded(byte[] bytes, int from, String prefix) {
        return ipv4Reason(new IPv4Address(Arrays.copyOfRange(bytes, from, from + 4)))
                .map(r -> prefix + r);
    }

    private static Optional<String> ipv4Reason(IPv4Address v4) {
        return IPV4.stream()
                .filter(b -> b.range().contains(v4))
                .map(Block::label)
                .findFirst();
    }

    /** {@code host:port}, {@code host:low-high}, {@code [v6]:port}; the host made canonical. */
    private static Allowed allowedEntry(String entry) {
        var e = entry.strip();
        var colon = e.startsWith("[") ? e.indexOf("]:") + 1 : e.lastIndexOf(':');
        if (colon <= 0 || !e.startsWith("[") && e.indexOf(':') != colon) {
            throw new IllegalArgumentException(("allowed private host '%s' names no port: write host:port or "
                            + "host:low-high (a whole host is not allowed)")
                    .formatted(e));
        }
        var ports = e.substring(colon + 1).split("-", 2);
        try {
            var low = Integer.parseInt(ports[0]);
            var high = ports.length == 2 ? Integer.parseInt(ports[1]) : low;
            if (low < 1 || high > 65535 || low > high) {
                throw new NumberFormatException();
            }
            return new Allowed(Urls.canonicalHost(e.substring(0, colon)), low, high);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException(
                    "allowed private host '%s' has an invalid port or port range".formatted(e));
        }
    }

    private static Block block(String cidr, String label) {
        return new Block(range(cidr), label);
    }

    private static IPAddress range(String cidr) {
        return new IPAddressString(cidr).getAddress().toPrefixBlock();
    }
}
