package org.opencirt.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencirt.incident.IncidentApiTest;
import org.opencirt.incident.service.IncidentCorrelation;
import org.opencirt.testing.Api;
import org.opencirt.testing.LocalFeedServer;
import org.opencirt.testing.Tokens;

/** Feeds end to end: fetch, parse, normalise, warninglist, index, correlate, raise constituency incidents. */
@QuarkusTest
class FeedIngestionTest {

    private static LocalFeedServer server;

    @Inject
    IncidentCorrelation correlation;

    @BeforeAll
    static void startFeedServer() throws Exception {
        server = new LocalFeedServer();
    }

    @AfterAll
    static void stopFeedServer() {
        server.close();
    }

    /** Starts a run as this caller and waits until it is over. */
    static JsonPath runAndWait(String token, String feedId) {
        var run = Api.as(token)
                .post("/api/v1/feeds/%s/runs".formatted(feedId))
                .then()
                .statusCode(202)
                .extract()
                .jsonPath();
        var url = "/api/v1/feeds/%s/runs/%s".formatted(feedId, run.getString("id"));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !"running"
                        .equals(Api.as(token).get(url).then().extract().path("status")));
        return Api.as(token).get(url).then().statusCode(200).extract().jsonPath();
    }

    private static String newFeed(String admin, String path, String extra) {
        var id = "test-" + UUID.randomUUID().toString().substring(0, 8);
        Api.as(admin)
                .contentType("application/yaml")
                .body("""
                id: %s
                name: Partner sensor list %s
                url: %s
                format: plain-list
                enabled: true
                defaults:
                  classification: c2-server
                  tlp: AMBER
                  confidence: 80
                %s
                """.formatted(id, id, server.url(path), extra))
                .post("/api/v1/feeds")
                .then()
                .statusCode(201);
        return id;
    }

    @Test
    void aCirtFeedIndexesCountsAndRaisesOneConstituencyIncidentPerDay() {
        var admin = Tokens.user("cd-admin");
        var network = "203.0.113.0/24";
        Api.as(admin)
                .body("""
                {"entries": [{"kind": "network", "value": "%s", "label": "National backbone"}]}
                """.formatted(network))
                .post("/api/v1/constituency")
                .then()
                .statusCode(201);
        server.serve(
                "# a partner's C2 list\n203.0.113.10\n\n203.0.113.11\n198.51.100.5\nnot-an-address!\n10.1.2.3\n# end\n",
                "\"v1\"");
        var feed = newFeed(admin, "/c2.txt", "");

        var first = runAndWait(admin, feed);
        assertThat(first.getString("status")).isEqualTo("partial");
        assertThat(first.getLong("parsed")).isEqualTo(4);
        assertThat(first.getLong("invalid")).isEqualTo(1);
        assertThat(first.getLong("warninglisted")).isEqualTo(1);
        assertThat(first.getLong("created")).isEqualTo(3);
        assertThat(first.getLong("incidents")).isEqualTo(1);
        assertThat(first.getList("invalidSamples.excerpt", String.class)).containsExactly("not-an-address!");
        // what the parser left out on purpose is counted by reason, not as invalid
        assertThat(first.getMap("skipped", String.class, Integer.class))
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("comment", 2, "blank line", 1));

        var analyst = Tokens.user("cd-analyst");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> Api.as(analyst)
                        .get("/api/v1/incidents?tag=" + feed)
                        .then()
                        .body("total", equalTo(1)));
        var incidentId = Api.as(analyst)
                .get("/api/v1/incidents?tag=" + feed)
                .then()
                .extract()
                .path("items[0].id")
                .toString();
        Api.as(analyst)
                .get("/api/v1/incidents/" + incidentId)
                .then()
                .body("channel", equalTo("feed"))
                .body("tlp", equalTo("AMBER"))
                .body("observables.value", hasItem("203.0.113.10"))
                .body("observables.value", not(hasItem("198.51.100.5")))
                .body("matches.feeds.flatten()", hasItem(feed))
                .body("matches.find { it.observable == '203.0.113.11' }.confidence", equalTo(80));

        server.serve("203.0.113.10\n203.0.113.11\n203.0.113.12\n", "\"v2\"");
        var second = runAndWait(admin, feed);
        assertThat(second.getString("status")).isEqualTo("succeeded");
        assertThat(second.getLong("created")).isEqualTo(1);
        assertThat(second.getLong("updated")).isEqualTo(2);
        assertThat(second.getLong("incidents")).isZero();
        Api.as(analyst)
                .get("/api/v1/incidents/" + incidentId)
                .then()
                .body("observables.value", hasItem("203.0.113.12"));

        var third = runAndWait(admin, feed);
        assertThat(third.getString("status")).isEqualTo("not-modified");
        assertThat(server.requests().getLast()).contains("if-none-match=\"v2\"");
    }

    @Test
    void anotherCirtNeitherSeesTheFeedNorMatchesItsIndicators() {
        var admin = Tokens.user("cd-admin");
        server.serve("198.51.100.77\n", "\"only-cd\"");
        var feed = newFeed(admin, "/only-cd.txt", "");
        assertThat(runAndWait(admin, feed).getLong("created")).isEqualTo(1);

        Api.asUser("ab-analyst").get("/api/v1/feeds/" + feed).then().statusCode(404);
        Api.asUser("ab-admin")
                .post("/api/v1/feeds/%s/runs".formatted(feed))
                .then()
                .statusCode(404);
        Api.asUser("ab-analyst")
                .get("/api/v1/feeds/%s/runs".formatted(feed))
                .then()
                .statusCode(404);
        Api.asUser("ab-admin")
                .contentType("application/yaml")
                .body("id: %s\nname: taken over\nurl: %s\nformat: plain-list\n".formatted(feed, server.url("/x")))
                .put("/api/v1/feeds/" + feed)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        Api.asUser("ab-analyst").get("/api/v1/feeds").then().body("id", not(hasItem(feed)));
        Api.asUser("cd-analyst").get("/api/v1/feeds").then().body("id", hasItem(feed));

        var ours = IncidentApiTest.create("cd-analyst", "{\"title\": \"seen 198.51.100.77\"}")
                .getString("id");
        var theirs = IncidentApiTest.create("ab-analyst", "{\"title\": \"seen 198.51.100.77\"}")
                .getString("id");
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> Api.asUser("cd-analyst")
                        .get("/api/v1/incidents/%s/matches".formatted(ours))
                        .then()
                        .body("feeds.flatten()", hasItem(feed)));
        assertThat(correlation.correlate("cert-ab", UUID.fromString(theirs))).isZero();
        Api.asUser("ab-analyst")
                .get("/api/v1/incidents/%s/matches".formatted(theirs))
                .then()
                .body("feeds.flatten()", not(hasItem(feed)));
    }

    @Test
    void aFeedOverItsSizeLimitFailsAndWritesNothing() {
        var admin = Tokens.user("cd-admin");
        server.serve("198.51.100.200\n", "\"small\"");
        var feed = newFeed(admin, "/limited.txt", "limits:\n  max-bytes: 200\n");
        assertThat(runAndWait(admin, feed).getLong("created")).isEqualTo(1);

        server.serve("198.51.100.201\n".repeat(100), "\"big\"");
        var run = runAndWait(admin, feed);
        assertThat(run.getString("status")).isEqualTo("failed");
        assertThat(run.getString("errorCode")).isEqualTo("fetch-too-large");
        assertThat(run.getString("error")).contains("at most 200 bytes");
        assertThat(run.getLong("created") + run.getLong("updated")).isZero();
    }

    @Test
    void anInvalidDefinitionIsRefusedWithEveryProblemAtOnce() {
        Api.asUser("cd-admin")
                .contentType("application/yaml")
                .body("""
                id: Bad Id
                name: broken
                url: ftp://feeds.example.org/list.txt
                format: tarball
                schedule: every five minutes
                colour: red
                """)
                .post("/api/v1/feeds")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.pointer", org.hamcrest.Matchers.hasItems("/id", "/url", "/format", "/schedule"))
                .body("detail", containsString("problem(s)"));
    }

    @Test
    void aCirtAdminCannotRunOrChangePlatformFeeds() {
        Api.asUser("cd-admin").post("/api/v1/feeds/sample-urlhaus/runs").then().statusCode(403);
        Api.asUser("cd-admin")
                .contentType("application/yaml")
                .body("id: sample-urlhaus\nname: x\nurl: file:urlhaus.csv\nformat: urlhaus-csv\n")
                .put("/api/v1/feeds/sample-urlhaus")
                .then()
                .statusCode(403);
        Api.asUser("cd-analyst")
                .post("/api/v1/feeds/sample-urlhaus/runs")
                .then()
                .statusCode(403);
    }

    @Test
    void sampleUrlhausIngestsAnUnchangedFileIsSkippedAndIncidentsGetMatched() throws Exception {
        var admin = Tokens.user("platform-admin");
        var first = runAndWait(admin, "sample-urlhaus");
        assertThat(first.getString("status")).isIn("succeeded", "partial");
        assertThat(first.getLong("created")).isPositive();
        assertThat(first.getLong("created") + first.getLong("updated") + first.getLong("warninglisted"))
                .isEqualTo(first.getLong("parsed"));
        assertThat(runAndWait(admin, "sample-urlhaus").getString("status")).isEqualTo("not-modified");

        var sample = Files.readString(Path.of("threat-feeds/samples/urlhaus.csv"));
        var matcher = Pattern.compile("\"(https?://[^\"]+)\"").matcher(sample);
        assertThat(matcher.find()).isTrue();
        var url = matcher.group(1);
        var incident = IncidentApiTest.create(
                        "ab-analyst",
                        "{\"title\": \"malware link\", \"observables\": [{\"type\": \"url\", \"value\": \"%s\"}]}"
                                .formatted(url))
                .getString("id");
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> Api.asUser("ab-analyst")
                        .get("/api/v1/incidents/%s/matches".formatted(incident))
                        .then()
                        .body("feeds.flatten()", hasItem("sample-urlhaus"))
                        .body("classification", hasItem("malware-distribution")));
    }

    @Test
    void runHistoryIsKeptPerFeed() {
        var admin = Tokens.user("platform-admin");
        runAndWait(admin, "sample-openphish");
        var runs = Api.as(admin)
                .get("/api/v1/feeds/sample-openphish/runs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(runs.getList("status", String.class)).isNotEmpty().doesNotContain("running");
        assertThat(runs.getList("trigger", String.class)).contains("manual");
        Api.asUser("ab-analyst")
                .get("/api/v1/feeds/sample-openphish")
                .then()
                .statusCode(200)
                .body("lastRun.feedId", equalTo("sample-openphish"));
    }
}
