package org.opencirt.observability;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.opencirt.testing.Api;
import org.opencirt.testing.KeycloakUsers;
import org.opencirt.testing.LocalFeedServer;
import org.opencirt.testing.Tokens;

/** Does, through the API, the things the domain metrics count: for the metric tests and the chart's cross-check. */
public final class Touch {

    private Touch() {}

    /** A fresh CIRT and a user who is its admin, lead and analyst. */
    public record Cirt(String id, String user) {

        public String token() {
            return Tokens.user(user);
        }
    }

    public static Cirt newCirt(KeycloakUsers users) {
        var id = "cert-m" + UUID.randomUUID().toString().substring(0, 6);
        Api.asUser("platform-admin")
                .body("""
                        {"id": "%1$s", "name": "Metrics %1$s", "countryCode": "WS", "contactEmail": "cert@%1$s.example.org"}
                        """.formatted(id))
                .post("/api/v1/tenants")
                .then()
                .statusCode(201);
        return new Cirt(id, users.create(List.of("cirt-admin", "analyst", "lead"), List.of(id)));
    }

    /** Creates an incident through the API; returns its id. */
    public static String incident(String token, String tag) {
        return Api.as(token)
                .body("""
                        {"title": "Metrics %s", "tags": ["%s"]}""".formatted(UUID.randomUUID(), tag))
                .post("/api/v1/incidents")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** A plain-list feed of the CIRT on the local server; returns its id. */
    public static String feed(String token, LocalFeedServer server, String path) {
        var id = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
        Api.as(token)
                .contentType("application/yaml")
                .body("""
                        id: %s
                        name: Metrics %s
                        url: %s
                        format: plain-list
                        enabled: true
                        defaults:
                          classification: c2-server
                          tlp: AMBER
                        """.formatted(id, id, server.url(path)))
                .post("/api/v1/feeds")
                .then()
                .statusCode(201);
        return id;
    }

    /** Runs a feed now and waits for the run to end; returns its status. */
    public static String run(String token, String feedId) {
        var runId = Api.as(token)
                .post("/api/v1/feeds/%s/runs".formatted(feedId))
                .then()
                .statusCode(202)
                .extract()
                .<String>path("id");
        var status = new String[1];
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    status[0] = Api.as(token)
                            .get("/api/v1/feeds/%s/runs/%s".formatted(feedId, runId))
                            .then()
                            .statusCode(200)
                            .extract()
                            .path("status");
                    return !"running".equals(status[0]);
                });
        return status[0];
    }

    /** Fresh indicator values no warninglist knows, one a line. */
    public static String indicators(int count) {
        var lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            lines.append("c2-%s.metrics-test.top\n"
                    .formatted(UUID.randomUUID().toString().substring(0, 12)));
        }
        return lines.toString();
    }
}
