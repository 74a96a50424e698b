package org.opencirt.feed.fetch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencirt.common.outbound.FakeResolver;
import org.opencirt.common.outbound.FetchException;
import org.opencirt.common.outbound.FetchException.Reason;
import org.opencirt.common.outbound.HostResolver;
import org.opencirt.common.outbound.LocalServer;
import org.opencirt.common.outbound.RecordingSender;
import org.opencirt.testing.TestTls;

/** The fetcher against real HTTP servers on 127.0.0.1 (allow-listed where a test says so). */
class FeedFetcherTest {

    private static final String CSV = "indicator,type\n198.51.100.7,ip\nevil.example,domain\n";

    private final List<LocalServer> servers = new ArrayList<>();
    private final FakeResolver resolver = new FakeResolver();
    private final RecordingSender sender = new RecordingSender();

    @AfterEach
    void stopServers() {
        servers.forEach(LocalServer::close);
    }

    private LocalServer server() {
        var server = LocalServer.http();
        servers.add(server);
        return server;
    }

    private static FetchPolicy policy(
            long maxBytes, long maxDecompressedBytes, Duration total, int maxRedirects, Set<String> allowed) {
        return new FetchPolicy(
                maxBytes, maxDecompressedBytes, Duration.ofSeconds(5), total, maxRedirects, allowed, null);
    }

    /** 1 MiB, 16 MiB, 20 s, 5 redirects, 127.0.0.1 on the unprivileged ports. */
    private static FetchPolicy loopbackAllowed() {
        return policy(1 << 20, 16 << 20, Duration.ofSeconds(20), 5, Set.of("127.0.0.1:1024-65535"));
    }

    private FeedFetcher fetcher(FetchPolicy policy) {
        return new FeedFetcher(policy, resolver, sender);
    }

    private static FetchResult.Fetched fetched(FetchResult result) {
        assertThat(result).isInstanceOf(FetchResult.Fetched.class);
        return (FetchResult.Fetched) result;
    }

    private static String text(FetchResult result) throws IOException {
        try (var body = fetched(result).body()) {
            return new String(body.readAllBytes(), UTF_8);
        }
    }

    private static byte[] gzip(byte[] data) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    /** Reads until the end or a failure; the bytes delivered before it are counted in {@code delivered[0]}. */
    private static IOException readFailure(InputStream body, long[] delivered) {
        var buffer = new byte[8192];
        try (body) {
            int n;
            while ((n = body.read(buffer)) >= 0) {
                delivered[0] += n;
            }
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- plain, gzip, conditional ---

    @Test
    void plainOkReturnsBodyAndValidatorsAndSendsTheFetcherHeaders() throws IOException {
        var server = server().on("/feed.csv", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/csv");
            exchange.getResponseHeaders().set("ETag", "\"v1\"");
            exchange.getResponseHeaders().set("Last-Modified", "Wed, 21 Oct 2026 07:28:00 GMT");
            LocalServer.respond(exchange, 200, CSV.getBytes(UTF_8));
        });

        var result = fetched(fetcher(loopbackAllowed())
                .fetch(new FetchRequest(server.url("/feed.csv"), Map.of("X-Feed-Client", "opencirt"), null, null)));

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.finalUrl()).isEqualTo(server.url("/feed.csv"));
        assertThat(result.contentType()).isEqualTo("text/csv");
        assertThat(result.etag()).isEqualTo("\"v1\"");
        assertThat(result.lastModified()).isEqualTo("Wed, 21 Oct 2026 07:28:00 GMT");
        assertThat(text(result)).isEqualTo(CSV);
        var request = server.last();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.header("User-Agent")).isEqualTo("OpenCIRT-feed-fetcher/1.0");
        assertThat(request.header("Accept-Encoding")).isEqualTo("gzip");
        assertThat(request.header("X-Feed-Client")).isEqualTo("opencirt");
        assertThat(request.header("If-None-Match")).isNull();
        assertThat(request.header("If-Modified-Since")).isNull();
    }

    @Test
    void thePublicConstructorFetchesFromAnAllowListedLiteralAddress() throws IOException {
        var server = server().on("/feed.csv", exchange -> LocalServer.respond(exchange, 200, CSV.getBytes(UTF_8)));

        var result = new FeedFetcher(loopbackAllowed()).fetch(new FetchRequest(server.url("/feed.csv")));

        assertThat(text(result)).isEqualTo(CSV);
    }

    @Test
    void gzipContentEncodingIsDecompressed() throws IOException {
        var content = CSV.repeat(1000);
        var server = server().on("/feed.csv", exchange -> {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            LocalServer.respond(exchange, 200, gzip(content.getBytes(UTF_8)));
        });

        assertThat(text(fetcher(loopbackAllowed()).fetch(new FetchRequest(server.url("/feed.csv")))))
                .isEqualTo(content);
    }

    @Test
    void aGzPathIsDecompressedWithoutContentEncoding() throws IOException {
        var content = CSV.repeat(1000);
        var server = server().on("/feed.csv.gz", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/gzip");
            LocalServer.respond(exchange, 200, gzip(content.getBytes(UTF_8)));
        });

        assertThat(text(fetcher(loopbackAllowed()).fetch(new FetchRequest(server.url("/feed.csv.gz")))))
                .isEqualTo(content);
    }

    @Test
    void aGzPathThatIsNotGzipIsPassedThroughAsIs() throws IOException {
        var server = server().on("/feed.csv.gz", exchange -> LocalServer.respond(exchange, 200, CSV.getBytes(UTF_8)));

        assertThat(text(fetcher(loopbackAllowed()).fetch(new FetchRequest(server.url("/feed.csv.gz")))))
                .isEqualTo(CSV);
    }

    @Test
    void etagRoundTripAnswersNotModified() throws IOException {
        var server = server().on("/feed.csv", exchange -> {
            if ("\"v7\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            exchange.getResponseHeaders().set("ETag", "\"v7\"");
            LocalServer.respond(exchange, 200, CSV.getBytes(UTF_8));
        });
        var fetcher = fetcher(loopbackAllowed());

        var first = fetched(fetcher.fetch(new FetchRequest(server.url("/feed.csv"))));
        first.body().close();
        var second = fetcher.fetch(new FetchRequest(server.url("/feed.csv"), Map.of(), first.etag(), null));

        assertThat(second).isEqualTo(new FetchResult.NotModified(server.url("/feed.csv")));
        assertThat(server.last().header("If-None-Match")).isEqualTo("\"v7\"");
    }

    @Test
    void lastModifiedRoundTripAnswersNotModified() throws IOException {
        var lastModified = "Tue, 01 Sep 2026 10:00:00 GMT";
        var server = server().on("/feed.csv", exchange -> {
            if (lastModified.equals(exchange.getRequestHeaders().getFirst("If-Modified-Since"))) {
                exchange.sendResponseHeaders(304, -1);
                return;
            }
            exchange.getResponseHeaders().set("Last-Modified", lastModified);
            LocalServer.respond(exchange, 200, CSV.getBytes(UTF_8));
        });
        var fetcher = fetcher(loopbackAllowed());

        var first = fetched(fetcher.fetch(new FetchRequest(server.url("/feed.csv"))));
        first.body().close();
        var second = fetcher.fetch(new FetchRequest(server.url("/feed.csv"), Map.of(), null, first.lastModified()));

        assertThat(second).isInstanceOf(FetchResult.NotModified.class);
        assertThat(server.last().header("If-Modified-Since")).isEqualTo(lastModified);
        assertThat(server.last().header("If-None-Match")).isNull();
    }

    // --- limits ---

    @Test
    void aDeclaredContentLengthOverMaxBytesFailsBeforeReadingTheBody() {
        var server = server().on("/big.csv", exchange -> {
            exchange.sendResponseHeaders(200, 10_000_000);
            exchange.getResponseBody().write('x');
            exchange.getResponseBody().flush();
            sleepQuietly(30_000); // the rest never comes: reading it would hang until the timeout
        });
        var fetcher = fetcher(policy(1000, 1 << 20, Duration.ofSeconds(30), 5, Set.of("127.0.0.1:1024-65535")));
        var start = System.nanoTime();

        var e = catchThrowableOfType(
                FetchLimitExceededException.class, () -> fetcher.fetch(new FetchRequest(server.url("/big.csv"))));

        assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(e).hasMessageContaining("10000000");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aChunkedBodyOverMaxBytesFailsWhileReading() throws IOException {
        var server = server().on("/big.csv", exchange -> {
            exchange.sendResponseHeaders(200, 0); // chunked, no length to check up front
            exchange.getResponseBody().write(new byte[5000]);
        });

        var result = fetched(fetcher(policy(1000, 1 << 20, Duration.ofSeconds(20), 5, Set.of("127.0.0.1:1024-65535")))
                .fetch(new FetchRequest(server.url("/big.csv"))));
        var delivered = new long[1];
        var failure = readFailure(result.body(), delivered);

        assertThat(failure).isInstanceOf(FetchLimitExceededException.class);
        assertThat(((FetchException) failure).reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(delivered[0]).isLessThanOrEqualTo(1000);
    }

    @Test
    void aBodyOfExactlyMaxBytesIsAccepted() throws IOException {
        var server = server().on("/exact.csv", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(new byte[1000]);
        });

        var result = fetcher(policy(1000, 1000, Duration.ofSeconds(20), 5, Set.of("127.0.0.1:1024-65535")))
                .fetch(new FetchRequest(server.url("/exact.csv")));

        try (var body = fetched(result).body()) {
            assertThat(body.readAllBytes()).hasSize(1000);
        }
    }

    @Test
    void maxBytesCountsCompressedBytesOnTheWire() throws IOException {
        var content = "a".repeat(200_000);
        var compressed = gzip(content.getBytes(UTF_8));
        var server = server().on("/feed.csv", exchange -> {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            LocalServer.respond(exchange, 200, compressed);
        });

        var result = fetcher(policy(10_000, 1 << 20, Duration.ofSeconds(20), 5, Set.of("127.0.0.1:1024-65535")))
                .fetch(new FetchRequest(server.url("/feed.csv")));

        assertThat(compressed.length).isLessThan(10_000);
        assertThat(text(result)).hasSize(200_000);
    }

    @Test
    void aGzipBombIsRefusedAtTheDecompressedLimitQuickly() throws IOException {
        // 16 gzip members of 64 MiB of zeros: about 1 MiB that inflates to 1 GiB
        var member = gzip(new byte[64 << 20]);
        var bomb = new ByteArrayOutputStream();
        for (var i = 0; i < 16; i++) {
            bomb.write(member);
        }
        var bytes = bomb.toByteArray();
        var server = server().on("/bomb.csv", exchange -> {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            LocalServer.respond(exchange, 200, bytes);
        });
        var maxDecompressed = 16L << 20;
        var start = System.nanoTime();

        var result = fetched(
                fetcher(policy(100L << 20, maxDecompressed, Duration.ofSeconds(60), 5, Set.of("127.0.0.1:1024-65535")))
                        .fetch(new FetchRequest(server.url("/bomb.csv"))));
        var delivered = new long[1];
        var failure = readFailure(result.body(), delivered);

        assertThat(bytes.length).isLessThan(2 << 20);
        assertThat(failure).isInstanceOf(FetchLimitExceededException.class).hasMessageContaining("decompression");
        assertThat(delivered[0]).isEqualTo(maxDecompressed);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    // --- time ---

    @Test
    void aTricklingServerFailsWithTimeoutAtTheTotalTimeout() throws IOException {
        var server = server().on("/slow.csv", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            for (var i = 0; i < 300; i++) { // 30 s, one byte each 100 ms
                exchange.getResponseBody().write('x');
                exchange.getResponseBody().flush();
                sleepQuietly(100);
            }
        });
        var start = System.nanoTime();

        var result = fetched(fetcher(policy(1 << 20, 1 << 20, Duration.ofSeconds(1), 5, Set.of("127.0.0.1:1024-65535")))
                .fetch(new FetchRequest(server.url("/slow.csv"))));
        var delivered = new long[1];
        var failure = readFailure(result.body(), delivered);
        var elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(failure).isInstanceOf(FetchException.class);
        assertThat(((FetchException) failure).reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(delivered[0]).isPositive();
        assertThat(elapsed).isBetween(Duration.ofMillis(900), Duration.ofSeconds(4));
    }

    @Test
    void aServerThatNeverAnswersFailsWithTimeout() {
        var server = server().on("/silent", exchange -> sleepQuietly(30_000));
        var fetcher = fetcher(policy(1 << 20, 1 << 20, Duration.ofSeconds(1), 5, Set.of("127.0.0.1:1024-65535")));
        var start = System.nanoTime();

        var e = catchThrowableOfType(
                FetchException.class, () -> fetcher.fetch(new FetchRequest(server.url("/silent"))));

        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isBetween(Duration.ofMillis(900), Duration.ofSeconds(4));
    }

    @Test
    void aBodyThatStallsFailsWithTimeout() throws IOException {
        var server = server().on("/stalled.csv", exchange -> {
            exchange.sendResponseHeaders(200, 100);
            exchange.getResponseBody().write(new byte[10]);
            exchange.getResponseBody().flush();
            sleepQuietly(30_000);
        });
        var start = System.nanoTime();

        var result = fetched(fetcher(policy(1 << 20, 1 << 20, Duration.ofSeconds(1), 5, Set.of("127.0.0.1:1024-65535")))
                .fetch(new FetchRequest(server.url("/stalled.csv"))));
        var failure = readFailure(result.body(), new long[1]);

        assertThat(failure).isInstanceOf(FetchException.class);
        assertThat(((FetchException) failure).reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isBetween(Duration.ofMillis(900), Duration.ofSeconds(4));
    }

    @Test
    void closingTheBodyEarlyDropsTheConnection() throws Exception {
        var serverSawTheClose = new CountDownLatch(1);
        var server = server().on("/endless.csv", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            var block = new byte[8192];
            try {
                for (var i = 0; i < 100_000; i++) { // 800 MB: only stops early if the client goes away
                    exchange.getResponseBody().write(block);
                }
            } catch (IOException e) {
                serverSawTheClose.countDown();
            }
        });

        var result = fetched(fetcher(loopbackAllowed()).fetch(new FetchRequest(server.url("/endless.csv"))));
        try (var body = result.body()) {
            assertThat(body.readNBytes(10)).hasSize(10);
        }

        assertThat(serverSawTheClose.await(10, TimeUnit.SECONDS)).isTrue();
    }

    // --- redirects ---

    /** /r/N redirects to /r/N-1 (relative or absolute path, alternately); /r/0 answers. */
    private LocalServer redirectChain() {
        return server().on("/r/", exchange -> {
            var n = Integer.parseInt(exchange.getRequestURI().getPath().substring(3));
            if (n == 0) {
                LocalServer.respond(exchange, 200, "done".getBytes(UTF_8));
            } else {
                LocalServer.redirect(
                        exchange, n % 2 == 0 ? 301 : 302, n % 2 == 0 ? "/r/" + (n - 1) : String.valueOf(n - 1));
            }
        });
    }

    @Test
    void aRedirectChainWithinTheLimitIsFollowed() throws IOException {
        var server = redirectChain();

        var result = fetched(fetcher(loopbackAllowed()).fetch(new FetchRequest(server.url("/r/5"))));

        assertThat(text(result)).isEqualTo("done");
        assertThat(result.finalUrl()).isEqualTo(server.url("/r/0"));
        assertThat(server.received())
                .extracting(LocalServer.Received::path)
                .containsExactly("/r/5", "/r/4", "/r/3", "/r/2", "/r/1", "/r/0");
    }

    @Test
    void aRedirectChainOverTheLimitFailsWithTooManyRedirects() {
        var server = redirectChain();

        var e = catchThrowableOfType(
                FetchException.class, () -> fetcher(loopbackAllowed()).fetch(new FetchRequest(server.url("/r/6"))));

        assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_REDIRECTS);
        assertThat(server.received()).extracting(LocalServer.Received::path).doesNotContain("/r/0");
    }

    @Test
    void aRedirectToAHostResolvingToTheMetadataAddressIsRefusedWithoutConnecting() {
        resolver.answer("metadata.example", "169.254.169.254");
        var server = server().on(
                        "/feed",
                        exchange -> LocalServer.redirect(exchange, 302, "http://metadata.example/latest/meta-data/"));

        var e = catchThrowableOfType(
                FetchException.class, () -> fetcher(loopbackAllowed()).fetch(new FetchRequest(server.url("/feed"))));

        assertThat(e.reason()).isEqualTo(Reason.BLOCKED_DESTINATION);
        assertThat(e).hasMessageContaining("169.254.169.254").hasMessageContaining("link-local");
        assertThat(resolver.asked).containsExactly("metadata.example");
        assertThat(sender.sent).containsExactly(server.url("/feed"));
    }

    @Test
    void aRedirectToTheLiteralMetadataAddressIsRefusedWithoutConnecting() {
        var server = server().on(
                        "/feed",
                        exchange -> LocalServer.redirect(exchange, 307, "http://169.254.169.254/latest/meta-data/"));

        var e = catchThrowableOfType(
                FetchException.class, () -> fetcher(loopbackAllowed()).fetch(new FetchRequest(server.url("/feed"))));

        assertThat(e.reason()).isEqualTo(Reason.BLOCKED_DESTINATION);
        assertThat(sender.sent).containsExactly(server.url("/feed"));
    }

    @Test
    void aRedirectToALoopbackPortThatIsNotAllowListedIsRefused() {
        var internal = server().on("/", exchange -> LocalServer.respond(exchange, 200, "internal".getBytes(UTF_8)));
        var feed = server().on(
                        "/feed",
                        exchange -> LocalServer.redirect(
                                exchange, 302, internal.url("/admin").toString()));
        var policy = policy(1 << 20, 1 << 20, Duration.ofSeconds(20), 5, Set.of("127.0.0.1:" + feed.port()));

        var e = catchThrowableOfType(
                FetchException.class, () -> fetcher(policy).fetch(new FetchRequest(feed.url("/feed"))));

        assertThat(e.reason()).isEqualTo(Reason.BLOCKED_DESTINATION);
        assertThat(internal.received()).isEmpty();
        assertThat(sender.sent).containsExactly(feed.url("/feed"));
    }

    @Test
    void aRedirectToAFileUrlIsRefused() {
        var server = server().on("/feed", exchange -> LocalServer.redirect(exchange, 302, "file:///etc/passwd"));

        var e = catchThrowableOfType(
                FetchException.class, () -> fetcher(loopbackAllowed()).fetch(new FetchRequest(server.url("/feed"))));

        assertThat(e.reason()).isEqualTo(Reason.BLOCKED_DESTINATION);
    }

    /** Proxy-Authorization is left out: the HttpClient itself never sends it to an origin server. */
    private static final Map<String, String> CREDENTIALS = Map.of(
            "Authorization", "Bearer s3cr3t",
            "Cookie", "session=abc",
            "X-Api-Key", "k-123",
            "X-Auth-Token", "t-456",
            "Client-Secret", "c-789");

    private static Map<String, String> credentialsAndMore() {
        var headers = new java.util.HashMap<>(CREDENTIALS);
        headers.put("X-Feed-Client", "opencirt");
        return headers;
    }

    @Test
    void credentialsAreKeptOnASameOriginRedirect() throws IOException {
        var server = server().on("/start", exchange -> LocalServer.redirect(exchange, 302, "/final"))
                .on("/final", exchange -> LocalServer.respond(exchange, 200, CSV.getBytes(UTF_8)));

        text(fetcher(loopbackAllowed())
                .fetch(new FetchRequest(server.url("/start"), credentialsAndMore(), null, null)));

        var atFinal = server.last();
        assertThat(atFinal.path()).isEqualTo("/final");
        CREDENTIALS.forEach(
                (name, value) -> assertThat(atFinal.header(name)).as(name).isEqualTo(value));
        assertThat(atFinal.header("X-Feed-Client")).isEqualTo("opencirt");
    }

    @Test
    void credentialsAreDroppedOnACrossOriginRedirect() throws IOException {
        var other = server().on("/final", exchange -> LocalServer.respond(exchange, 200, CSV.getBytes(UTF_8)));
        var server = server().on(
                        "/start",
                        exchange -> LocalServer.redirect(
                                exchange, 302, other.url("/final").toString()));

        text(fetcher(loopbackAllowed())
                .fetch(new FetchRequest(server.url("/start"), credentialsAndMore(), null, null)));

        var atStart = server.last();
        CREDENTIALS.forEach(
                (name, value) -> assertThat(atStart.header(name)).as(name).isEqualTo(value));
        var atOther = other.last();
        CREDENTIALS
                .keySet()
                .forEach(name -> assertThat(atOther.header(name)).as(name).isNull());
        assertThat(atOther.header("X-Feed-Client"))
                .as("any header of the feed may carry a credential")
                .isNull();
        assertThat(atOther.header("User-Agent")).isEqualTo("OpenCIRT-feed-fetcher/1.0");
    }

    @Test
    void credentialsStayDroppedWhenTheChainComesBackToTheOriginalOrigin() throws IOException {
        var origin = server();
        var other = server().on(
                        "/bounce",
                        exchange -> LocalServer.redirect(
                                exchange, 302, origin.url("/final").toString()));
        origin.on(
                        "/start",
                        exchange -> LocalServer.redirect(
                                exchange, 302, other.url("/bounce").toString()))
                .on("/final", exchange -> LocalServer.respond(exchange, 200, CSV.getBytes(UTF_8)));

        text(fetcher(loopbackAllowed())
                .fetch(new FetchRequest(origin.url("/start"), credentialsAndMore(), null, null)));

        var atFinal = origin.last();
        assertThat(atFinal.path()).isEqualTo("/final");
        CREDENTIALS
                .keySet()
                .forEach(name -> assertThat(atFinal.header(name)).as(name).isNull());
    }

    @Test
    void anHttpsFeedIsFetchedButItsRedirectToHttpIsRefused() throws Exception {
        var tls = TestTls.selfSigned();
        {
            var plain = server().on("/feed.csv", exchange -> LocalServer.respond(exchange, 200, CSV.getBytes(UTF_8)));
            var secure = LocalServer.https(tls.context());
            servers.add(secure);
            secure.on("/feed.csv", exchange -> LocalServer.respond(exchange, 200, CSV.getBytes(UTF_8)))
                    .on(
                            "/moved",
                            exchange -> LocalServer.redirect(
                                    exchange, 301, plain.url("/feed.csv").toString()));
            var recording = new RecordingSender(tls.context());
            var fetcher = new FeedFetcher(loopbackAllowed(), resolver, recording);

            assertThat(text(fetcher.fetch(new FetchRequest(secure.url("/feed.csv")))))
                    .isEqualTo(CSV);
            var e = catchThrowableOfType(
                    FetchException.class, () -> fetcher.fetch(new FetchRequest(secure.url("/moved"))));

            assertThat(e.reason()).isEqualTo(Reason.BLOCKED_DESTINATION);
            assertThat(e).hasMessageContaining("https to http");
            assertThat(plain.received()).isEmpty();
            assertThat(recording.sent).containsExactly(secure.url("/feed.csv"), secure.url("/moved"));
        }
    }

    // --- the connection goes to the address that was checked ---

    @Test
    void aNameIsConnectedToAtTheCheckedAddressWithItsHostHeaderAndIsNotResolvedAgain() throws IOException {
        var server = server().on("/feed.csv", exchange -> LocalServer.respond(exchange, 200, CSV.getBytes(UTF_8)));
        resolver.answer("feeds.test", "127.0.0.1");
        var policy = policy(1 << 20, 1 << 20, Duration.ofSeconds(20), 5, Set.of("feeds.test:" + server.port()));

        var result = fetcher(policy)
                .fetch(new FetchRequest(URI.create("http://feeds.test:%d/feed.csv".formatted(server.port()))));

        assertThat(text(result)).isEqualTo(CSV);
        assertThat(server.last().header("Host")).isEqualTo("feeds.test:" + server.port());
        assertThat(resolver.asked).containsExactly("feeds.test");
        assertThat(sender.pinned)
                .singleElement()
                .satisfies(addresses -> assertThat(addresses)
                        .extracting(java.net.InetAddress::getHostAddress)
                        .containsExactly("127.0.0.1"));
    }

    @Test
    void aNameThatRebindsToLoopbackAfterTheCheckIsNeverConnectedToThere() {
        var server = server().on("/", exchange -> LocalServer.respond(exchange, 200, "internal".getBytes(UTF_8)));
        var answers = new java.util.concurrent.atomic.AtomicInteger();
        HostResolver rebinding =
                host -> List.of(FakeResolver.literal(answers.getAndIncrement() == 0 ? "93.184.215.14" : "127.0.0.1"));
        var fetcher = new FeedFetcher(loopbackAllowed(), rebinding, sender);

        var e = catchThrowableOfType(
                FetchException.class,
                () -> fetcher.fetch(
                        new FetchRequest(URI.create("http://rebind.test:%d/admin".formatted(server.port())))));

        assertThat(e.reason()).isEqualTo(Reason.IO);
        assertThat(answers).hasValue(1);
        assertThat(sender.pinned)
                .singleElement()
                .satisfies(addresses -> assertThat(addresses)
                        .extracting(java.net.InetAddress::getHostAddress)
                        .containsExactly("93.184.215.14"));
        assertThat(server.received()).isEmpty();
    }

    @Test
    void tlsChecksTheCertificateAgainstTheHostNameNotTheAddressConnectedTo() throws Exception {
        var tls = TestTls.selfSigned();
        var secure = LocalServer.https(tls.context());
        servers.add(secure);
        secure.on("/feed.csv", exchange -> LocalServer.respond(exchange, 200, CSV.getBytes(UTF_8)));
        resolver.answer("feeds.test", "127.0.0.1").answer("other.test", "127.0.0.1");
        var policy = policy(
                1 << 20,
                1 << 20,
                Duration.ofSeconds(20),
                5,
                Set.of("feeds.test:" + secure.port(), "other.test:" + secure.port()));
        var fetcher = new FeedFetcher(policy, resolver, new RecordingSender(tls.context()));

        var named =
                fetcher.fetch(new FetchRequest(URI.create("https://feeds.test:%d/feed.csv".formatted(secure.port()))));
        var e = catchThrowableOfType(
                FetchException.class,
                () -> fetcher.fetch(
                        new FetchRequest(URI.create("https://other.test:%d/feed.csv".formatted(secure.port())))));

        assertThat(text(named)).isEqualTo(CSV);
        assertThat(e.reason()).isEqualTo(Reason.IO);
        assertThat(e).hasMessageContaining("TLS");
        assertThat(secure.received()).hasSize(1);
    }

    @Test
    void theFeedsOwnHeadersAreNotSentAfterTheOriginChangesWhateverTheirNames() throws IOException {
        var other = server().on("/final", exchange -> LocalServer.respond(exchange, 200, CSV.getBytes(UTF_8)));
        var server = server().on(
                        "/start",
                        exchange -> LocalServer.redirect(
                                exchange, 302, other.url("/final").toString()));
        var headers = Map.of("X-Partner-Id", "p-1", "Apikey-Header-Renamed", "v-2", "PRIVATE-TOKEN", "v-3");

        text(fetcher(loopbackAllowed()).fetch(new FetchRequest(server.url("/start"), headers, null, null)));

        headers.forEach(
                (name, value) -> assertThat(server.last().header(name)).as(name).isEqualTo(value));
        headers.keySet()
                .forEach(name -> assertThat(other.last().header(name)).as(name).isNull());
    }

    // --- status ---

    @Test
    void notFoundFailsWithHttpStatus404() {
        var server = server().on(
                        "/gone.csv", exchange -> LocalServer.respond(exchange, 404, "no such feed".getBytes(UTF_8)));

        var e = catchThrowableOfType(
                FetchException.class,
                () -> fetcher(loopbackAllowed()).fetch(new FetchRequest(server.url("/gone.csv"))));

        assertThat(e.reason()).isEqualTo(Reason.HTTP_STATUS);
        assertThat(e.httpStatus()).isEqualTo(404);
        assertThat(e).hasMessageContaining("HTTP 404").hasMessageNotContaining("no such feed");
    }

    @Test
    void serverErrorFailsWithHttpStatus500AndNothingOfTheBodyOrTheQuery() {
        var server = server().on(
                        "/broken.csv",
                        exchange -> LocalServer.respond(exchange, 500, ("E".repeat(10_000)).getBytes(UTF_8)));

        var e = catchThrowableOfType(
                FetchException.class,
                () -> fetcher(loopbackAllowed()).fetch(new FetchRequest(server.url("/broken.csv?apikey=k-123"))));

        assertThat(e.reason()).isEqualTo(Reason.HTTP_STATUS);
        assertThat(e.httpStatus()).isEqualTo(500);
        assertThat(e.getMessage())
                .isEqualTo("HTTP 500 from " + server.url("/broken.csv"))
                .doesNotContain("EEE")
                .doesNotContain("k-123");
    }

    @Test
    void aRefusedConnectionFailsWithIo() {
        var server = server();
        var url = server.url("/feed.csv");
        server.close();

        var e = catchThrowableOfType(
                FetchException.class, () -> fetcher(loopbackAllowed()).fetch(new FetchRequest(url)));

        assertThat(e.reason()).isEqualTo(Reason.IO);
    }

    // --- refused before any request ---

    @Test
    void loopbackThatIsNotAllowListedIsRefusedBeforeAnyRequest() {
        var server = server().on("/", exchange -> LocalServer.respond(exchange, 200, CSV.getBytes(UTF_8)));
        var policy = policy(1 << 20, 1 << 20, Duration.ofSeconds(20), 5, Set.of());

        var e = catchThrowableOfType(
                FetchException.class, () -> fetcher(policy).fetch(new FetchRequest(server.url("/feed.csv"))));

        assertThat(e.reason()).isEqualTo(Reason.BLOCKED_DESTINATION);
        assertThat(e).hasMessageContaining("loopback");
        assertThat(server.received()).isEmpty();
        assertThat(sender.sent).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://10.1.2.3/feed.csv",
                "http://169.254.169.254/latest/meta-data/",
                "https://192.168.1.1/",
                "http://[fd00::1]/feed",
                "http://[::ffff:10.1.2.3]/",
                "http://0.0.0.0:8080/",
                "http://[::1]/",
                "http://100.64.0.1/",
                "http://224.0.0.1/",
                "http://172.16.5.4:8443/"
            })
    void literalPrivateAddressesAreRefusedBeforeAnyRequest(String url) {
        var e = catchThrowableOfType(
                FetchException.class, () -> fetcher(loopbackAllowed()).fetch(new FetchRequest(URI.create(url))));

        assertThat(e.reason()).isEqualTo(Reason.BLOCKED_DESTINATION);
        assertThat(sender.sent).isEmpty();
        assertThat(resolver.asked).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://feeds.example/feed.csv",
                "gopher://feeds.example/",
                "ldap://feeds.example/o=x",
                "jar:file:/tmp/feeds.jar!/feed.csv",
                "data:text/plain,198.51.100.7",
                "mailto:feeds@example.org",
                "feeds.example/feed.csv",
                "//feeds.example/feed.csv"
            })
    void unsupportedSchemesAreRefused(String url) {
        var e = catchThrowableOfType(
                FetchException.class, () -> fetcher(loopbackAllowed()).fetch(new FetchRequest(URI.create(url))));

        assertThat(e.reason()).isEqualTo(Reason.BAD_URL);
        assertThat(sender.sent).isEmpty();
    }

    @Test
    void credentialsInTheUrlAreRefused() {
        var e = catchThrowableOfType(
                FetchException.class,
                () -> fetcher(loopbackAllowed())
                        .fetch(new FetchRequest(URI.create("https://user:pw@feeds.example/feed.csv"))));

        assertThat(e.reason()).isEqualTo(Reason.BAD_URL);
        assertThat(e.getMessage()).doesNotContain("pw");
        assertThat(sender.sent).isEmpty();
    }

    @Test
    void aHeaderValueWithALineBreakIsRefused() {
        var server = server().on("/", exchange -> LocalServer.respond(exchange, 200, CSV.getBytes(UTF_8)));

        assertThatThrownBy(() -> fetcher(loopbackAllowed())
                        .fetch(new FetchRequest(
                                server.url("/feed.csv"), Map.of("X-Api-Key", "k\r\nX-Injected: 1"), null, null)))
                .isInstanceOfSatisfying(
                        FetchException.class, e -> assertThat(e.reason()).isEqualTo(Reason.BAD_URL));
        assertThat(server.received()).isEmpty();
    }
}
