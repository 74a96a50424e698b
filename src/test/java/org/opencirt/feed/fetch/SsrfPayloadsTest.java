package org.opencirt.feed.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencirt.common.outbound.FetchException;
import org.opencirt.common.outbound.LocalServer;
import org.opencirt.common.outbound.RecordingSender;
import org.opencirt.common.outbound.SsrfPayloads;
import org.opencirt.common.outbound.SsrfPayloads.Payload;

/**
 * The SSRF payload set ({@code payloads/ssrf.txt}) through the feed fetcher, one case per payload
 * (the webhook client's run is {@code common.outbound.OutboundHttpSsrfTest}). The only server that
 * exists is an allow-listed local feed server; the test sender refuses any connection that is not
 * pinned to it, so a payload that gets through the checks fails with IO, and the assertions on what
 * was pinned and received show where it went.
 */
class SsrfPayloadsTest {

    private static LocalServer feedServer;

    @BeforeAll
    static void startFeedServer() {
        feedServer = LocalServer.http();
    }

    @AfterAll
    static void stopFeedServer() {
        feedServer.close();
    }

    static Stream<Payload> payloads() {
        return SsrfPayloads.all();
    }

    @ParameterizedTest(name = "fetch {0}")
    @MethodSource("payloads")
    void theFeedFetcherRefusesThePayloadAndConnectsNowhereElse(Payload payload) {
        var received = feedServer.received().size();
        var resolver = new SsrfPayloads.Resolver(payload);
        var sender = new RecordingSender();
        var policy = new FetchPolicy(
                1 << 20,
                1 << 20,
                Duration.ofSeconds(5),
                Duration.ofSeconds(20),
                5,
                Set.of("127.0.0.1:" + feedServer.port()),
                null);

        var e = catchThrowableOfType(
                FetchException.class,
                () -> new FeedFetcher(policy, resolver, sender)
                        .fetch(new FetchRequest(SsrfPayloads.target(payload, feedServer))));

        assertThat(e).as("refused").isNotNull();
        assertThat(e.reason()).isEqualTo(payload.expected());
        assertThat(feedServer.received().size() - received)
                .isEqualTo(payload.kind().equals("redirect") ? 1 : 0);
        if (payload.kind().equals("url") || payload.kind().equals("resolve")) {
            assertThat(sender.sent).as("nothing sent").isEmpty();
        }
        SsrfPayloads.assertPinnedOnlyAsChecked(payload, resolver, sender);
    }
}
