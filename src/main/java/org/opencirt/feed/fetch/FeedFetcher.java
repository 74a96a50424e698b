package org.opencirt.feed.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.opencirt.feed.fetch.FetchException.Reason;
import org.opencirt.feed.fetch.LimitedStreams.Decoding;

/**
 * Fetches one feed resource over {@code https}, {@code http} or {@code file:} within a
 * {@link FetchPolicy}: destinations checked before every connection, redirects followed by hand
 * and re-checked, credentials kept to the original origin, conditional GET, gzip, limits on the
 * wire and after decompression, and one total timeout over headers and body.
 *
 * <h2>Destinations and DNS rebinding</h2>
 * Before each request (the first and every redirect) the host is resolved and refused if ANY of
 * its addresses is loopback, private, link-local, unique-local, carrier-grade NAT, unspecified,
 * multicast, broadcast/reserved or documentation (also inside IPv4-mapped, NAT64 and 6to4
 * addresses), unless the policy allow-lists {@code host} or {@code host:port}. Numeric hosts other
 * than plain {@code a.b.c.d} ({@code 2130706433}, {@code 0x7f.1}, {@code 010.1.2.3}) are refused,
 * since resolvers disagree on what they mean.
 * <p>
 * Residual risk: {@code java.net.http.HttpClient} has no hook for a custom resolver or for the
 * address it connects to, so it resolves the host a second time when it connects. A name that
 * answers with a public address to the check and a private one to the connection (DNS
 * rebinding) is therefore not fully excluded here. What limits it: the check uses the JVM's own
 * resolver, whose positive cache ({@code networkaddress.cache.ttl}, 30 s by default, whatever TTL
 * the DNS answer carries) normally serves the HttpClient the very answer that was checked; do not
 * set that property to 0. The remaining window is a cache entry expiring between the check and the
 * connect (or a proxy resolving names itself). Deployments should keep the egress network policy
 * (only DNS and the configured feed hosts) as the enforcing layer; the alternative, connecting to
 * the checked address with a {@code Host} header, would need the restricted {@code Host} header
 * unlocked JVM-wide and would break TLS server-name checks.
 *
 * <h2>Redirects and credentials</h2>
 * 301, 302, 303, 307 and 308 are followed with GET, at most {@link FetchPolicy#maxRedirects()}
 * times; {@code https} to {@code http} and redirects to {@code file:} are refused
 * ({@code BLOCKED_DESTINATION}). Once the chain leaves the origin (scheme, host, port) of the
 * requested URL, credential headers ({@code Authorization}, {@code Cookie},
 * {@code Proxy-Authorization}, names containing {@code key}, {@code token} or {@code secret}) are
 * no longer sent, also if it comes back later.
 *
 * <h2>Time and size</h2>
 * The total timeout starts with {@link #fetch} and also bounds reading the returned body, the
 * caller's own time between reads included. The connect timeout is per connection. The body is
 * gunzipped when the response says {@code Content-Encoding: gzip} and when the path ends in
 * {@code .gz} (if it starts with the gzip magic); the wire and the decompressed limits are counted
 * separately while streaming; a {@code Content-Length} over the wire limit fails before reading.
 * <p>
 * One instance per feed run; it is thread-safe. The HttpClients behind it are shared per connect
 * timeout (HTTP/1.1, no redirects, no cookies, the JVM's default proxy selector).
 */
public final class FeedFetcher {

    static final String USER_AGENT = "OpenCIRT-feed-fetcher/1.0";
    private static final int ERROR_EXCERPT_CHARS = 200;
    private static final Duration ERROR_BODY_WAIT = Duration.ofSeconds(2);
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    /** Headers the fetcher sets itself; the request's own values are ignored. */
    private static final Set<String> OWN_HEADERS = Set.of("accept-encoding", "if-none-match", "if-modified-since");
    private static final ConcurrentMap<Duration, HttpClient> CLIENTS = new ConcurrentHashMap<>();

    private final FetchPolicy policy;
    private final DestinationGuard guard;
    private final HttpSender sender;

    public FeedFetcher(FetchPolicy policy) {
        this(policy, HostResolver.system());
    }

    FeedFetcher(FetchPolicy policy, HostResolver resolver) {
        this(policy, resolver, client(policy.connectTimeout())::sendAsync);
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
        var sendCredentials = true;
        var current = url;
        for (var redirects = 0; ; redirects++) {
            guard.check(current);
            var response = send(request(current, request, sendCredentials, deadline), current, deadline);
            var body = (ResponseBodyStream) response.body();
            try {
                var status = response.statusCode();
                if (REDIRECTS.contains(status) && response.headers().firstValue("Location").isPresent()) {
                    body.close();
                    if (redirects >= policy.maxRedirects()) {
                        throw new FetchException(Reason.TOO_MANY_REDIRECTS, "more than %d redirects from %s"
                                .formatted(policy.maxRedirects(), Urls.describe(url)));
                    }
                    current = redirectTarget(current, response.headers().firstValue("Location").get());
                    sendCredentials &= Urls.Origin.of(current).equals(origin);
                    continue;
                }
                if (status == 304) {
                    body.close();
                    return new FetchResult.NotModified(current);
                }
                if (status >= 200 && status < 300) {
                    return fetched(current, response, body, deadline);
                }
                throw new FetchException(status, "HTTP %d from %s%s".formatted(status, Urls.describe(current),
                        excerpt(current, response.headers(), body, deadline)));
            } catch (FetchException | RuntimeException e) {
                body.close();
                throw e;
            }
        }
    }

    private FetchResult fetched(URI url, HttpResponse<InputStream> response, ResponseBodyStream body, Deadline deadline)
            throws FetchException {
        var headers = response.headers();
        OptionalLong length;
        try {
            length = headers.firstValueAsLong("Content-Length");
        } catch (NumberFormatException e) {
            throw new FetchException(Reason.IO, "invalid Content-Length from " + Urls.describe(url), e);
        }
        if (length.isPresent() && length.getAsLong() > policy.maxBytes()) {
            throw new FetchLimitExceededException("%s declares %d bytes, more than %d"
                    .formatted(Urls.describe(url), length.getAsLong(), policy.maxBytes()));
        }
        var decoding = Decoding.of(gzipEncoded(url, headers), url.getPath() != null
                && url.getPath().toLowerCase(Locale.ROOT).endsWith(".gz"));
        var stream = LimitedStreams.body(body, decoding, policy, deadline, Urls.describe(url));
        return new FetchResult.Fetched(url, response.statusCode(), headers.firstValue("Content-Type").orElse(null),
                headers.firstValue("ETag").orElse(null), headers.firstValue("Last-Modified").orElse(null), stream);
    }

    private static boolean gzipEncoded(URI url, HttpHeaders headers) throws FetchException {
        var gzip = false;
        for (var value : headers.allValues("Content-Encoding")) {
            for (var coding : value.split(",")) {
                var c = coding.strip().toLowerCase(Locale.ROOT);
                if (c.equals("gzip") || c.equals("x-gzip")) {
                    if (gzip) {
                        throw new FetchException(Reason.IO, "gzip applied twice by " + Urls.describe(url));
                    }
                    gzip = true;
                } else if (!c.isEmpty() && !c.equals("identity")) {
                    throw new FetchException(Reason.IO, "unsupported Content-Encoding '%s' from %s"
                            .formatted(c, Urls.describe(url)));
                }
            }
        }
        return gzip;
    }

    private HttpRequest request(URI url, FetchRequest request, boolean sendCredentials, Deadline deadline)
            throws FetchException {
        deadline.check("before requesting " + Urls.describe(url));
        var builder = HttpRequest.newBuilder(url).GET().timeout(deadline.remaining());
        var userAgent = false;
        for (var header : request.headers().entrySet()) {
            var name = header.getKey().toLowerCase(Locale.ROOT);
            if (OWN_HEADERS.contains(name) || !sendCredentials && isCredentialHeader(name)) {
                continue;
            }
            userAgent |= name.equals("user-agent");
            try {
                builder.header(header.getKey(), header.getValue());
            } catch (IllegalArgumentException e) {
                // neither the JDK's message nor the cause: both quote the value, which can be a credential
                throw new FetchException(Reason.BAD_URL, "header '%s' cannot be sent: characters a header cannot carry"
                        .formatted(header.getKey()));
            }
        }
        if (!userAgent) {
            builder.header("User-Agent", USER_AGENT);
        }
        builder.header("Accept-Encoding", "gzip");
        try {
            if (request.etag() != null) {
                builder.header("If-None-Match", request.etag());
            }
            if (request.lastModified() != null) {
                builder.header("If-Modified-Since", request.lastModified());
            }
        } catch (IllegalArgumentException e) {
            throw new FetchException(Reason.BAD_URL, "invalid validator for a conditional request", e);
        }
        return builder.build();
    }

    private HttpResponse<InputStream> send(HttpRequest request, URI url, Deadline deadline) throws FetchException {
        var source = Urls.describe(url);
        HttpResponse.BodyHandler<InputStream> handler = info -> new ResponseBodyStream(deadline, source);
        CompletableFuture<HttpResponse<InputStream>> future;
        try {
            future = sender.send(request, handler);
        } catch (IllegalArgumentException e) {
            throw new FetchException(Reason.BAD_URL, "cannot request %s: %s".formatted(source, e.getMessage()), e);
        }
        try {
            return future.get(Math.max(deadline.remainingNanos(), 0), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abandon(future);
            throw deadline.timeout("waiting for the response of " + source);
        } catch (InterruptedException e) {
            abandon(future);
            Thread.currentThread().interrupt();
            throw new FetchException(Reason.IO, "interrupted while requesting " + source, e);
        } catch (CancellationException e) {
            throw new FetchException(Reason.IO, "request to %s cancelled".formatted(source), e);
        } catch (ExecutionException e) {
            throw failure(e.getCause(), source, deadline);
        }
    }

    private FetchException failure(Throwable cause, String source, Deadline deadline) {
        if (cause instanceof HttpConnectTimeoutException) {
            return new FetchException(Reason.TIMEOUT, "connect timeout of %s exceeded connecting to %s"
                    .formatted(policy.connectTimeout(), source), cause);
        }
        if (cause instanceof HttpTimeoutException || deadline.expired()) {
            return deadline.timeout("waiting for the response of " + source, cause);
        }
        if (cause instanceof ConnectException) {
            return new FetchException(Reason.IO, "cannot connect to %s: %s".formatted(source, cause.getMessage()), cause);
        }
        if (cause instanceof SSLException) {
            return new FetchException(Reason.IO, "TLS with %s failed: %s".formatted(source, cause.getMessage()), cause);
        }
        return new FetchException(Reason.IO, "requesting %s failed: %s".formatted(source, cause), cause);
    }

    /** A response that arrives after we stopped waiting is closed, not left holding a connection. */
    private static void abandon(CompletableFuture<HttpResponse<InputStream>> future) {
        future.cancel(true);
        future.thenAccept(response -> LimitedStreams.closeQuietly(response.body()));
    }

    /** {@code ": "} and at most 200 characters of an error body, control characters flattened; or nothing. */
    private String excerpt(URI url, HttpHeaders headers, ResponseBodyStream body, Deadline deadline) {
        body.limitWaitsTo(deadline.atMost(ERROR_BODY_WAIT));
        var bytes = new byte[ERROR_EXCERPT_CHARS * 4];
        var n = 0;
        var decoding = Decoding.NONE;
        try {
            decoding = Decoding.of(gzipEncoded(url, headers), false);
        } catch (FetchException e) {
            // an unknown encoding: the raw bytes will do
        }
        try (var in = LimitedStreams.body(body, decoding, policy, deadline, Urls.describe(url))) {
            while (n < bytes.length) {
                var r = in.read(bytes, n, bytes.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        } catch (IOException e) {
            // the status is the failure; the body is a courtesy
        }
        var text = new String(bytes, 0, n, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}+", " ").strip();
        if (text.length() > ERROR_EXCERPT_CHARS) {
            var end = Character.isHighSurrogate(text.charAt(ERROR_EXCERPT_CHARS - 1))
                    ? ERROR_EXCERPT_CHARS - 1 : ERROR_EXCERPT_CHARS;
            text = text.substring(0, end);
        }
        return text.isEmpty() ? "" : ": " + text;
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
                    ? new URI(from.getScheme() + "://" + from.getRawAuthority() + "/") : from;
            next = base.resolve(new URI(location.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new FetchException(Reason.BAD_URL, "redirect from %s to an invalid location".formatted(Urls.describe(from)), e);
        }
        if ("file".equals(Urls.scheme(next))) {
            throw new FetchException(Reason.BLOCKED_DESTINATION,
                    "redirect from %s to a file: URL refused".formatted(Urls.describe(from)));
        }
        next = Urls.checkHttpUrl(next);
        if ("https".equals(Urls.scheme(from)) && "http".equals(Urls.scheme(next))) {
            throw new FetchException(Reason.BLOCKED_DESTINATION, "redirect from https to http refused: %s -> %s"
                    .formatted(Urls.describe(from), Urls.describe(next)));
        }
        return next;
    }

    /** Headers not sent once a redirect leaves the original origin. */
    static boolean isCredentialHeader(String name) {
        var n = name.toLowerCase(Locale.ROOT);
        return n.equals("authorization") || n.equals("cookie") || n.equals("proxy-authorization")
                || n.contains("key") || n.contains("token") || n.contains("secret");
    }

    /** The shared client for a connect timeout. */
    static HttpClient client(Duration connectTimeout) {
        return CLIENTS.computeIfAbsent(connectTimeout, timeout -> HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build());
    }
}
