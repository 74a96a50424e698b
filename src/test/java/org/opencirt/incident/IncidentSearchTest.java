package org.opencirt.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opencirt.testing.Api;

/**
 * Search over the index the outbox relay fills; each run tags its incidents with a fresh marker.
 * (The incidents are made before the first test: RestAssured knows the test port only then.)
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncidentSearchTest {

    private final String marker =
            "m" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    private JsonPath search(String user, String query) {
        return Api.asUser(user)
                .get("/api/v1/incidents?tag=" + marker + (query.isEmpty() ? "" : "&" + query))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private boolean created;

    @BeforeEach
    void createIncidentsOnce() {
        if (created) {
            return;
        }
        created = true;
        for (int i = 0; i < 7; i++) {
            IncidentApiTest.create("ab-analyst", """
                    {"title": "Ransomware wave %d", "description": "encrypting file servers", "type": "system-compromise",
                     "severity": "%s", "tags": ["%s"]}
                    """.formatted(i, i < 2 ? "critical" : "low", marker));
        }
        IncidentApiTest.create("ab-analyst", """
                {"title": "Botnet C2 in our networks", "type": "c2-server", "severity": "high", "tags": ["%s"],
                 "observables": [{"type": "cidr", "value": "192.0.2.0/24"}, {"value": "203.0.113.50"}]}
                """.formatted(marker));
        IncidentApiTest.create("cd-analyst", """
                {"title": "Ransomware at the other CIRT", "type": "system-compromise", "tags": ["%s"],
                 "observables": [{"value": "203.0.113.50"}]}
                """.formatted(marker));
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(search("ab-analyst", "").getLong("total")).isEqualTo(8);
            assertThat(search("cd-analyst", "").getLong("total")).isEqualTo(1);
        });
    }

    @Test
    void fullTextFindsOnlyTheCallersIncidents() {
        var result = search("ab-analyst", "q=ransomware");
        assertThat(result.getLong("total")).isEqualTo(7);
        assertThat(result.getList("items.reference", String.class)).allMatch(r -> r.startsWith("CERT-AB-"));
        assertThat(search("cd-analyst", "q=ransomware").getList("items.reference", String.class))
                .singleElement()
                .asString()
                .startsWith("CERT-CD-");
    }

    @Test
    void filtersAndFacetsCombine() {
        var result = search("ab-analyst", "severity=critical&severity=high");
        assertThat(result.getLong("total")).isEqualTo(3);
        assertThat(search("ab-analyst", "type=c2-server&state=new").getLong("total"))
                .isEqualTo(1);
        var facets = search("ab-analyst", "");
        assertThat(facets.getInt("facets.severity.find { it.key == 'low' }.count"))
                .isEqualTo(5);
        assertThat(facets.getInt("facets.category.find { it.key == 'intrusions' }.count"))
                .isEqualTo(7);
        assertThat(facets.getInt("facets.day[0].count")).isEqualTo(8);
    }

    @Test
    void observableSearchMatchesExactValuesAndAddressesInsideCidrs() {
        assertThat(search("ab-analyst", "observable=203.0.113[.]50").getList("items.title", String.class))
                .containsExactly("Botnet C2 in our networks");
        assertThat(search("ab-analyst", "observable=192.0.2.77").getList("items.title", String.class))
                .containsExactly("Botnet C2 in our networks");
        assertThat(search("ab-analyst", "observable=198.51.100.1").getLong("total"))
                .isZero();
    }

    @Test
    void cursorsPageThroughEverythingOnceAndAreBoundToTheCaller() {
        var seen = new ArrayList<String>();
        String cursor = null;
        JsonPath page;
        do {
            page = search("ab-analyst", "sort=-severity&limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            seen.addAll(page.getList("items.id", String.class));
            cursor = page.getString("next");
        } while (cursor != null);
        assertThat(seen).hasSize(8);
        assertThat(new HashSet<>(seen)).hasSize(8);
        assertThat(search("ab-analyst", "sort=-severity&limit=3").getList("items.severity", String.class))
                .containsExactly("critical", "critical", "high");

        var first = search("ab-analyst", "limit=2").getString("next");
        Api.asUser("cd-analyst")
                .get("/api/v1/incidents?tag=%s&limit=2&cursor=%s".formatted(marker, first))
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("cursor"));
        Api.asUser("ab-analyst")
                .get("/api/v1/incidents?tag=%s&limit=2&cursor=%s".formatted(marker, first + "x"))
                .then()
                .statusCode(400);
    }

    @Test
    void unknownSortsAndFiltersAreRefused() {
        Api.asUser("ab-analyst")
                .get("/api/v1/incidents?sort=title")
                .then()
                .statusCode(400)
                .body("detail", containsString("allowed"));
        Api.asUser("ab-analyst")
                .get("/api/v1/incidents?state=open")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("state"));
        Api.asUser("ab-analyst").get("/api/v1/incidents?limit=5000").then().statusCode(400);
    }

    @Test
    void searchSyntaxInUserTextNeverFails() {
        for (var text : List.of("\"unbalanced", "(((", "title:*", "a OR", "~~~", "<script>")) {
            Api.asUser("ab-analyst")
                    .queryParam("q", text)
                    .get("/api/v1/incidents")
                    .then()
                    .statusCode(200);
        }
    }
}
