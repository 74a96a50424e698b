package org.opencirt.common.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Name resolution for the destination check; tests plug in their own answers. */
@FunctionalInterface
public interface HostResolver {

    List<InetAddress> resolve(String host) throws UnknownHostException;

    /**
     * The JVM's resolver, whose cache ({@code networkaddress.cache.ttl}, 30 s by default) the
     * {@code HttpClient} shares when it connects moments later.
     */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
