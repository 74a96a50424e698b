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

    /** Creates an advisory as {@code analyst}, submits it and publishes it as {@code lead}; returns its id. */
    public static String publishAdvisory(String analyst, String lead) {
        var cve =
                "CVE-2026-%d".formatted(100000 + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 900000L));
        String id = Api.asUser(analyst)
                .body("""
                        {"title": "Metrics advisory", "summary": "Summary", "tlp": "WHITE", "severity": "High",
                         "products": [{"vendor": "Example Networks", "name": "Router OS", "versions": ["1.0.0"], "fixedVersions": ["1.0.2"]}],
                         "vulnerabilities": [{"cve": "%s", "title": "Injection", "description": "Details.", "cwe": "CWE-78",
                                              "cvssVector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
                         "recommendations": "Update to 1.0.2.",
                         "references": [{"url": "https://vendor.example/sa-1", "summary": "Vendor advisory"}]}
                        """.formatted(cve))
                .post("/api/v1/advisories/from-form")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Api.asUser(analyst)
                .post("/api/v1/advisories/%s/submission".formatted(id))
                .then()
                .statusCode(200);
        Api.asUser(lead)
                .post("/api/v1/advisories/%s/publication".formatted(id))
                .then()
                .statusCode(201);
        return id;
    }

    /** A remote partner of the CIRT with its own requests a minute; returns its id and its client's token. */
    public record Partner(String id, String token) {}

    public static Partner remotePartner(Cirt cirt, int requestsPerMinute) {
        var created = Api.as(cirt.token())
                .body("{\"kind\": \"remote\", \"name\": \"Metrics CERT %s\"}".formatted(UUID.randomUUID()))
                .post("/api/v1/partners")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        var partner = created.getString("id");
        Api.as(cirt.token())
                .body("{\"requestsPerMinute\": %d}".formatted(requestsPerMinute))
                .put("/api/v1/partners/%s/quota".formatted(partner))
                .then()
                .statusCode(200);
        return new Partner(partner, Tokens.client(created.getString("clientId"), created.getString("clientSecret")));
    }

    /** Adds a playbook of the CIRT that tags incidents carrying {@code tag}. */
    public static void playbook(Cirt cirt, String tag) {
        Api.as(cirt.token())
                .contentType("application/yaml")
                .body("""
                        id: %1$s
                        name: Metrics %1$s
                        version: 1
                        trigger: incident.created
                        when: tags.exists(t, t == '%1$s')
                        actions:
                          - add-tags: {tags: [triaged]}
                        """.formatted(tag))
                .post("/api/v1/playbooks")
                .then()
                .statusCode(201);
    }
}
