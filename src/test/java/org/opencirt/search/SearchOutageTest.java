package org.opencirt.search;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opencirt.incident.repository.IncidentRepository;
import org.opencirt.testing.Api;
import org.opencirt.testing.Launcher;
import org.opencirt.testing.Tokens;

/**
 * Stops the real Elasticsearch of the local stack during a burst of writes, then starts it again:
 * every write succeeds meanwhile, and afterwards PostgreSQL and Elasticsearch hold the same
 * incidents at the same versions, none lost and none twice.
 */
@QuarkusTest
@Tag("slow")
class SearchOutageTest {

    @Inject
    IncidentRepository incidents;

    @Inject
    Outbox outbox;

    @Test
    void writesDuringAnElasticsearchOutageAllReachTheIndexWhenItReturns() {
        var marker = "outage" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        var token = Tokens.user("ab-analyst");
        var ids = new ArrayList<String>();
        Launcher.run(120, "stack", "down", "elasticsearch");
        try {
            for (int i = 0; i < 30; i++) {
                var id = Api.as(token)
                        .body("{\"title\": \"burst %d\", \"tags\": [\"%s\"]}".formatted(i, marker))
                        .post("/api/v1/incidents")
                        .then()
                        .statusCode(201)
                        .extract()
                        .jsonPath()
                        .getString("id");
                ids.add(id);
                if (i % 3 == 0) {
                    Api.as(token)
                            .header("If-Match", "\"1\"")
                            .body("{\"severity\": \"critical\"}")
                            .patch("/api/v1/incidents/" + id)
                            .then()
                            .statusCode(200);
                }
            }
            given().get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("UP"))
                    .body("checks.find { it.name == 'elasticsearch' }.data.search", equalTo("degraded"));
            Api.as(token)
                    .get("/api/v1/incidents?tag=" + marker)
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json");
            assertThat(outbox.pending()).isGreaterThanOrEqualTo(30);
        } finally {
            Launcher.run(300, "stack", "up", "elasticsearch");
        }

        var fresh = Tokens.user("ab-analyst");
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    var result = Api.as(fresh)
                            .get("/api/v1/incidents?limit=200&tag=" + marker)
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath();
                    assertThat(result.getList("items.id", String.class)).containsExactlyInAnyOrderElementsOf(ids);
                    assertThat(result.getList("items.findAll { it.severity == 'critical' }.id", String.class))
                            .hasSize(10);
                });
        assertThat(outbox.pending()).isZero();
        given().get("/q/health/ready")
                .then()
                .body("checks.find { it.name == 'elasticsearch' }.data.search", equalTo("ok"));
    }
}
