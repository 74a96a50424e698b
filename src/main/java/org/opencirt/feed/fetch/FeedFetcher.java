package org.opencirt.feed.fetch;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.opencirt.common.outbound.Deadline;
import org.opencirt.common.outbound.DestinationGuard;
import org.opencirt.common.outbound.Exchange;
import org.opencirt.common.outbound.FetchErrors;
import org.opencirt.common.outbound.FetchException;
import org.opencirt.common.outbound.FetchException.Reason;
import org.opencirt.common.outbound.HostResolver;
import org.opencirt.common.outbound.HttpSender;
import org.opencirt.common.outbound.OutboundHeaders;
import org.opencirt.common.outbound.PinnedSender;
import org.opencirt.common.outbound.Urls;
import org.opencirt.feed.fetch.LimitedStreams.Decoding;

/**
 * Fetches one feed resource over {@code https}, {@code http} or {@code file:} within a
 * {@link FetchPolicy}: destinations checked before every connection, redirects followed by hand
 * and re-checked, the feed's headers kept to the original origin, conditional GET, gzip, limits on
 * the wire and after decompression, and one total timeout over headers and body.
 *
 * <h2>Destinations and DNS rebinding</h2>
 * Before each request (the first and every redirect) the host is resolved once and refused if ANY
 * of its addresses is loopback, private, link-local, unique-local, carrier-grade NAT, unspecified,
 * multicast, broadcast/reserved or documentation (also inside IPv4-mapped, NAT64 and 6to4
 * addresses), unless the policy allow-lists that {@code host:port}. Numeric hosts other than plain
 * {@code a.b.c.d} ({@code 2130706433}, {@code 0x7f.1}, {@code 010.1.2.3}) are refused, since
 * resolvers disagree on what they mean. The request then connects to one of exactly those checked
 * addresses ({@link PinnedSender}): the host is never looked up a second time, so a name that
 * answers a public address to the check and a private one later (DNS rebinding) cannot move the
 * connection; {@code Host}, the TLS server name and the certificate check keep the host name.
 *
 * <h2>Redirects and credentials</h2>
 * 301, 302, 303, 307 and 308 are followed with GET, at most {@link FetchPolicy#maxRedirects()}
 * times; {@code https} to {@code http} and redirects to {@code file:} are refused
 * ({@code BLOCKED_DESTINATION}). Once the chain leaves the origin (scheme, host, port) of the
 * requested URL, none of the request's own headers is sent any more (whatever their names: any of
 * them may carry a credential), also if the chain comes back later; only the fetcher's
 * {@code User-Agent} and {@code Accept-Encoding} go on.
 *
 * <h2>Errors</h2>
 * Messages name the reason, the URL without its query, the HTTP status and byte counts; never a
 * header, a header value or anything of the fetched content.
 *
 * <h2>Time and size</h2>
 * The total timeout starts with {@link #fetch} and also bounds reading the returned body, the
 * caller's own time between reads included (the connection is dropped when it passes). The connect
 * timeout is per connection. The body is gunzipped when the response says
 * {@code Content-Encoding: gzip}; then, whatever its name, content that starts with the gzip magic
 * is gunzipped and a zip archive is unzipped (its files in order as one body; see
 * {@code LimitedStreams}); the wire and the decompressed limits are counted separately while
 * streaming (the decompressed one over everything gunzip and unzip give); a
 * {@code Content-Length} over the wire limit fails before reading.
 * <p>
 * One instance per feed run; it is thread-safe. Each request has its own connection (HTTP/1.1, no
 * reuse, no cookies, no proxy).
 */
public final class FeedFetcher {

    static final String USER_AGENT = "OpenCIRT-feed-fetcher/1.0";
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    /** Headers the fetcher sets itself; the request's own values are ignored. */
    private static final Set<String> OWN_HEADERS = Set.of("accept-encoding", "if-none-match", "if-modified-since");

    private final FetchPolicy policy;
    private final DestinationGuard guard;
    private final HttpSender sender;

    public FeedFetcher(FetchPolicy policy) {
        this(policy, HostResolver.system());
    }

    FeedFetcher(FetchPolicy policy, HostResolver resolver) {
        this(policy, resolver, new PinnedSender());
    }

    FeedFetcher(FetchPolicy policy, HostResolver resolver, HttpSender sender) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.guard = new DestinationGuard(policy.allowedPrivateHosts(), Objects.requireNonNull(resolver, "resolver"));
        this.sender = Objects.requireNonNull(sender, "sender");
    }

    /**
     * Fetches the resource, following redirects.
     *
     * @return {@link FetchResult.NotModified} on 304, else {@link FetchResult.Fetched} with a body
     *         the caller must close
     * @throws FetchException with the {@link Reason}; nothing was connected to when the reason is
     *                        {@code BAD_URL} or {@code BLOCKED_DESTINATION} for the requested URL
     */
    public FetchResult fetch(FetchRequest request) throws FetchException {
        Objects.requireNonNull(request, "request");
        var deadline = Deadline.after(policy.totalTimeout());
        var url = request.url();
        if ("file".equals(Urls.scheme(url))) {
            return FileFetcher.fetch(url, request, policy, deadline);
        }
        return fetchHttp(Urls.checkHttpUrl(url), request, deadline);
    }

    private FetchResult fetchHttp(URI url, FetchRequest request, Deadline deadline) throws FetchException {
        var origin = Urls.Origin.of(url);
        var sameOrigin = true;
        var current = url;
        for (var redirects = 0; ; redirects++) {
            var addresses = guard.check(current);
            var exchange = send(request(current, request, sameOrigin, deadline), addresses, current, deadline);
            try {
                var status = exchange.status();
                var location = exchange.header("Location");
                if (REDIRECTS.contains(status) && location.isPresent()) {
                    exchange.close();
                    if (request.jsonBody() != null) {
                        throw new FetchException(
                                status,
                                "HTTP %d from %s: a POST is not redirected".formatted(status, Urls.describe(current)));
                    }
                    if (redirects >= policy.maxRedirects()) {
                        throw new FetchException(
                                Reason.TOO_MANY_REDIRECTS,
                                "more than %d redirects from %s".formatted(policy.maxRedirects(), Urls.describe(url)));
                    }
                    current = redirectTarget(current, location.get());
                    sameOrigin &= Urls.Origin.of(current).equals(origin);
                    continue;
                }
                if (status == 304) {
                    exchange.close();
                    return new FetchResult.NotModified(current);
                }
                if (status >= 200 && status < 300) {
                    return fetched(current, exchange, deadline);
                }
                exchange.close();
                throw new FetchException(status, "HTTP %d from %s".formatted(status, Urls.describe(current)));
            } catch (FetchException | RuntimeException e) {
                exchange.close();
                throw e;
            }
        }
    }

    private FetchResult fetched(URI url, Exchange exchange, Deadline deadline) throws FetchException {
        long length = -1;
        var declared = exchange.header("Content-Length");
        if (declared.isPresent()) {
            try {
                length = Long.parseLong(declared.get().strip());
            } catch (NumberFormatException e) {
                throw new FetchException(Reason.IO, "invalid Content-Length from " + Urls.describe(url));
            }
        }
        if (length > policy.maxBytes()) {
            throw new FetchLimitExceededException(
                    "%s declares %d bytes, more than %d".formatted(Urls.describe(url), length, policy.maxBytes()));
        }
        var decoding = Decoding.of(gzipEncoded(url, exchange.headers("Content-Encoding")));
        var stream = LimitedStreams.body(exchange.body(), decoding, policy, deadline, Urls.describe(url));
        return new FetchResult.Fetched(
                url,
                exchange.status(),
                exchange.header("Content-Type").orElse(null),
                exchange.header("ETag").orElse(null),
                exchange.header("Last-Modified").orElse(null),
                stream);
    }

    private static boolean gzipEncoded(URI url, List<String> contentEncodings) throws FetchException {
        var gzip = false;
        for (var value : contentEncodings) {
            for (var coding : value.split(",")) {
                var c = coding.strip().toLowerCase(Locale.ROOT);
                if (c.equals("gzip") || c.equals("x-gzip")) {
                    if (gzip) {
                        throw new FetchException(Reason.IO, "gzip applied twice by " + Urls.describe(url));
                    }
                    gzip = true;
                } else if (!c.isEmpty() && !c.equals("identity")) {
                    throw new FetchException(Reason.IO, "unsupported Content-Encoding from " + Urls.describe(url));
                }
            }
        }
        return gzip;
    }

    private static ClassicHttpRequest request(URI url, FetchRequest request, boolean sameOrigin, Deadline deadline)
            throws FetchException {
        deadline.check("before requesting " + Urls.describe(url));
        ClassicHttpRequest get;
        if (request.jsonBody() == null) {
            get = new HttpGet(url);
        } else {
            var post = new HttpPost(url);
            post.setEntity(new ByteArrayEntity(request.jsonBody(), ContentType.APPLICATION_JSON));
            get = post;
        }
        var userAgent = false;
        if (sameOrigin) {
            for (var header : request.headers().entrySet()) {
                var name = header.getKey().toLowerCase(Locale.ROOT);
                if (OWN_HEADERS.contains(name)) {
                    continue;
                }
                userAgent |= name.equals("user-agent");
                get.addHeader(OutboundHeaders.checked(header.getKey(), header.getValue()));
            }
        }
        if (!userAgent) {
            get.setHeader("User-Agent", USER_AGENT);
        }
        get.setHeader("Accept-Encoding", "gzip");
        if (request.etag() != null) {
            get.setHeader(OutboundHeaders.checked("If-None-Match", request.etag()));
        }
        if (request.lastModified() != null) {
            get.setHeader(OutboundHeaders.checked("If-Modified-Since", request.lastModified()));
        }
        return get;
    }

    private Exchange send(ClassicHttpRequest request, List<InetAddress> addresses, URI url, Deadline deadline)
            throws FetchException {
        var source = Urls.describe(url);
        try {
            return sender.send(request, addresses, policy.connectTimeout(), deadline);
        } catch (ConnectTimeoutException e) {
            throw new FetchException(
                    Reason.TIMEOUT,
                    "connect timeout of %s exceeded connecting to %s".formatted(policy.connectTimeout(), source),
                    e);
        } catch (IOException e) {
            if (deadline.expired() || e instanceof SocketTimeoutException) {
                throw deadline.timeout("waiting for the response of " + source, e);
            }
            throw new FetchException(Reason.IO, "requesting %s failed: %s".formatted(source, FetchErrors.ioKind(e)), e);
        }
    }

    /**
     * Where a redirect leads: the {@code Location} resolved against the current URL.
     *
     * @throws FetchException BLOCKED_DESTINATION from {@code https} to {@code http} or to
     *                        {@code file:}; BAD_URL for an invalid location or another scheme
     */
    static URI redirectTarget(URI from, String location) throws FetchException {
        URI next;
        try {
            var base = from.getRawPath() == null || from.getRawPath().isEmpty()
                    ? new URI(from.getScheme() + "://" + from.getRawAuthority() + "/")
                    : from;
            next = base.resolve(new URI(location.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new FetchException(
                    Reason.BAD_URL, "redirect from %s to an invalid location".formatted(Urls.describe(from)));
        }
        if ("file".equals(Urls.scheme(next))) {
            throw new FetchException(
                    Reason.BLOCKED_DESTINATION,
                    "redirect from %s to a file: URL refused".formatted(Urls.describe(from)));
        }
        next = Urls.checkHttpUrl(next);
        if ("https".equals(Urls.scheme(from)) && "http".equals(Urls.scheme(next))) {
            throw new FetchException(
                    Reason.BLOCKED_DESTINATION,
                    "redirect from https to http refused: %s -> %s"
                            .formatted(Urls.describe(from), Urls.describe(next)));
        }
        return next;
    }
}
