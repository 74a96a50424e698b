package org.opencirt.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.opencirt.incident.IncidentApiTest;
import org.opencirt.testing.Api;
import org.opencirt.testing.KeycloakUsers;
import org.opencirt.testing.LocalFeedServer;

/**
 * End to end through the feeds of two CIRTs: CERT-CD lists a value at TLP:RED, CERT-AB the same
 * value at TLP:GREEN. A third CIRT's incidents record, and its console shows, only CERT-AB's
 * source, whether the match comes from a feed run or from correlating a new incident; CERT-CD
 * sees both sources.
 */
@QuarkusTest
class SharedIndicatorTlpTest {

    private static LocalFeedServer server;

    @Inject
    Keycloak keycloak;

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

    @BeforeEach
    void realmKnowsTheTestPort() {
        ConsoleRealm.syncFromRealmFile(keycloak);
    }

    /** A CIRT's feed of one value at one TLP, with its own tag, confidence and classification. */
    private static String feed(String admin, String tlp, String tag, int confidence, String classification) {
        var id = "tlp-" + UUID.randomUUID().toString().substring(0, 8);
        Api.asUser(admin)
                .contentType("application/yaml")
                .body("""
                id: %s
                name: %s list %s
                url: %s
                format: plain-list
                enabled: true
                defaults:
                  classification: %s
                  tlp: %s
                  confidence: %d
                  tags: [%s]
                """.formatted(id, tlp, id, server.url("/" + id + ".txt"), classification, tlp, confidence, tag))
                .post("/api/v1/feeds")
                .then()
                .statusCode(201);
        return id;
    }

    private static void runAndWait(String user, String feed) {
        var run = Api.asUser(user)
                .post("/api/v1/feeds/%s/runs".formatted(feed))
                .then()
                .statusCode(202)
                .extract()
                .jsonPath();
        var url = "/api/v1/feeds/%s/runs/%s".formatted(feed, run.getString("id"));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !"running"
                        .equals(Api.asUser(user).get(url).then().extract().path("status")));
        assertThat(Api.asUser(user).get(url).then().extract().jsonPath().getLong("created"))
                .isEqualTo(1);
    }

    private static JsonPath matches(String user, String incident) {
        return Api.asUser(user)
                .get("/api/v1/incidents/%s/matches".formatted(incident))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** A CIRT onboarded for this test, and one analyst of it. */
    private String analystOfANewCirt() {
        var tenant = "cert-" + UUID.randomUUID().toString().substring(0, 8);
        Api.asUser("platform-admin")
                .body("""
                {"id": "%s", "name": "CERT Third", "countryCode": "WS", "contactEmail": "cert@%s.example.org",
                 "constituency": "A third CIRT"}""".formatted(tenant, tenant))
                .post("/api/v1/tenants")
                .then()
                .statusCode(201);
        return users.create(List.of("analyst"), List.of(tenant));
    }

    @Test
    void aThirdCirtRecordsAndSeesOnlyTheGreenSourceAndTheRedSourcesCirtSeesBoth() {
        var random = new Random();
        var value = "45.%d.%d.%d".formatted(random.nextInt(256), random.nextInt(256), 1 + random.nextInt(250));
        var third = analystOfANewCirt();
        var before = IncidentApiTest.create(third, "{\"title\": \"seen %s before the feeds\"}".formatted(value))
                .getString("id");

        server.serve(value + "\n", "\"" + value + "\"");
        var red = feed("cd-admin", "RED", "red-only-tag", 95, "c2-server");
        var green = feed("ab-admin", "GREEN", "green-tag", 40, "scanner");
        runAndWait("cd-admin", red);
        runAndWait("ab-admin", green);

        // a feed run's matches on an existing incident of the third CIRT
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(matches(third, before).getList("feeds.flatten()", String.class))
                        .containsExactly(green));
        var recorded = matches(third, before);
        assertThat(recorded.getInt("[0].confidence")).isEqualTo(40);
        assertThat(recorded.getString("[0].classification")).isEqualTo("scanner");
        assertThat(recorded.getString("[0].tlp")).isEqualTo("GREEN");

        // correlating a new incident of the third CIRT
        var after = IncidentApiTest.create(third, "{\"title\": \"seen %s after the feeds\"}".formatted(value))
                .getString("id");
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(matches(third, after).getList("feeds.flatten()", String.class))
                        .containsExactly(green));
        Api.asUser(third)
                .post("/api/v1/incidents/%s/correlation".formatted(after))
                .then()
                .statusCode(200);
        assertThat(matches(third, after).getList("feeds.flatten()", String.class))
                .containsExactly(green);
        assertThat(matches(third, after).getList("confidence", Integer.class)).containsExactly(40);

        var console = new ConsoleBrowser();
        var workspace = console.login(third, "/console/incidents/" + after);
        assertThat(workspace.status()).isEqualTo(200);
        assertThat(workspace.body())
                .contains(green)
                .contains(value)
                .doesNotContain(red)
                .doesNotContain("red-only-tag");
        var search = console.get("/console/search?q=" + value);
        assertThat(search.body())
                .contains(green)
                .doesNotContain(red)
                .contains("TLP:GREEN")
                .doesNotContain("TLP:RED");

        var owner = new ConsoleBrowser();
        owner.login("cd-analyst");
        assertThat(owner.get("/console/search?q=" + value).body())
                .contains(green)
                .contains(red)
                .contains("TLP:RED");
    }
}
