package org.opencirt.common.web;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** How the service tells a client's address (rate limits, anonymous callers) behind proxies. */
@ConfigMapping(prefix = "opencirt.client-address")
public interface ClientAddressConfig {

    /**
     * The reverse proxies (load balancer, ingress) whose {@code X-Forwarded-For} is believed:
     * addresses or CIDR blocks, such as {@code 10.0.0.0/8,192.0.2.10}. A request from any other
     * peer is counted under the peer's own address, whatever headers it sends. Empty: no proxy
     * is believed. A value that is not an address or block stops the start-up.
     */
    Optional<List<String>> trustedProxies();
}
