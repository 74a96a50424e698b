package org.opencirt.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.opencirt.feed.FeedFixtures.awaitFinishedRuns;
import static org.opencirt.feed.FeedFixtures.definition;
import static org.opencirt.feed.FeedFixtures.newFeedId;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencirt.indicator.model.Match;
import org.opencirt.indicator.service.IndicatorService;
import org.opencirt.observable.Observable;
import org.opencirt.observable.ObservableType;
import org.opencirt.testing.Api;
import org.opencirt.testing.KeycloakUsers;
import org.opencirt.testing.LocalFeedServer;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;

/** CIRT feeds run on their schedule, in their CIRT, without a request behind them. */
@QuarkusTest
class FeedScheduleTest {

    private static LocalFeedServer server;

    @Inject
    KeycloakUsers users;

    @Inject
    IndicatorService indicators;

    @Inject
    Scheduler quartz;

    @BeforeAll
    static void startFeedServer() throws Exception {
        server = new LocalFeedServer();
    }

    @AfterAll
    static void stopFeedServer() {
        server.close();
    }

    @Test
    void aCirtFeedAddedThroughTheApiRunsOnItsScheduleInItsCirt() throws Exception {
        var cirt = FeedFixtures.newCirt(users);
        server.serve("198.51.100.91\n", "\"scheduled\"");
        var feed = newFeedId();
        Api.as(cirt.token())
                .contentType("application/yaml")
                .body(definition(feed, server.url("/scheduled.txt"), "schedule: \"*/2 * * * * ?\""))
                .post("/api/v1/feeds")
                .then()
                .statusCode(201);

        try {
            assertThat(awaitFinishedRuns(cirt.token(), feed, "schedule")).last().isEqualTo("succeeded");
            var matches = indicators.match(cirt.id(), List.of(new Observable(ObservableType.IPV4, "198.51.100.91")));
            assertThat(matches).extracting(Match::feeds).containsExactly(List.of(feed));
            assertThat(indicators.match("cert-ab", List.of(new Observable(ObservableType.IPV4, "198.51.100.91"))))
                    .isEmpty();
        } finally {
            FeedFixtures.disable(cirt.token(), feed, server.url("/scheduled.txt"));
        }
    }

    @Test
    void aCirtWhoseFeedsFloodTheSchedulerHoldsOneThreadAndAnotherCirtsFeedStillRuns() throws Exception {
        var flooding = FeedFixtures.newCirt(users);
        var patient = FeedFixtures.newCirt(users);
        var every2s = "schedule: \"*/2 * * * * ?\"";
        try (var stuck = new LocalFeedServer()) {
            stuck.serve("198.51.100.150\n", "\"stuck\"");
            stuck.hold();
            var floods = new java.util.ArrayList<String>();
            for (int i = 0; i < 6; i++) {
                var id = newFeedId();
                Api.as(flooding.token())
                        .contentType("application/yaml")
                        .body(definition(id, stuck.url("/flood.txt"), every2s))
                        .post("/api/v1/feeds")
                        .then()
                        .statusCode(201);
                floods.add(id);
            }
            server.serve("198.51.100.151\n", "\"patient\"");
            var feed = newFeedId();
            Api.as(patient.token())
                    .contentType("application/yaml")
                    .body(definition(feed, server.url("/patient.txt"), every2s))
                    .post("/api/v1/feeds")
                    .then()
                    .statusCode(201);
            try {
                assertThat(awaitFinishedRuns(patient.token(), feed, "schedule"))
                        .last()
                        .isEqualTo("succeeded");
                var usage = Api.as(flooding.token())
                        .get("/api/v1/quotas")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath();
                assertThat(usage.getInt("feeds.runsGoing")).isEqualTo(1);
                var skipped = floods.stream()
                        .flatMap(id -> Api.as(flooding.token())
                                .get("/api/v1/feeds/%s/runs?limit=200".formatted(id))
                                .then()
                                .extract()
                                .jsonPath()
                                .getList("findAll { it.status == 'skipped' }.error", String.class)
                                .stream())
                        .toList();
                assertThat(skipped)
                        .isNotEmpty()
                        .allSatisfy(e -> assertThat(e).contains("already has 1 feed run(s) going"));
            } finally {
                for (var id : floods) {
                    FeedFixtures.disable(flooding.token(), id, stuck.url("/flood.txt"));
                }
                FeedFixtures.disable(patient.token(), feed, server.url("/patient.txt"));
            }
        }
    }

    @Test
    void aFeedThatOutlastsItsIntervalRunsOnceForTheFiringsItMissedNotOncePerFiring() throws Exception {
        var cirt = FeedFixtures.newCirt(users);
        var feed = newFeedId();
        try (var slow = new LocalFeedServer()) {
            slow.serve("198.51.100.152\n", "\"slow\"");
            slow.hold();
            Api.as(cirt.token())
                    .contentType("application/yaml")
                    .body(definition(feed, slow.url("/slow.txt"), "schedule: \"*/2 * * * * ?\""))
                    .post("/api/v1/feeds")
                    .then()
                    .statusCode(201);
            try {
                // the first run hangs on its fetch; Quartz holds the feed's trigger back at the firing after it
                var trigger = TriggerKey.triggerKey(cirt.id() + "/" + feed, "feeds");
                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            var next = quartz.getTrigger(trigger) == null
                                    ? null
                                    : quartz.getTrigger(trigger).getNextFireTime();
                            // three firings or more missed
                            return next != null
                                    && next.toInstant().isBefore(Instant.now().minusSeconds(5));
                        });
                var released = Instant.now();
                slow.release();

                // the hung run, one run for the firings it blocked, and the next regular firing
                await().atMost(Duration.ofSeconds(90))
                        .pollInterval(Duration.ofMillis(300))
                        .until(() -> scheduledRuns(cirt.token(), feed).stream()
                                        .filter(run -> !"running".equals(run.get("status")))
                                        .count()
                                >= 3);
                var firings = scheduledRuns(cirt.token(), feed).stream()
                        .map(run -> Instant.parse((String) run.get("scheduledFor")))
                        .sorted()
                        .toList();
                assertThat(firings).as("one run per firing").doesNotHaveDuplicates();
                assertThat(firings.subList(1, firings.size()))
                        .as(
                                "after the hung run (released at %s), none for a firing it blocked but the newest",
                                released)
                        .allSatisfy(firing -> assertThat(firing).isAfter(released.minusSeconds(2)));
            } finally {
                FeedFixtures.disable(cirt.token(), feed, slow.url("/slow.txt"));
            }
        }
    }

    /** The feed's scheduled runs, as the API lists them. */
    private static List<Map<String, Object>> scheduledRuns(String token, String feedId) {
        return Api.as(token)
                .get("/api/v1/feeds/%s/runs?limit=200".formatted(feedId))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("findAll { it.trigger == 'schedule' }");
    }
}
