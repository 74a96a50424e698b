package org.opencirt.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.opencirt.feed.FeedFixtures.definition;
import static org.opencirt.feed.FeedFixtures.newFeedId;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencirt.common.usage.UsageCounters;
import org.opencirt.testing.Api;
import org.opencirt.testing.KeycloakUsers;
import org.opencirt.testing.LocalFeedServer;

/** Fair use of the platform by a CIRT's own feeds: how many, how often, how many bytes, how many at once. */
@QuarkusTest
class FeedQuotaTest {

    private static LocalFeedServer server;

    @Inject
    KeycloakUsers users;

    @Inject
    UsageCounters usage;

    @BeforeAll
    static void startFeedServer() throws Exception {
        server = new LocalFeedServer();
    }

    @AfterAll
    static void stopFeedServer() {
        server.close();
    }

    private static String add(String token, String id, String path, String extra) {
        Api.as(token)
                .contentType("application/yaml")
                .body(definition(id, server.url(path), extra))
                .post("/api/v1/feeds")
                .then()
                .statusCode(201);
        return id;
    }

    @Test
    void oneFeedMoreThanTheCirtsQuotaIsRefusedWithAClearProblem() {
        var cirt = FeedFixtures.newCirt(users);
        var quota = Api.as(cirt.token())
                .get("/api/v1/quotas")
                .then()
                .statusCode(200)
                .body("tenant", equalTo(cirt.id()))
                .body("feeds.feeds", equalTo(0))
                .extract()
                .jsonPath()
                .getInt("feeds.maxFeeds");
        for (int i = 0; i < quota; i++) {
            add(cirt.token(), newFeedId(), "/many.txt", "");
        }
        Api.as(cirt.token())
                .contentType("application/yaml")
                .body(definition(newFeedId(), server.url("/many.txt"), ""))
                .post("/api/v1/feeds")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("has %d feeds, the most it may have".formatted(quota)))
                .body("errors.pointer", hasItem("/"));
        Api.as(cirt.token()).get("/api/v1/quotas").then().body("feeds.feeds", equalTo(quota));
        // another CIRT is not affected
        add(FeedFixtures.newCirt(users).token(), newFeedId(), "/many.txt", "");
    }

    @Test
    void aScheduleMoreFrequentThanTheMinimumIsRefusedAtItsField() {
        Api.asUser("cd-admin")
                .contentType("application/yaml")
                .body(definition(newFeedId(), server.url("/often.txt"), "schedule: \"* * * * * ?\""))
                .post("/api/v1/feeds")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.pointer", hasItem("/schedule"))
                .body("errors.find { it.pointer == '/schedule' }.message", containsString("at most every PT2S"));
        // two fire times close together inside an otherwise slow schedule are found too
        Api.asUser("cd-admin")
                .contentType("application/yaml")
                .body(definition(newFeedId(), server.url("/often.txt"), "schedule: \"0,1 0 3 * * ?\""))
                .post("/api/v1/feeds")
                .then()
                .statusCode(400)
                .body("errors.pointer", hasItem("/schedule"));
    }

    @Test
    void aManualRunWhileTheCirtsRunIsGoingAnswers429WithRetryAfter() {
        var cirt = FeedFixtures.newCirt(users);
        var slow = add(cirt.token(), newFeedId(), "/held.txt", "");
        var other = add(cirt.token(), newFeedId(), "/other.txt", "");
        server.serve("198.51.100.130\n", "\"held\"");
        server.hold();
        try {
            Api.as(cirt.token())
                    .post("/api/v1/feeds/%s/runs".formatted(slow))
                    .then()
                    .statusCode(202);
            Api.as(cirt.token())
                    .post("/api/v1/feeds/%s/runs".formatted(other))
                    .then()
                    .statusCode(429)
                    .contentType("application/problem+json")
                    .header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*"))
                    .body("detail", containsString("already has 1 feed run(s) going"));
            Api.as(cirt.token())
                    .get("/api/v1/quotas")
                    .then()
                    .body("feeds.runsGoing", equalTo(1))
                    .body("feeds.concurrentRuns", equalTo(1));
            // another CIRT runs its feeds meanwhile
            var elsewhere = FeedFixtures.newCirt(users);
            var theirs = add(elsewhere.token(), newFeedId(), "/theirs.txt", "");
            Api.as(elsewhere.token())
                    .post("/api/v1/feeds/%s/runs".formatted(theirs))
                    .then()
                    .statusCode(202);
        } finally {
            server.release();
        }
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> Api.as(cirt.token())
                        .post("/api/v1/feeds/%s/runs".formatted(other))
                        .then()
                        .statusCode(202));
    }

    @Test
    void overTheBytesOfTheDayARunIsRefusedAndARunFetchesAtMostWhatIsLeft() {
        var cirt = FeedFixtures.newCirt(users);
        var perDay = Api.as(cirt.token())
                .get("/api/v1/quotas")
                .then()
                .extract()
                .jsonPath()
                .getLong("feeds.bytesPerDay");
        var today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        usage.add(cirt.id(), "feed-bytes", today, perDay - 100);
        server.serve("198.51.100.140\n".repeat(20), "\"too-big\"");
        var feed = add(cirt.token(), newFeedId(), "/big.txt", "");

        var run = FeedIngestionTest.runAndWait(cirt.token(), feed);
        assertThat(run.getString("status")).isEqualTo("failed");
        assertThat(run.getString("errorCode")).isEqualTo("fetch-too-large");
        assertThat(run.getLong("created")).isZero();

        usage.add(cirt.id(), "feed-bytes", today, 100);
        assertThat(Api.as(cirt.token())
                        .get("/api/v1/quotas")
                        .then()
                        .extract()
                        .jsonPath()
                        .getLong("feeds.fetchedBytesToday"))
                .isEqualTo(perDay);
        var retryAfter = Api.as(cirt.token())
                .post("/api/v1/feeds/%s/runs".formatted(feed))
                .then()
                .statusCode(429)
                .contentType("application/problem+json")
                .body("detail", containsString("runs resume at 00:00 UTC"))
                .extract()
                .header("Retry-After");
        assertThat(Long.parseLong(retryAfter)).isBetween(1L, Duration.ofDays(1).toSeconds());
    }

    @Test
    void aScheduledRunOverTheQuotaIsSkippedAndRecorded() {
        var cirt = FeedFixtures.newCirt(users);
        var perDay = Api.as(cirt.token())
                .get("/api/v1/quotas")
                .then()
                .extract()
                .jsonPath()
                .getLong("feeds.bytesPerDay");
        usage.add(cirt.id(), "feed-bytes", Instant.now().truncatedTo(ChronoUnit.DAYS), perDay);
        var feed = add(cirt.token(), newFeedId(), "/skipped.txt", "schedule: \"*/2 * * * * ?\"");
        try {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> Api.as(cirt.token())
                            .get("/api/v1/feeds/%s/runs".formatted(feed))
                            .then()
                            .statusCode(200)
                            .body("find { it.trigger == 'schedule' }.status", equalTo("skipped"))
                            .body(
                                    "find { it.trigger == 'schedule' }.error",
                                    containsString("runs resume at 00:00 UTC")));
            Api.as(cirt.token())
                    .get("/api/v1/feeds/%s/runs?limit=200".formatted(feed))
                    .then()
                    .body("findAll { it.status != 'skipped' }.size()", equalTo(0));
        } finally {
            FeedFixtures.disable(cirt.token(), feed, server.url("/skipped.txt"));
        }
    }
}
