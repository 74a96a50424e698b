package org.opencirt.common.outbound;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencirt.common.outbound.FetchException.Reason;
import org.opencirt.common.outbound.SsrfPayloads.Payload;

/**
 * The SSRF payload set through the webhook client ({@link OutboundHttp}), one case per payload
 * (the feed fetcher's run is {@code feed.fetch.SsrfPayloadsTest}). The only server that exists is
 * an allow-listed local one; the test sender refuses any connection that is not pinned to it.
 */
class OutboundHttpSsrfTest {

    private static LocalServer server;

    @BeforeAll
    static void startServer() {
        server = LocalServer.http();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    static Stream<Payload> payloads() {
        return SsrfPayloads.all();
    }

    @ParameterizedTest(name = "webhook {0}")
    @MethodSource("payloads")
    void theWebhookClientRefusesThePayloadAndFollowsNoRedirect(Payload payload) throws FetchException {
        var received = server.received().size();
        var resolver = new SsrfPayloads.Resolver(payload);
        var sender = new RecordingSender();
        var webhooks = new OutboundHttp(
                new DestinationGuard(Set.of("127.0.0.1:" + server.port()), resolver), sender, Duration.ofSeconds(5));

        if (payload.kind().equals("redirect")) {
            var url = SsrfPayloads.target(payload, server);
            assertThat(webhooks.postJson(url, Map.of(), "{}".getBytes(UTF_8))).isEqualTo(302);
            assertThat(server.received().size() - received).isEqualTo(1);
            assertThat(sender.sent).containsExactly(url);
            return;
        }
        var e = catchThrowableOfType(
                FetchException.class,
                () -> webhooks.postJson(SsrfPayloads.target(payload, server), Map.of(), "{}".getBytes(UTF_8)));

        assertThat(e).as("refused").isNotNull();
        if (payload.expected() == Reason.IO) {
            assertThat(e.reason()).isEqualTo(Reason.IO);
        } else {
            assertThat(e.reason()).isIn(Reason.BAD_URL, Reason.BLOCKED_DESTINATION);
            assertThat(sender.sent).as("nothing sent").isEmpty();
        }
        assertThat(server.received().size() - received).isZero();
        SsrfPayloads.assertPinnedOnlyAsChecked(payload, resolver, sender);
    }
}
