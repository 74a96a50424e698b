package org.opencirt.feed.fetch;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencirt.feed.fetch.FetchException.Reason;

/**
 * The SSRF payload set ({@code payloads/ssrf.txt}), one case per payload, through the feed fetcher
 * and through the webhook client. The only server that exists is an allow-listed local feed server;
 * the test sender refuses any connection that is not pinned to it, so a payload that gets through
 * the checks fails with IO, and the assertions on what was pinned and received show where it went.
 */
class SsrfPayloadsTest {

    /** One line of the set. */
    record Payload(String kind, String value, List<String> addresses, Reason expected) {
        @Override
        public String toString() {
            return kind + " " + value + (addresses.isEmpty() ? "" : " -> " + addresses);
        }
    }

    private static final AtomicInteger PATHS = new AtomicInteger();
    private static LocalServer feedServer;

    @BeforeAll
    static void startFeedServer() {
        feedServer = LocalServer.http();
    }

    @AfterAll
    static void stopFeedServer() {
        feedServer.close();
    }

    static Stream<Payload> payloads() throws IOException {
        try (var in = Objects.requireNonNull(SsrfPayloadsTest.class.getResourceAsStream("/payloads/ssrf.txt"))) {
            return new String(in.readAllBytes(), UTF_8).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(SsrfPayloadsTest::payload)
                    .toList().stream();
        }
    }

    private static Payload payload(String line) {
        var fields = Arrays.stream(line.split("\\|")).map(String::strip).toList();
        var reason = Reason.valueOf(fields.getLast());
        var addresses = fields.size() == 4 ? List.of(fields.get(2).split(" ")) : List.<String>of();
        return new Payload(fields.get(0), fields.get(1), addresses, reason);
    }

    /** Answers names from the payload; a rebinding name answers its second address after the first lookup. */
    private static final class PayloadResolver implements HostResolver {
        final List<String> asked = new CopyOnWriteArrayList<>();
        private final Payload payload;
        private final AtomicInteger lookups = new AtomicInteger();

        PayloadResolver(Payload payload) {
            this.payload = payload;
        }

        @Override
        public List<InetAddress> resolve(String host) throws java.net.UnknownHostException {
            asked.add(host);
            if (payload.kind().equals("rebind") && host.equals(payload.value())) {
                return List.of(FakeResolver.literal(payload.addresses().get(Math.min(lookups.getAndIncrement(), 1))));
            }
            if (payload.kind().equals("resolve") && host.equals(payload.value())) {
                return payload.addresses().stream().map(FakeResolver::literal).toList();
            }
            if (host.equals("metadata.example")) {
                return List.of(FakeResolver.literal("169.254.169.254"));
            }
            throw new java.net.UnknownHostException(host);
        }
    }

    /** Where the case sends its request; a redirect payload gets a path of its own on the feed server. */
    private static URI target(Payload payload) {
        return switch (payload.kind()) {
            case "url" -> URI.create(payload.value());
            case "redirect" -> {
                var path = "/redirect-" + PATHS.incrementAndGet();
                feedServer.on(path, exchange -> LocalServer.redirect(exchange, 302, payload.value()));
                yield feedServer.url(path);
            }
            case "resolve", "rebind" -> URI.create("http://%s:%d/admin".formatted(payload.value(), feedServer.port()));
            default -> throw new IllegalArgumentException("unknown payload kind " + payload.kind());
        };
    }

    private static Set<String> allowed() {
        return Set.of("127.0.0.1:" + feedServer.port());
    }

    @ParameterizedTest(name = "fetch {0}")
    @MethodSource("payloads")
    void theFeedFetcherRefusesThePayloadAndConnectsNowhereElse(Payload payload) {
        var received = feedServer.received().size();
        var resolver = new PayloadResolver(payload);
        var sender = new RecordingSender();
        var policy = new FetchPolicy(1 << 20, 1 << 20, Duration.ofSeconds(5), Duration.ofSeconds(20), 5, allowed(), null);

        var e = catchThrowableOfType(FetchException.class,
                () -> new FeedFetcher(policy, resolver, sender).fetch(new FetchRequest(target(payload))));

        assertThat(e).as("refused").isNotNull();
        assertThat(e.reason()).isEqualTo(payload.expected());
        assertThat(feedServer.received().size() - received).isEqualTo(payload.kind().equals("redirect") ? 1 : 0);
        if (payload.kind().equals("url") || payload.kind().equals("resolve")) {
            assertThat(sender.sent).as("nothing sent").isEmpty();
        }
        assertPinnedOnlyAsChecked(payload, resolver, sender);
    }

    @ParameterizedTest(name = "webhook {0}")
    @MethodSource("payloads")
    void theWebhookClientRefusesThePayloadAndFollowsNoRedirect(Payload payload) throws FetchException {
        var received = feedServer.received().size();
        var resolver = new PayloadResolver(payload);
        var sender = new RecordingSender();
        var webhooks = new OutboundHttp(new DestinationGuard(allowed(), resolver), sender, Duration.ofSeconds(5));

        if (payload.kind().equals("redirect")) {
            var url = target(payload);
            assertThat(webhooks.postJson(url, Map.of(), "{}".getBytes(UTF_8))).isEqualTo(302);
            assertThat(feedServer.received().size() - received).isEqualTo(1);
            assertThat(sender.sent).containsExactly(url);
            return;
        }
        var e = catchThrowableOfType(FetchException.class,
                () -> webhooks.postJson(target(payload), Map.of(), "{}".getBytes(UTF_8)));

        assertThat(e).as("refused").isNotNull();
        if (payload.expected() == Reason.IO) {
            assertThat(e.reason()).isEqualTo(Reason.IO);
        } else {
            assertThat(e.reason()).isIn(Reason.BAD_URL, Reason.BLOCKED_DESTINATION);
            assertThat(sender.sent).as("nothing sent").isEmpty();
        }
        assertThat(feedServer.received().size() - received).isZero();
        assertPinnedOnlyAsChecked(payload, resolver, sender);
    }

    /** A rebinding name was looked up once and the connection was pinned to its first (checked) answer. */
    private static void assertPinnedOnlyAsChecked(Payload payload, PayloadResolver resolver, RecordingSender sender) {
        if (payload.kind().equals("rebind")) {
            assertThat(resolver.asked).containsExactly(payload.value());
            assertThat(sender.pinned).singleElement().satisfies(addresses -> assertThat(addresses)
                    .extracting(InetAddress::getHostAddress).containsExactly(payload.addresses().getFirst()));
        }
        for (var addresses : sender.pinned) {
            for (var address : addresses) {
                var local = address.getHostAddress().equals("127.0.0.1");
                var publicAddress = DestinationGuard.blockedReason(address).isEmpty();
                assertThat(local || publicAddress).as("pinned to %s", address).isTrue();
            }
        }
    }

    static {
        // fail loudly if the set goes missing from the test class path
        try {
            if (payloads().findAny().isEmpty()) {
                throw new IllegalStateException("empty SSRF payload set");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
