package org.opencirt.feed.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.feed.definition.FeedCatalog;
import org.opencirt.feed.definition.OwnedFeed;
import org.opencirt.feed.repository.FeedRepositories;
import org.opencirt.observability.Scrape;
import org.opencirt.testing.LocalFeedServer;

/**
 * A feed run holds its feed through a lease in PostgreSQL: what another replica holds, this one
 * cannot start; what a killed replica held expires and is marked abandoned; a run that lost its
 * lease stops without writing over the record. Another replica is played by rows written here.
 */
@QuarkusTest
class FeedRunLeaseTest {

    @Inject
    FeedRunner runner;

    @Inject
    FeedCatalog catalog;

    @Inject
    FeedRepositories.Runs runs;

    @Inject
    EntityManager em;

    private OwnedFeed feed(LocalFeedServer server) {
        var id = "lease-" + UUID.randomUUID().toString().substring(0, 8);
        return new OwnedFeed(null, catalog.check("""
                id: %s
                name: Feed with a lease
                url: %s
                format: plain-list
                """.formatted(id, server.url("/lease.txt"))));
    }

    /** A run recorded as running by another replica, whose last heartbeat was {@code ago}. */
    private UUID runningElsewhere(OwnedFeed feed, Duration ago) {
        var id = UUID.randomUUID();
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("""
                        insert into feed_run (id, tenant, feed_id, trigger, status, started_at, heartbeat_at)
                        values (?1, null, ?2, 'schedule', 'running', now() - interval '1 hour', now() - make_interval(secs => ?3))
                        """)
                        .setParameter(1, id)
                        .setParameter(2, feed.id())
                        .setParameter(3, (double) ago.toSeconds())
                        .executeUpdate());
        return id;
    }

    private String status(UUID runId) {
        return QuarkusTransaction.requiringNew().call(() -> runs.findById(runId).status);
    }

    @Test
    void aFeedRunningOnAnotherReplicaAnswersConflict() throws Exception {
        try (var server = new LocalFeedServer()) {
            server.serve("198.51.100.211\n", "\"a\"");
            var feed = feed(server);
            var other = runningElsewhere(feed, Duration.ofSeconds(5));

            assertThatThrownBy(() -> runner.run(feed, "manual", null))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.CONFLICT))
                    .hasMessageContaining("already running");
            assertThat(status(other)).isEqualTo("running");
            assertThat(server.requests()).as("nothing fetched").isEmpty();
        }
    }

    @Test
    void aRunWhoseReplicaWasKilledIsAbandonedAndTheFeedRunsAgain() throws Exception {
        try (var server = new LocalFeedServer()) {
            server.serve("198.51.100.212\n", "\"b\"");
            var feed = feed(server);
            var killed = runningElsewhere(feed, Duration.ofMinutes(5));

            var next = runner.run(feed, "schedule", Instant.now());

            assertThat(status(killed)).isEqualTo("abandoned");
            var abandoned = QuarkusTransaction.requiringNew().call(() -> runs.findById(killed));
            assertThat(abandoned.errorCode).isEqualTo("abandoned");
            assertThat(abandoned.finishedAt).isNotNull();
            assertThat(status(next)).isEqualTo("succeeded");
        }
    }

    @Test
    void theLeaseTickAbandonsExpiredRunsWithoutWaitingForANewRun() throws Exception {
        try (var server = new LocalFeedServer()) {
            var feed = feed(server);
            var killed = runningElsewhere(feed, Duration.ofMinutes(5));
            var alive = runningElsewhere(feed(server), Duration.ofSeconds(5));

            var before = Scrape.now().value("opencirt_feed_runs_total", "result", "abandoned", "cirt", "platform");
            runner.renewLeases();

            assertThat(status(killed)).isEqualTo("abandoned");
            assertThat(status(alive))
                    .as("another replica's run renewed 5 s ago")
                    .isEqualTo("running");
            // at least: the background tick may abandon another test's stale row meanwhile
            assertThat(Scrape.now().value("opencirt_feed_runs_total", "result", "abandoned", "cirt", "platform"))
                    .isGreaterThanOrEqualTo(before + 1);
        }
    }

    @Test
    void twoStartsOfOneFeedAtOnceStartOneRun() throws Exception {
        try (var server = new LocalFeedServer()) {
            server.serve("198.51.100.213\n", "\"c\"");
            server.hold();
            var feed = feed(server);
            var go = new CountDownLatch(1);
            var attempts = new ArrayList<CompletableFuture<Object>>();
            for (int i = 0; i < 4; i++) {
                attempts.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                        return runner.runInBackground(feed, "manual");
                    } catch (ApiException e) {
                        return e.type();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            go.countDown();
            var outcomes = attempts.stream().map(CompletableFuture::join).toList();
            server.release();
            assertThat(outcomes).filteredOn(UUID.class::isInstance).hasSize(1);
            assertThat(outcomes).filteredOn(ProblemType.CONFLICT::equals).hasSize(3);
            var started = (UUID)
                    outcomes.stream().filter(UUID.class::isInstance).findFirst().orElseThrow();
            await().atMost(Duration.ofSeconds(60)).until(() -> !"running".equals(status(started)));
            assertThat(status(started)).isEqualTo("succeeded");
        }
    }

    @Test
    void aRunThatLostItsLeaseStopsAndLeavesTheRecordAbandoned() throws Exception {
        try (var server = new LocalFeedServer()) {
            server.serve("198.51.100.214\n198.51.100.215\n", "\"d\"");
            server.hold();
            var feed = feed(server);
            var runId = runner.runInBackground(feed, "manual");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !server.requests().isEmpty());

            // another replica decided this run's replica was gone
            QuarkusTransaction.requiringNew()
                    .run(() -> em.createNativeQuery(
                                    "update feed_run set status = 'abandoned', error_code = 'abandoned', finished_at = now() where id = ?1")
                            .setParameter(1, runId)
                            .executeUpdate());
            runner.renewLeases();
            server.release();

            assertThat(runner.awaitRunsEnded(FeedRunner.SHUTDOWN_GRACE)).isTrue();
            var run = QuarkusTransaction.requiringNew().call(() -> runs.findById(runId));
            assertThat(run.status).isEqualTo("abandoned");
            assertThat(run.created)
                    .as("nothing written after the lease was lost")
                    .isZero();
        }
    }
}
