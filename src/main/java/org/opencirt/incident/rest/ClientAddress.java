package org.opencirt.incident.rest;

import io.vertx.core.http.HttpServerRequest;

/**
 * The client's address as the HTTP layer resolved it. Behind a reverse proxy, set
 * {@code quarkus.http.proxy.proxy-address-forwarding=true} (and trusted proxies) so that this is
 * the real client and not the proxy.
 */
final class ClientAddress {

    private ClientAddress() {
    }

    static String of(HttpServerRequest request) {
        var address = request.remoteAddress();
        return address == null ? "unknown" : address.hostAddress();
    }
}
