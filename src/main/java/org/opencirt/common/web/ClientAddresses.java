package org.opencirt.common.web;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The address of the client behind a request, for rate limits: the connection's peer, unless
 * the peer is a configured proxy ({@code opencirt.client-address.trusted-proxies}). Then
 * {@code X-Forwarded-For} is read from the right (what the nearest proxy appended) past every
 * trusted proxy; the first other address is the client. Entries further left were written by
 * the client itself and are never believed, so a forged header cannot escape a limit.
 *
 * <p>The peer is the socket's, not Quarkus's forwarded address: keep
 * {@code quarkus.http.proxy.proxy-address-forwarding} off, or its leftmost-entry rule would
 * apply first.
 */
@ApplicationScoped
public class ClientAddresses {

    static final String FORWARDED_FOR = "X-Forwarded-For";
    /** Entries of X-Forwarded-For looked at, at most: a proxy chain is short, a flood of entries is not. */
    static final int MAX_HOPS = 20;

    private final List<IPAddress> trusted;

    @jakarta.inject.Inject
    ClientAddresses(ClientAddressConfig config) {
        this(config.trustedProxies().orElse(List.of()));
    }

    /** @throws IllegalArgumentException naming the first value that is not an address or CIDR block */
    ClientAddresses(List<String> trustedProxies) {
        var parsed = new ArrayList<IPAddress>();
        for (var value : trustedProxies) {
            IPAddress address;
            try {
                address = new IPAddressString(value.strip()).toAddress();
            } catch (AddressStringException e) {
                address = null;
            }
            if (address == null) {
                throw new IllegalArgumentException(
                        "opencirt.client-address.trusted-proxies: '%s' is not an IP address or CIDR block"
                                .formatted(value));
            }
            parsed.add(address);
        }
        this.trusted = List.copyOf(parsed);
    }

    /** The client's address for a request. */
    public String of(HttpServerRequest request) {
        var peer = request.connection() == null
                ? request.remoteAddress()
                : request.connection().remoteAddress();
        return resolve(
                peer == null ? "unknown" : peer.hostAddress(), request.headers().getAll(FORWARDED_FOR));
    }

    /** The client's address given the peer and the {@code X-Forwarded-For} headers in order. */
    String resolve(String peer, List<String> forwardedFor) {
        if (!isTrusted(peer) || forwardedFor.isEmpty()) {
            return peer;
        }
        var hops = new ArrayList<String>();
        for (var header : forwardedFor) {
            for (var entry : header.split(",", -1)) {
                hops.add(entry.strip());
            }
        }
        var client = peer;
        for (int i = hops.size() - 1; i >= Math.max(0, hops.size() - MAX_HOPS); i--) {
            var hop = new IPAddressString(hops.get(i)).getAddress();
            if (hop == null) {
                return client; // not an address: the nearest believed hop is all we know
            }
            client = hop.withoutPrefixLength().toCanonicalString();
            if (!isTrusted(hop)) {
                return client;
            }
        }
        return client;
    }

    private boolean isTrusted(String address) {
        var parsed = new IPAddressString(address).getAddress();
        return parsed != null && isTrusted(parsed);
    }

    private boolean isTrusted(IPAddress address) {
        var plain = address.isIPv6() && address.toIPv6().isIPv4Mapped()
                ? address.toIPv6().getEmbeddedIPv4Address()
                : address;
        return trusted.stream().anyMatch(block -> block.contains(plain));
    }
}
