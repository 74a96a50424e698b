package org.opencirt.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencirt.incident.IncidentApiTest;
import org.opencirt.testing.Api;

/**
 * A recipient opens an incident of its own from a shared incident: only the shared parts go into it, once, linked
 * both ways; the owner's timeline says which CIRT opened one, and the owner reads nothing of it.
 */
@QuarkusTest
class SharedIncidentAdoptionTest {

    private static String cdAsPartnerOfAb() {
        String existing = Api.asUser("ab-admin")
                .get("/api/v1/partners")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("find { it.cirt == 'cert-cd' }.id");
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

    private static JsonPath timeline(String user, String incident) {
        return Api.asUser(user)
                .get("/api/v1/incidents/%s/timeline".formatted(incident))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void theRecipientOpensItsOwnIncidentWithTheSharedPartsOnceAndBothSidesSeeTheLink() {
        var m = "ad" + UUID.randomUUID().toString().substring(0, 8);
        var id = IncidentApiTest.create("ab-analyst", """
                        {"title": "Phishing %1$s wave", "description": "Kit at %1$s.example.net", "tlp": "GREEN",
                         "type": "phishing", "severity": "high",
                         "reporter": {"name": "Private Person", "email": "private-%1$s@victim.example"},
                         "observables": [{"value": "%1$s.example.net"}]}""".formatted(m)).getString("id");
        Api.asUser("ab-analyst")
                .body("{\"body\": \"internal %s note\", \"visibility\": \"internal\"}".formatted(m))
                .post("/api/v1/incidents/%s/comments".formatted(id))
                .then()
                .statusCode(201);
        // nothing to open before a grant shares it
        Api.asUser("cd-analyst")
                .post("/api/v1/shared/incidents/%s/adoption".formatted(id))
                .then()
                .statusCode(404)
                .contentType("application/problem+json");

        Api.asUser("ab-lead")
                .body("""
                        {"objectType": "incident", "objectId": "%s", "audience": "partners", "partners": ["%s"],
                         "parts": ["summary", "observables"]}""".formatted(id, cdAsPartnerOfAb()))
                .post("/api/v1/grants")
                .then()
                .statusCode(201);
        // a CIRT admin does not open incidents
        Api.asUser("cd-admin")
                .post("/api/v1/shared/incidents/%s/adoption".formatted(id))
                .then()
                .statusCode(403);

        var opened = Api.asUser("cd-analyst")
                .post("/api/v1/shared/incidents/%s/adoption".formatted(id))
                .then()
                .statusCode(201)
                .body("sharedIncident", equalTo(id))
                .body("source.cirt", equalTo("cert-ab"))
                .extract();
        String own = opened.path("incident");
        assertThat(opened.header("Location")).endsWith("/api/v1/incidents/" + own);

        var incident = Api.asUser("cd-analyst")
                .get("/api/v1/incidents/" + own)
                .then()
                .statusCode(200)
                .body("reference", containsString("CERT-CD-"))
                .extract()
                .jsonPath();
        assertThat(incident.getString("title")).isEqualTo("Phishing %s wave".formatted(m));
        assertThat(incident.getString("tlp")).isEqualTo("GREEN");
        assertThat(incident.getString("description"))
                .startsWith("Opened from an incident shared by")
                .contains("Kit at " + m);
        assertThat(incident.getList("observables.value")).contains(m + ".example.net");
        // classification was not shared: the recipient classifies it itself
        assertThat(incident.getString("type")).isNotEqualTo("phishing");
        assertThat(incident.prettify()).doesNotContain("private-" + m).doesNotContain("internal " + m);

        // once per shared incident; the copy says which incident the CIRT opened from it
        Api.asUser("cd-lead")
                .post("/api/v1/shared/incidents/%s/adoption".formatted(id))
                .then()
                .statusCode(409)
                .body("detail", containsString(own));
        Api.asUser("cd-analyst")
                .get("/api/v1/shared/incidents/" + id)
                .then()
                .statusCode(200)
                .body("openedAs", equalTo(own));

        // linked both ways: each timeline names the other side; the owner reads nothing of the recipient's incident
        assertThat(timeline("cd-analyst", own).getList("findAll { it.action == 'opened-from-shared' }.after"))
                .singleElement()
                .asString()
                .contains("cert-ab")
                .contains(id);
        assertThat(timeline("ab-analyst", id).getList("findAll { it.action == 'opened-by-partner' }.after"))
                .singleElement()
                .asString()
                .contains("cert-cd")
                .contains(own);
        Api.asUser("ab-analyst")
                .get("/api/v1/incidents/" + own)
                .then()
                .statusCode(404)
                .header("Content-Type", endsWith("problem+json"));
    }
}
