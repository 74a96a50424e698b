package org.opencirt.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencirt.incident.IncidentApiTest;
import org.opencirt.testing.Api;
import org.opencirt.testing.KeycloakUsers;

/**
 * The incidents another CIRT shares with a CIRT are in its own incident search, as copies marked with their source
 * and holding only the parts the grants share: a search never matches on a part not shared (nor on the reporter or
 * an internal comment), a CIRT not reached never finds them, a revoke removes them, and an edit of the owner reaches
 * them.
 */
@QuarkusTest
class SharedIncidentSearchTest {

    private static final Duration RELAY = Duration.ofSeconds(90);

    @Inject
    KeycloakUsers users;

    private static String cdAsPartnerOfAb() {
        var partners = Api.asUser("ab-admin")
                .get("/api/v1/partners")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String existing = partners.getString("find { it.cirt == 'cert-cd' }.id");
        if (existing != null) {
            return existing;
        }
        return Api.asUser("ab-admin")
                .body("{\"kind\": \"cirt\", \"cirt\": \"cert-cd\"}")
                .post("/api/v1/partners")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static String grantToCd(String incident, String parts) {
        return Api.asUser("ab-lead")
                .body("""
                        {"objectType": "incident", "objectId": "%s", "audience": "partners", "partners": ["%s"],
                         "parts": %s}""".formatted(incident, cdAsPartnerOfAb(), parts))
                .post("/api/v1/grants")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static JsonPath search(String user, String parameter, String value) {
        return Api.asUser(user)
                .queryParam(parameter, value)
                .get("/api/v1/incidents")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** The copies of an incident in a user's search result. */
    private static List<Map<String, Object>> copiesOf(JsonPath result, String incident) {
        return result.getList("items.findAll { it.sharedFrom?.incident == '%s' }".formatted(incident));
    }

    private String thirdCirtUser() {
        var id = "shs-" + UUID.randomUUID().toString().substring(0, 8);
        Api.asUser("platform-admin")
                .body("""
                        {"id": "%s", "name": "CERT %s", "countryCode": "WS", "contactEmail": "cert@%s.example.org"}
                        """.formatted(id, id, id))
                .post("/api/v1/tenants")
                .then()
                .statusCode(201);
        return users.create(List.of("analyst"), List.of(id));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRecipientFindsTheSharedPartsOnlyMarkedWithTheSourceUntilTheGrantIsRevoked() {
        var m = "ss" + UUID.randomUUID().toString().substring(0, 8);
        var id = IncidentApiTest.create("ab-analyst", """
                        {"title": "Phishing %1$stitle wave", "description": "Kit hosted by %1$sdesc", "tlp": "AMBER",
                         "type": "phishing", "reporter": {"name": "Private %1$sreporter", "email": "p@victim.example"},
                         "observables": [{"value": "%1$s.example.net"}]}""".formatted(m)).getString("id");
        Api.asUser("ab-analyst")
                .body("{\"body\": \"internal %scomment\", \"visibility\": \"internal\"}".formatted(m))
                .post("/api/v1/incidents/%s/comments".formatted(id))
                .then()
                .statusCode(201);
        var other = thirdCirtUser();
        var grant = grantToCd(id, "[\"summary\", \"observables\"]");

        await().atMost(RELAY)
                .untilAsserted(() -> assertThat(copiesOf(search("cd-analyst", "q", m + "title"), id))
                        .hasSize(1));
        var copy = copiesOf(search("cd-analyst", "q", m + "title"), id).getFirst();
        assertThat(copy)
                .containsEntry("title", "Phishing %stitle wave".formatted(m))
                .containsEntry("tlp", "AMBER")
                .containsKey("sharedFrom")
                // classification was not shared
                .doesNotContainKeys("type", "category", "severity", "assignee");
        assertThat((Map<String, Object>) copy.get("sharedFrom"))
                .containsEntry("cirt", "cert-ab")
                .containsEntry("incident", id)
                .containsKey("name");
        assertThat(copy.get("id")).isNotEqualTo(id);
        assertThat(copiesOf(search("cd-analyst", "observable", m + ".example.net"), id))
                .hasSize(1);
        // the reporter and the internal comments never leave the owner
        assertThat(copiesOf(search("cd-analyst", "q", m + "reporter"), id)).isEmpty();
        assertThat(copiesOf(search("cd-analyst", "q", m + "comment"), id)).isEmpty();
        // the owner finds its own incident once, not the copy; a CIRT not reached finds nothing
        var own = search("ab-analyst", "q", m + "title");
        assertThat(own.getList("items.id")).containsExactly(id);
        assertThat(own.getList("items.sharedFrom")).containsOnlyNulls();
        assertThat(search(other, "q", m + "title").getLong("total")).isZero();
        assertThat(search(other, "observable", m + ".example.net").getLong("total"))
                .isZero();

        // the owner edits the title: the copy follows
        var version = Api.asUser("ab-analyst")
                .get("/api/v1/incidents/" + id)
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        Api.asUser("ab-analyst")
                .header("If-Match", version)
                .body("{\"title\": \"Phishing %srenamed wave\"}".formatted(m))
                .patch("/api/v1/incidents/" + id)
                .then()
                .statusCode(200);
        await().atMost(RELAY)
                .untilAsserted(() -> assertThat(copiesOf(search("cd-analyst", "q", m + "renamed"), id))
                        .singleElement()
                        .extracting(c -> c.get("title"))
                        .isEqualTo("Phishing %srenamed wave".formatted(m)));
        assertThat(copiesOf(search("cd-analyst", "q", m + "title"), id)).isEmpty();

        // (ReindexTest rebuilds the copies from PostgreSQL: it runs after IndexBootstrapTest, which wants first
        // indices)

        Api.asUser("ab-lead").delete("/api/v1/grants/" + grant).then().statusCode(204);
        await().atMost(RELAY).untilAsserted(() -> {
            assertThat(copiesOf(search("cd-analyst", "q", m + "renamed"), id)).isEmpty();
            assertThat(copiesOf(search("cd-analyst", "observable", m + ".example.net"), id))
                    .isEmpty();
        });
    }

    @Test
    void aPartNotSharedIsNeverMatchedAndARaisedLabelTakesTheCopyAway() {
        var m = "sp" + UUID.randomUUID().toString().substring(0, 8);
        var id = IncidentApiTest.create("ab-analyst", """
                        {"title": "Defacement %1$stitle", "description": "Found on %1$sdesc", "tlp": "GREEN",
                         "type": "phishing", "observables": [{"value": "%1$s.example.org"}]}""".formatted(m)).getString("id");
        grantToCd(id, "[\"classification\", \"observables\"]");

        await().atMost(RELAY)
                .untilAsserted(() -> assertThat(copiesOf(search("cd-analyst", "observable", m + ".example.org"), id))
                        .hasSize(1));
        var copy = copiesOf(search("cd-analyst", "observable", m + ".example.org"), id)
                .getFirst();
        assertThat(copy).containsEntry("type", "phishing").doesNotContainKeys("title", "reference");
        // the summary (title, description) was not shared: no search matches on it
        assertThat(copiesOf(search("cd-analyst", "q", m + "title"), id)).isEmpty();
        assertThat(copiesOf(search("cd-analyst", "q", m + "desc"), id)).isEmpty();

        // the owner raises the label beyond what a partner may receive: the copy goes
        var version = Api.asUser("ab-analyst")
                .get("/api/v1/incidents/" + id)
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        Api.asUser("ab-analyst")
                .header("If-Match", version)
                .body("{\"tlp\": \"RED\"}")
                .patch("/api/v1/incidents/" + id)
                .then()
                .statusCode(200);
        await().atMost(RELAY)
                .untilAsserted(() -> assertThat(copiesOf(search("cd-analyst", "observable", m + ".example.org"), id))
                        .isEmpty());
    }
}
