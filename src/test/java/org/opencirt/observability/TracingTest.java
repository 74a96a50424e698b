package org.opencirt.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.KeycloakUsers;
import org.opencirt.testing.LocalFeedServer;

/**
 * Traces: an incident POST and a feed run each leave a span with its name, and the SQL they ran as JDBC spans
 * under it. The tests keep spans in memory ({@link RecentSpans}); production sends none unless configured.
 */
@QuarkusTest
class TracingTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");
    private static final AttributeKey<String> DB_SYSTEM_NAME = AttributeKey.stringKey("db.system.name");

    private static LocalFeedServer server;

    @Inject
    RecentSpans spans;

    @Inject
    KeycloakUsers users;

    @BeforeAll
    static void startFeedServer() throws Exception {
        server = new LocalFeedServer();
    }

    @AfterAll
    static void stopFeedServer() {
        server.close();
    }

    @Test
    void anIncidentPostIsAServerSpanWithJdbcSpansUnderIt() {
        var cirt = Touch.newCirt(users);
        var id = Touch.incident(cirt.token(), "traced");

        await().atMost(PATIENCE).untilAsserted(() -> {
            var server = spans.all().stream()
                    .filter(span -> span.getKind() == SpanKind.SERVER
                            && span.getName().equals("POST /api/v1/incidents")
                            && span.getEndEpochNanos() > 0)
                    .toList();
            assertThat(server).isNotEmpty();
            var last = server.getLast();
            assertThat(last.getAttributes().get(AttributeKey.longKey("http.response.status_code")))
                    .isEqualTo(201L);
            assertThat(jdbcUnder(last)).as("JDBC spans under the POST").isNotEmpty();
        });
        assertThat(id).isNotBlank();
    }

    @Test
    void aFeedRunIsASpanWithItsSqlUnderIt() {
        var cirt = Touch.newCirt(users);
        server.serve(Touch.indicators(2), "\"t-" + UUID.randomUUID() + "\"");
        var feed = Touch.feed(cirt.token(), server, "/traced.txt");
        assertThat(Touch.run(cirt.token(), feed)).isEqualTo("succeeded");

        await().atMost(PATIENCE).untilAsserted(() -> {
            var runs = spans.all().stream()
                    .filter(span -> span.getName().equals("feed.run")
                            && (cirt.id() + "/" + feed)
                                    .equals(span.getAttributes().get(AttributeKey.stringKey("feed"))))
                    .toList();
            assertThat(runs).hasSize(1);
            assertThat(jdbcUnder(runs.getFirst()))
                    .as("JDBC spans under the run")
                    .isNotEmpty();
            assertThat(spans.all())
                    .as("the run's indicators written to Elasticsearch in its trace")
                    .anySatisfy(span -> {
                        assertThat(span.getName()).isEqualTo("elasticsearch.indicators.upsert");
                        assertThat(span.getTraceId()).isEqualTo(runs.getFirst().getTraceId());
                    });
        });
    }

    /** The JDBC spans whose chain of parents leads to {@code root}. */
    private List<SpanData> jdbcUnder(SpanData root) {
        var all = spans.all();
        return all.stream()
                .filter(span -> span.getKind() == SpanKind.CLIENT
                        && ("postgresql".equals(span.getAttributes().get(DB_SYSTEM))
                                || "postgresql".equals(span.getAttributes().get(DB_SYSTEM_NAME)))
                        && span.getTraceId().equals(root.getTraceId())
                        && descendsFrom(span, root, all))
                .toList();
    }

    private static boolean descendsFrom(SpanData span, SpanData root, List<SpanData> all) {
        var parent = span.getParentSpanId();
        for (int depth = 0; depth < 20; depth++) {
            if (parent.equals(root.getSpanId())) {
                return true;
            }
            var current = parent;
            var next = all.stream().filter(s -> s.getSpanId().equals(current)).findFirst();
            if (next.isEmpty()) {
                return false;
            }
            parent = next.get().getParentSpanId();
        }
        return false;
    }
}
