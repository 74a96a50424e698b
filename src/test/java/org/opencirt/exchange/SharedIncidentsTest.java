package org.opencirt.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencirt.incident.IncidentApiTest;
import org.opencirt.testing.Api;

/**
 * What a CIRT sees of another CIRT's shared incidents: only what a grant still shares with it
 * (directly, through a group or with the whole community), only the parts chosen, marked with
 * the source, and nothing once the grant is revoked.
 */
@QuarkusTest
class SharedIncidentsTest {

    /** CERT-AB's partner record for CERT-CD, declared once for the whole suite. */
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

    private static String incident(String tlp, String marker) {
        return IncidentApiTest.create("ab-analyst", """
                        {"title": "Shared %1$s", "description": "Details of %1$s", "tlp": "%2$s", "type": "phishing",
                         "reporter": {"name": "Private Person", "email": "private@victim.example"},
                         "observables": [{"value": "%1$s.example.net"}]}""".formatted(marker, tlp)).getString("id");
    }

    private static String grant(String body) {
        return Api.asUser("ab-lead")
                .body(body)
                .post("/api/v1/grants")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static List<String> sharedWith(String user) {
        return Api.asUser(user)
                .get("/api/v1/shared/incidents")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id");
    }

    private static JsonPath shared(String user, String id) {
        return Api.asUser(user)
                .get("/api/v1/shared/incidents/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static void relabel(String id, String tlp) {
        var version = Api.asUser("ab-analyst")
                .get("/api/v1/incidents/" + id)
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        Api.asUser("ab-analyst")
                .header("If-Match", version)
                .body("{\"tlp\": \"%s\"}".formatted(tlp))
                .patch("/api/v1/incidents/" + id)
                .then()
                .statusCode(200);
    }

    @Test
    void aPartnerCirtSeesOnlyTheChosenPartsAndNothingOnceRevoked() {
        var marker = "sh" + UUID.randomUUID().toString().substring(0, 8);
        var id = incident("AMBER", marker);
        Api.asUser("ab-analyst")
                .body("{\"body\": \"shareable note %s\", \"visibility\": \"shareable\"}".formatted(marker))
                .post("/api/v1/incidents/%s/comments".formatted(id))
                .then()
                .statusCode(201);
        Api.asUser("ab-analyst")
                .body("{\"body\": \"internal note %s\", \"visibility\": \"internal\"}".formatted(marker))
                .post("/api/v1/incidents/%s/comments".formatted(id))
                .then()
                .statusCode(201);
        Api.asUser("cd-analyst").get("/api/v1/shared/incidents/" + id).then().statusCode(404);

        var grant = grant("""
                {"objectType": "incident", "objectId": "%s", "audience": "partners", "partners": ["%s"],
                 "parts": ["summary", "observables", "comments"]}""".formatted(id, cdAsPartnerOfAb()));

        var copy = shared("cd-analyst", id);
        assertThat(copy.getString("source.cirt")).isEqualTo("cert-ab");
        assertThat(copy.getString("title")).isEqualTo("Shared " + marker);
        assertThat(copy.getString("tlp")).isEqualTo("AMBER");
        assertThat(copy.getList("observables.value")).containsExactly(marker + ".example.net");
        assertThat(copy.getList("comments.body")).containsExactly("shareable note " + marker);
        // classification was not shared, and the reporter's personal data never is
        assertThat(copy.getMap("")).doesNotContainKeys("type", "category", "severity", "reporter", "attachments");
        assertThat(copy.prettify()).doesNotContain("private@victim.example").doesNotContain("internal note");
        assertThat(sharedWith("cd-analyst")).contains(id);
        // the owner does not list its own incident as shared with it
        Api.asUser("ab-analyst").get("/api/v1/shared/incidents/" + id).then().statusCode(404);
        assertThat(sharedWith("ab-analyst")).doesNotContain(id);

        // a label raised beyond what the grant allows stops the sharing, and lowering it back resumes it
        relabel(id, "RED");
        Api.asUser("cd-analyst").get("/api/v1/shared/incidents/" + id).then().statusCode(404);
        relabel(id, "AMBER");
        shared("cd-analyst", id);

        Api.asUser("ab-lead").delete("/api/v1/grants/" + grant).then().statusCode(204);
        Api.asUser("cd-analyst").get("/api/v1/shared/incidents/" + id).then().statusCode(404);
        assertThat(sharedWith("cd-analyst")).doesNotContain(id);
    }

    @Test
    void aGroupGrantReachesTheCirtsInTheGroupAsItsMembersChange() {
        var id = incident("GREEN", "gr" + UUID.randomUUID().toString().substring(0, 8));
        var group = Api.asUser("ab-admin")
                .body("{\"name\": \"Neighbours %s\", \"members\": [\"%s\"]}"
                        .formatted(UUID.randomUUID(), cdAsPartnerOfAb()))
                .post("/api/v1/sharing-groups")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        grant("{\"objectType\": \"incident\", \"objectId\": \"%s\", \"audience\": \"group\", \"group\": \"%s\"}"
                .formatted(id, group));

        var copy = shared("cd-analyst", id);
        assertThat(copy.getList("parts")).containsExactly("summary", "classification", "observables");
        assertThat(copy.getString("type")).isEqualTo("phishing");

        Api.asUser("ab-admin")
                .body("{\"members\": []}")
                .put("/api/v1/sharing-groups/%s/members".formatted(group))
                .then()
                .statusCode(200);
        Api.asUser("cd-analyst").get("/api/v1/shared/incidents/" + id).then().statusCode(404);
    }

    @Test
    void aCommunityGrantReachesEveryCirtButAGrantToSomeoneElseReachesNoOtherCirt() {
        var forEveryone = incident("CLEAR", "co" + UUID.randomUUID().toString().substring(0, 8));
        grant("{\"objectType\": \"incident\", \"objectId\": \"%s\", \"audience\": \"community\"}"
                .formatted(forEveryone));
        shared("cd-analyst", forEveryone);

        var remote = Api.asUser("ab-admin")
                .body("{\"kind\": \"remote\", \"name\": \"Elsewhere %s\"}".formatted(UUID.randomUUID()))
                .post("/api/v1/partners")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        var forSomeoneElse =
                incident("AMBER", "el" + UUID.randomUUID().toString().substring(0, 8));
        grant("{\"objectType\": \"incident\", \"objectId\": \"%s\", \"audience\": \"partners\", \"partners\": [\"%s\"]}"
                .formatted(forSomeoneElse, remote));
        Api.asUser("cd-analyst")
                .get("/api/v1/shared/incidents/" + forSomeoneElse)
                .then()
                .statusCode(404);
        Api.asUser("cd-analyst")
                .get("/api/v1/shared/incidents")
                .then()
                .statusCode(200)
                .body("id", not(hasItem(forSomeoneElse)))
                .body(
                        "find { it.id == '%s' }.source".formatted(forEveryone),
                        equalTo(Map.of(
                                "cirt",
                                "cert-ab",
                                "name",
                                Api.asUser("ab-admin")
                                        .get("/api/v1/tenants/me")
                                        .then()
                                        .extract()
                                        .path("name"))));
    }
}
