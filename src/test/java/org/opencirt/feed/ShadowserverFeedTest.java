package org.opencirt.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opencirt.feed.shadowserver.ShadowserverApi;
import org.opencirt.testing.Api;
import org.opencirt.testing.LocalFeedServer;

/** Shadowserver's reports as a CIRT's feed: rows become events about its constituents' hosts. */
@QuarkusTest
class ShadowserverFeedTest {

    private static final String RDP_HEADER =
            "\"timestamp\",\"ip\",\"protocol\",\"port\",\"hostname\",\"tag\",\"asn\",\"geo\",\"naics\",\"sector\"\n";

    private HttpServer api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.stop(0);
        }
    }

    private static String randomNet() {
        return "2001:db8:%x".formatted(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }

    private static String constituent(String net) {
        return Api.asUser("cd-admin")
                .body(Map.of(
                        "name",
                        "Shadowserver ISP " + UUID.randomUUID().toString().substring(0, 8),
                        "entries",
                        List.of(Map.of("kind", "network", "value", net + "::/48"))))
                .post("/api/v1/constituents")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static String feed(String yaml) {
        var id = "ss-" + UUID.randomUUID().toString().substring(0, 8);
        Api.asUser("cd-admin")
                .contentType("application/yaml")
                .body("id: %s\nname: Shadowserver reports\nformat: shadowserver\nenabled: true\n%s".formatted(id, yaml))
                .post("/api/v1/feeds")
                .then()
                .statusCode(201);
        return id;
    }

    private static JsonPath runAndWait(String feedId) {
        var run = Api.asUser("cd-admin")
                .post("/api/v1/feeds/%s/runs".formatted(feedId))
                .then()
                .statusCode(202)
                .extract()
                .jsonPath();
        var url = "/api/v1/feeds/%s/runs/%s".formatted(feedId, run.getString("id"));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !"running"
                        .equals(Api.asUser("cd-admin").get(url).then().extract().path("status")));
        return Api.asUser("cd-admin").get(url).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aReportFileBecomesEventsOfItsConstituentsOnceEvenWhenFetchedAgain() throws IOException {
        var net = randomNet();
        var constituent = constituent(net);
        var report = RDP_HEADER
                + "\"2026-12-07 03:12:44\",\"%1$s::10\",\"tcp\",3389,,\"rdp\",64496,\"CD\",517311,\"Communications\"\n"
                + "\"2026-12-07 03:13:01\",\"%1$s:1::11\",\"tcp\",3389,\"host-11.isp.example\",\"rdp\",64496,\"CD\",,\n"
                + "\"2026-12-07 03:14:00\",\"not-an-address\",\"tcp\",3389,,\"rdp\",64496,\"CD\",,\n";
        try (var server = new LocalFeedServer()) {
            server.serve(report.formatted(net), "\"r1\"");
            var feedId = feed("url: %s\ndefaults:\n  tlp: AMBER\n"
                    .formatted(server.url("/reports/2026-12-07-scan_rdp-country-geo.csv")));

            var run = runAndWait(feedId);
            assertThat(run.getString("status")).isEqualTo("succeeded");
            assertThat(run.getLong("parsed")).isEqualTo(3);
            assertThat(run.getLong("created")).as("events kept").isEqualTo(2);
            assertThat(run.getLong("incidents"))
                    .as("one incident: one constituent, classification and day")
                    .isEqualTo(1);
            assertThat(run.getMap("skipped")).hasSize(1);
            assertThat(String.valueOf(run.getMap("skipped").keySet().iterator().next()))
                    .doesNotContain("not-an-address");

            var events = Api.asUser("cd-analyst")
                    .queryParam("constituent", constituent)
                    .get("/api/v1/constituent-events")
                    .then()
                    .statusCode(200)
                    .body("items", hasSize(2))
                    .body("items[0].reportType", equalTo("scan_rdp"))
                    .body("items[0].classification", equalTo("potentially-unwanted-accessible"))
                    .body("items[0].identifier", equalTo("open-rdp"))
                    .body("items[0].port", equalTo(3389))
                    .body("items[0].asn", equalTo("AS64496"))
                    .body("items[0].source", equalTo(feedId))
                    .body("items[1].fields.sector", equalTo("Communications"))
                    .extract()
                    .jsonPath();
            Api.asUser("cd-analyst")
                    .get("/api/v1/incidents/" + events.getString("items[0].incident"))
                    .then()
                    .statusCode(200)
                    .body("type", equalTo("potentially-unwanted-accessible"))
                    .body("tlp", equalTo("AMBER"));

            // unchanged: not fetched again; changed (the same rows under a new ETag): nothing is kept twice
            assertThat(runAndWait(feedId).getString("status")).isEqualTo("not-modified");
            server.serve(report.formatted(net), "\"r2\"");
            var again = runAndWait(feedId);
            assertThat(again.getString("status")).isEqualTo("succeeded");
            assertThat(again.getLong("created")).isZero();
            assertThat(again.getLong("incidents")).isZero();
        }
        // another CIRT sees none of it
        Api.asUser("ab-analyst")
                .queryParam("network", net + "::/48")
                .get("/api/v1/constituent-events")
                .then()
                .statusCode(200)
                .body("items", hasSize(0));
    }

    @Test
    void aCirtsFeedMayNotTakeItsApiKeyOrSecretFromTheServersEnvironmentOrFiles() {
        Api.asUser("cd-admin").body(Map.of("value", "a-good-value")).put("/api/v1/secrets/ss-ok");
        for (var reference : List.of("env:HOME", "file:/etc/passwd")) {
            for (var field : List.of("api-key-from", "hmac-secret-from")) {
                var other = field.equals("api-key-from") ? "hmac-secret-from" : "api-key-from";
                Api.asUser("cd-admin")
                        .contentType("application/yaml")
                        .body("""
                                id: ss-env-%s
                                name: Shadowserver reports
                                format: shadowserver
                                url: https://transform.example.org/api2/
                                auth: {%s: "%s", %s: "secret:ss-ok"}
                                """.formatted(UUID.randomUUID().toString().substring(0, 8), field, reference, other))
                        .post("/api/v1/feeds")
                        .then()
                        .statusCode(400)
                        .contentType("application/problem+json")
                        .body("errors[0].pointer", equalTo("/auth/" + field))
                        .body(not(containsString("root:")))
                        .body(not(containsString(System.getenv().getOrDefault("HOME", "/root") + "\"")));
            }
        }
    }

    @Test
    void aPlatformFilesFeedWritesItsEventsForTheCirtItNames() {
        // threat-feeds/demo/sample-shadowserver.yaml: scope cert-cd, the sample report of threat-feeds/samples
        var run = Api.asUser("cd-admin")
                .post("/api/v1/feeds/sample-shadowserver/runs")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath();
        var url = "/api/v1/feeds/sample-shadowserver/runs/" + run.getString("id");
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !"running"
                        .equals(Api.asUser("cd-admin").get(url).then().extract().path("status")));
        var finished =
                Api.asUser("cd-admin").get(url).then().statusCode(200).extract().jsonPath();
        assertThat(finished.getString("status")).isIn("succeeded", "not-modified");
        Api.asUser("cd-analyst")
                .queryParam("source", "sample-shadowserver")
                .queryParam("network", "203.0.113.0/24")
                .get("/api/v1/constituent-events")
                .then()
                .statusCode(200)
                .body("items", hasSize(5))
                .body("items.reportType", everyItem(equalTo("scan_rdp")));
        Api.asUser("ab-analyst")
                .queryParam("source", "sample-shadowserver")
                .get("/api/v1/constituent-events")
                .then()
                .statusCode(200)
                .body("items", hasSize(0));
    }

    @Test
    void theReportsApiIsAskedWithASignedBodyAndEachListedReportIsDownloaded() throws IOException {
        var net = randomNet();
        var constituent = constituent(net);
        var key = "key-" + UUID.randomUUID();
        var secret = "secret-" + UUID.randomUUID();
        var requests = new CopyOnWriteArrayList<String>();
        api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/api2/reports/list", exchange -> {
            var body = exchange.getRequestBody().readAllBytes();
            requests.add(new String(body, StandardCharsets.UTF_8));
            var signed = ShadowserverApi.hmac2(body, secret)
                    .equals(exchange.getRequestHeaders().getFirst("HMAC2"));
            var answer = (signed
                            ? "[{\"id\": \"r-%s\", \"type\": \"scan_smb\", \"file\": \"2026-12-07-scan_smb-country-geo.csv\", \"timestamp\": \"2026-12-07\"}]"
                                    .formatted(key.substring(4, 12))
                            : "{\"error\": \"invalid signature for " + secret + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(signed ? 200 : 401, answer.length);
            try (var out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        api.createContext("/download/", exchange -> {
            requests.add("GET " + exchange.getRequestURI().getPath());
            var csv = ("\"timestamp\",\"ip\",\"protocol\",\"port\",\"hostname\",\"tag\",\"asn\"\n"
                            + "\"2026-12-07 05:00:00\",\"%s::445\",\"tcp\",445,,\"smb\",64497\n")
                    .formatted(net)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, csv.length);
            try (var out = exchange.getResponseBody()) {
                out.write(csv);
            }
        });
        api.start();
        var base = "http://127.0.0.1:" + api.getAddress().getPort();
        var suffix = UUID.randomUUID().toString().substring(0, 8);
        Api.asUser("cd-admin")
                .body(Map.of("value", key))
                .put("/api/v1/secrets/ss-key-" + suffix)
                .then()
                .statusCode(201);
        Api.asUser("cd-admin")
                .body(Map.of("value", secret))
                .put("/api/v1/secrets/ss-secret-" + suffix)
                .then()
                .statusCode(201);
        var feedId = feed("""
                url: %1$s/api2/
                auth:
                  api-key-from: secret:ss-key-%2$s
                  hmac-secret-from: secret:ss-secret-%2$s
                shadowserver:
                  download-url: %1$s/download/
                """.formatted(base, suffix));

        var run = runAndWait(feedId);
        assertThat(run.getString("status")).isEqualTo("succeeded");
        assertThat(run.getLong("created")).isEqualTo(1);
        assertThat(requests.getFirst()).contains("\"apikey\":\"" + key + "\"");
        assertThat(requests).contains("GET /download/r-" + key.substring(4, 12));
        Api.asUser("cd-analyst")
                .queryParam("constituent", constituent)
                .get("/api/v1/constituent-events")
                .then()
                .statusCode(200)
                .body("items.reportType", equalTo(List.of("scan_smb")));

        // a wrong secret: the run fails, and its record shows neither the secret nor what the API answered
        Api.asUser("cd-admin")
                .body(Map.of("value", "wrong-" + secret))
                .put("/api/v1/secrets/ss-secret-" + suffix)
                .then()
                .statusCode(200);
        var failed = runAndWait(feedId);
        assertThat(failed.getString("status")).isEqualTo("failed");
        assertThat(failed.prettify()).doesNotContain(secret).doesNotContain(key);
    }
}
