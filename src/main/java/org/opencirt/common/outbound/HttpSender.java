package org.opencirt.common.outbound;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.apache.hc.core5.http.ClassicHttpRequest;

/** Where outbound requests leave the service ({@link PinnedSender}); tests put a fence in front of it. */
@FunctionalInterface
public interface HttpSender {

    /**
     * Sends the request over a new connection to one of {@code addresses}, which the caller has
     * checked, without resolving the request's host again; the host stays in {@code Host} and in
     * TLS (server name and certificate check).
     *
     * @param deadline the connection is dropped when it passes, also while the body is read
     * @return the answer, whose body streams from the connection; close it
     */
    Exchange send(ClassicHttpRequest request, List<InetAddress> addresses, Duration connectTimeout, Deadline deadline)
            throws IOException;
}
