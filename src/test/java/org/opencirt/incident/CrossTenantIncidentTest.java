package org.opencirt.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.Api;
import org.opencirt.testing.Tokens;

/**
 * The cross-CIRT matrix: every incident endpoint, called on an incident of CERT-AB by each kind
 * of caller of CERT-CD (and the platform admin). Callers whose role allows the endpoint get 404,
 * exactly as for an incident that does not exist; the others get 403. Nothing changes.
 */
@QuarkusTest
class CrossTenantIncidentTest {

    record Endpoint(String name, Function<RequestSpecification, io.restassured.response.Response> call) {}

    record Caller(String name, String token, boolean hasIncidentRole) {}

    private static String incidentId;
    private static String reference;
    private static String taskId;
    private static String attachmentId;
    private static String cdIncidentId;

    @BeforeEach
    void anIncidentOfCertAbWithEverything() {
        if (incidentId != null) {
            return;
        }
        var incident = IncidentApiTest.create(
                "ab-analyst", "{\"title\": \"secret of AB\", \"observables\": [{\"value\": \"192.0.2.99\"}]}");
        incidentId = incident.getString("id");
        reference = incident.getString("reference");
        var base = "/api/v1/incidents/" + incidentId;
        taskId = Api.asUser("ab-analyst")
                .body("{\"title\": \"t\"}")
                .post(base + "/tasks")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        attachmentId = Api.asUser("ab-analyst")
                .contentType("application/octet-stream")
                .body("x".getBytes(StandardCharsets.UTF_8))
                .post(base + "/attachments?filename=a.txt")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Api.asUser("ab-analyst")
                .body("{\"body\": \"internal note\"}")
                .post(base + "/comments")
                .then()
                .statusCode(201);
        cdIncidentId =
                IncidentApiTest.create("cd-analyst", "{\"title\": \"of CD\"}").getString("id");
    }

    private static List<Endpoint> endpoints() {
        var base = "/api/v1/incidents/" + incidentId;
        return List.of(
                new Endpoint("get", r -> r.get(base)),
                new Endpoint("get by reference", r -> r.get("/api/v1/incidents/by-reference/" + reference)),
                new Endpoint(
                        "patch",
                        r -> r.header("If-Match", "\"1\"")
                                .body("{\"severity\": \"low\"}")
                                .patch(base)),
                new Endpoint("transition", r -> r.body("{\"to\": \"rejected\"}").post(base + "/transitions")),
                new Endpoint("list observables", r -> r.get(base + "/observables")),
                new Endpoint(
                        "add observables",
                        r -> r.body("{\"observables\": [{\"value\": \"198.51.100.1\"}]}")
                                .post(base + "/observables")),
                new Endpoint("list tasks", r -> r.get(base + "/tasks")),
                new Endpoint("add task", r -> r.body("{\"title\": \"x\"}").post(base + "/tasks")),
                new Endpoint("update task", r -> r.body("{\"state\": \"done\"}").patch(base + "/tasks/" + taskId)),
                new Endpoint("list comments", r -> r.get(base + "/comments")),
                new Endpoint("add comment", r -> r.body("{\"body\": \"x\"}").post(base + "/comments")),
                new Endpoint("list attachments", r -> r.get(base + "/attachments")),
                new Endpoint(
                        "add attachment",
                        r -> r.contentType("application/octet-stream")
                                .body(new byte[] {1})
                                .post(base + "/attachments?filename=b.bin")),
                new Endpoint("download attachment", r -> r.accept("*/*").get(base + "/attachments/" + attachmentId)),
                new Endpoint("list links", r -> r.get(base + "/links")),
                new Endpoint(
                        "add link",
                        r -> r.body("{\"kind\": \"related\", \"target\": \"%s\"}".formatted(cdIncidentId))
                                .post(base + "/links")),
                new Endpoint("timeline", r -> r.get(base + "/timeline")),
                new Endpoint("matches", r -> r.get(base + "/matches")),
                new Endpoint("correlate now", r -> r.post(base + "/correlation")));
    }

    private static List<Caller> foreignCallers() {
        return List.of(
                new Caller("cd-analyst", Tokens.user("cd-analyst"), true),
                new Caller("cd-lead", Tokens.user("cd-lead"), true),
                new Caller("cd-admin", Tokens.user("cd-admin"), false),
                new Caller("cert-cd-partner", Tokens.demoPartner("cert-cd"), false),
                new Caller("platform-admin", Tokens.user("platform-admin"), false));
    }

    @Test
    void noCallerOfAnotherCirtReachesAnyIncidentEndpoint() {
        var before = Api.asUser("ab-lead")
                .get("/api/v1/incidents/" + incidentId)
                .then()
                .extract()
                .jsonPath();
        var failures = new ArrayList<String>();
        for (var caller : foreignCallers()) {
            for (var endpoint : endpoints()) {
                var response = endpoint.call().apply(Api.as(caller.token()));
                var expected = caller.hasIncidentRole() ? 404 : 403;
                if (response.statusCode() != expected
                        || !response.contentType().startsWith("application/problem+json")) {
                    failures.add("%s -> %s: %d %s"
                            .formatted(caller.name(), endpoint.name(), response.statusCode(), response.asString()));
                }
            }
        }
        assertThat(failures).isEmpty();

        Api.asUser("ab-analyst")
                .get("/api/v1/incidents/" + incidentId)
                .then()
                .statusCode(200)
                .body("version", equalTo(before.getInt("version")))
                .body("severity", equalTo("medium"))
                .body("state", equalTo("new"))
                .body("observables", equalTo(before.getList("observables")));
    }

    @Test
    void theOwnersAnalystAndLeadReachEveryEndpoint() {
        for (var user : List.of("ab-analyst", "ab-lead")) {
            for (var endpoint : endpoints()) {
                if (endpoint.name().equals("patch")
                        || endpoint.name().equals("transition")
                        || endpoint.name().equals("add link")) {
                    continue;
                }
                var status = endpoint.call().apply(Api.asUser(user)).statusCode();
                assertThat(status).as("%s -> %s", user, endpoint.name()).isBetween(200, 201);
            }
        }
    }

    @Test
    void anotherCirtCannotLinkToThisCirtsIncident() {
        Api.asUser("cd-analyst")
                .body("{\"kind\": \"related\", \"target\": \"%s\"}".formatted(incidentId))
                .post("/api/v1/incidents/%s/links".formatted(cdIncidentId))
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/target"));
    }

    @Test
    void searchNeverShowsAnotherCirtsIncidents() {
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> Api.asUser("ab-analyst")
                        .get("/api/v1/incidents?observable=192.0.2.99")
                        .then()
                        .body("total", equalTo(1)));
        Api.asUser("cd-analyst")
                .get("/api/v1/incidents?observable=192.0.2.99")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
        Api.asUser("cd-analyst").get("/api/v1/incidents?q=" + reference).then().body("total", equalTo(0));
        Api.asUser("cd-admin").get("/api/v1/incidents").then().statusCode(403);
        Api.as(Tokens.demoPartner("cert-cd")).get("/api/v1/incidents").then().statusCode(403);
    }

    @Test
    void aRandomIdAnswersLikeAForeignOne() {
        Api.asUser("cd-analyst")
                .get("/api/v1/incidents/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .body("title", equalTo("Not found"));
    }
}
