package org.opencirt.feed;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.opencirt.testing.Api;
import org.opencirt.testing.KeycloakUsers;
import org.opencirt.testing.Tokens;

/** Fresh CIRTs with their own admin, so that quota tests start from zero, and feeds added through the API. */
final class FeedFixtures {

    private FeedFixtures() {}

    /** A CIRT created by the platform admin, with a new CIRT admin. */
    record Cirt(String id, String admin) {

        String token() {
            return Tokens.user(admin);
        }
    }

    static Cirt newCirt(KeycloakUsers users) {
        var id = "cert-" + UUID.randomUUID().toString().substring(0, 8);
        Api.asUser("platform-admin")
                .body("""
                {"id": "%s", "name": "CERT %s", "countryCode": "WS", "contactEmail": "cert@%s.example.org",
                 "constituency": "test"}
                """.formatted(id, id, id))
                .post("/api/v1/tenants")
                .then()
                .statusCode(201);
        return new Cirt(id, users.create(List.of("cirt-admin", "analyst", "lead"), List.of(id)));
    }

    /** A plain-list feed definition (YAML). */
    static String definition(String id, String url, String extra) {
        return """
                id: %s
                name: Feed %s
                url: %s
                format: plain-list
                enabled: true
                defaults:
                  classification: c2-server
                  tlp: AMBER
                %s
                """.formatted(id, id, url, extra);
    }

    /** Switches a feed off (and so its schedule), so that it does not go on running after its test. */
    static void disable(String token, String feedId, String url) {
        Api.as(token)
                .contentType("application/yaml")
                .body(definition(feedId, url, "").replace("enabled: true", "enabled: false"))
                .put("/api/v1/feeds/" + feedId)
                .then()
                .statusCode(200);
    }

    static String newFeedId() {
        return "test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Waits until the feed has a finished run with this trigger; returns the statuses of its finished runs, newest first. */
    static List<String> awaitFinishedRuns(String token, String feedId, String trigger) {
        var statuses = new ArrayList<String>();
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    var runs = Api.as(token)
                            .get("/api/v1/feeds/%s/runs?limit=200".formatted(feedId))
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath();
                    statuses.clear();
                    statuses.addAll(runs.getList(
                            "findAll { it.trigger == '%s' && it.status != 'running' && it.status != 'skipped' }.status"
                                    .formatted(trigger),
                            String.class));
                    return !statuses.isEmpty();
                });
        return statuses;
    }
}
