package org.opencirt.common.outbound;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.opencirt.common.outbound.FetchException.Reason;

/**
 * Outbound calls other than feed fetches (playbook webhooks), under the same destination rules:
 * the host resolved once and checked, the connection made to a checked address, no redirect
 * followed, one timeout over the whole call, and errors that echo nothing of the answer.
 */
public final class OutboundHttp {

    private final DestinationGuard guard;
    private final HttpSender sender;
    private final Duration timeout;

    public OutboundHttp(DestinationGuard guard, HttpSender sender, Duration timeout) {
        this.guard = guard;
        this.sender = sender;
        this.timeout = timeout;
    }

    /** With the system's resolver and trust store; {@code allowedPrivateHosts} as {@code host:port} entries. */
    public static OutboundHttp allowing(Set<String> allowedPrivateHosts, Duration timeout) {
        return new OutboundHttp(
                new DestinationGuard(allowedPrivateHosts, HostResolver.system()), new PinnedSender(), timeout);
    }

    /**
     * POSTs {@code body} as JSON and reads no more than the status.
     *
     * @return the status (a redirect is returned as it is, not followed)
     * @throws FetchException BAD_URL, BLOCKED_DESTINATION, TIMEOUT or IO, with a message that names the URL without its query
     */
    public int postJson(URI url, Map<String, String> headers, byte[] body) throws FetchException {
        var checked = Urls.checkHttpUrl(url);
        var addresses = guard.check(checked);
        var deadline = Deadline.after(timeout);
        var post = new HttpPost(checked);
        for (var header : headers.entrySet()) {
            post.addHeader(OutboundHeaders.checked(header.getKey(), header.getValue()));
        }
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        var source = Urls.describe(checked);
        try (var exchange = sender.send(post, addresses, timeout, deadline)) {
            return exchange.status();
        } catch (ConnectTimeoutException e) {
            throw new FetchException(Reason.TIMEOUT, "connect timeout exceeded connecting to " + source, e);
        } catch (IOException e) {
            if (deadline.expired() || e instanceof SocketTimeoutException) {
                throw deadline.timeout("waiting for the answer of " + source, e);
            }
            throw new FetchException(Reason.IO, "requesting %s failed: %s".formatted(source, FetchErrors.ioKind(e)), e);
        }
    }
}
