package org.opencirt.common.outbound;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.apache.hc.core5.http.ClassicHttpRequest;

/**
 * The outbound clients' own sender, noting every URL a request was sent to and the addresses it was
 * allowed to connect to. Also a fence: only requests pinned to 127.0.0.1 go out; any other is
 * noted and fails without a packet, so a regression in the destination check shows up as a
 * failed assertion on {@link #sent}, never as traffic.
 */
public final class RecordingSender implements HttpSender {

    public final List<URI> sent = new CopyOnWriteArrayList<>();
    public final List<List<InetAddress>> pinned = new CopyOnWriteArrayList<>();
    private final PinnedSender sender;

    public RecordingSender() {
        this.sender = new PinnedSender();
    }

    public RecordingSender(SSLContext tls) {
        this.sender = new PinnedSender(tls);
    }

    @Override
    public Exchange send(
            ClassicHttpRequest request, List<InetAddress> addresses, Duration connectTimeout, Deadline deadline)
            throws IOException {
        try {
            sent.add(request.getUri());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        pinned.add(addresses);
        if (addresses.isEmpty() || !addresses.stream().allMatch(a -> "127.0.0.1".equals(a.getHostAddress()))) {
            throw new ConnectException("test fence: not sent to " + addresses);
        }
        return sender.send(request, addresses, connectTimeout, deadline);
    }
}
