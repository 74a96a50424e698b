package org.opencirt.feed.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencirt.feed.definition.FeedCatalog;
import org.opencirt.feed.definition.OwnedFeed;
import org.opencirt.feed.repository.FeedRepositories;
import org.opencirt.testing.LocalFeedServer;

/**
 * A run going when the service stops (what the shutdown observer does: ask the runs to stop, wait
 * for them) ends recorded as stopped, writes nothing past the point it stopped at, keeps no
 * validators of the fetch it did not finish, and frees its feed.
 */
@QuarkusTest
class FeedRunStopTest {

    @Inject
    FeedRunner runner;

    @Inject
    FeedCatalog catalog;

    @Inject
    FeedRepositories.Runs runs;

    @Test
    void aRunGoingWhenTheServiceStopsIsRecordedAsStoppedAndTheNextRunFetchesEverything() throws Exception {
        try (var server = new LocalFeedServer()) {
            server.serve("198.51.100.201\n198.51.100.202\n", "\"stop-test\"");
            server.hold();
            var id = "stop-" + UUID.randomUUID().toString().substring(0, 8);
            var feed = new OwnedFeed(null, catalog.check("""
                    id: %s
                    name: Feed stopped at shutdown
                    url: %s
                    format: plain-list
                    """.formatted(id, server.url("/stop.txt"))));

            var runId = runner.runInBackground(feed, "manual");
            // the run is fetching: its request is held by the server
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !server.requests().isEmpty());
            assertThat(runner.stopRuns()).contains(runId);
            server.release();
            assertThat(runner.awaitRunsEnded(FeedRunner.SHUTDOWN_GRACE)).isTrue();

            var run = QuarkusTransaction.requiringNew().call(() -> runs.findById(runId));
            assertThat(run.status).isEqualTo("failed");
            assertThat(run.errorCode).isEqualTo("stopped");
            assertThat(run.error).contains("stopped");
            assertThat(run.finishedAt).isNotNull();
            assertThat(run.parsed).isZero();
            assertThat(run.created).isZero();

            // the feed is free again, and its next run is not conditional on the fetch that was stopped
            var next = runner.run(feed, "manual", null);
            var done = QuarkusTransaction.requiringNew().call(() -> runs.findById(next));
            assertThat(done.status).isEqualTo("succeeded");
            assertThat(done.parsed).isEqualTo(2);
            assertThat(server.requests()).hasSize(2).last().asString().endsWith("if-none-match=null");
        }
    }
}
