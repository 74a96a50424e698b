package org.opencirt.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencirt.incident.IncidentApiTest;
import org.opencirt.testing.Api;

/**
 * Reads of what a CIRT shared (docs/audit.md): cert-ab shares an incident with cert-cd, and each read of it by a
 * cert-cd user lands in cert-ab's chain, naming the reader and its CIRT; cert-cd's own trail gets none of it.
 */
@QuarkusTest
class SharedReadAuditTest {

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

    private static String sharedIncident(String marker) {
        var id = IncidentApiTest.create("ab-analyst", """
                        {"title": "Read by a partner %1$s", "tlp": "AMBER", "type": "phishing",
                         "observables": [{"value": "%1$s.example.net"}]}""".formatted(marker)).getString("id");
        Api.asUser("ab-lead")
                .body("""
                        {"objectType": "incident", "objectId": "%s", "audience": "partners", "partners": ["%s"],
                         "parts": ["summary", "observables"]}""".formatted(id, cdAsPartnerOfAb()))
                .post("/api/v1/grants")
                .then()
                .statusCode(201);
        return id;
    }

    private static JsonPath trail(String user, String parameter, String value) {
        return Api.asUser(user)
                .queryParam(parameter, value)
                .queryParam("limit", 500)
                .get("/api/v1/audit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void aPartnersReadOfASharedIncidentIsInTheOwnersChainNamingTheReaderAndItsCirt() {
        var id = sharedIncident("rd" + UUID.randomUUID().toString().substring(0, 8));
        var requestId = "shared-read-" + UUID.randomUUID();
        Api.asUser("cd-analyst")
                .header("X-Request-Id", requestId)
                .get("/api/v1/shared/incidents/" + id)
                .then()
                .statusCode(200)
                .body("source.cirt", equalTo("cert-ab"));

        var owner = trail("ab-lead", "objectId", id);
        var reads = owner.getList("entries.findAll { it.action == 'sharedIncident.get' }.requestId");
        assertThat(reads).containsExactly(requestId);
        assertThat(owner.getString("entries.find { it.action == 'sharedIncident.get' }.actor"))
                .isEqualTo("cert-cd/cd-analyst");
        assertThat(owner.getString("entries.find { it.action == 'sharedIncident.get' }.tenant"))
                .isEqualTo("cert-ab");
        assertThat(owner.getString("entries.find { it.action == 'sharedIncident.get' }.objectType"))
                .isEqualTo("incidents");
        assertThat(owner.getString("entries.find { it.action == 'sharedIncident.get' }.roles"))
                .isEqualTo("analyst");

        // the reader's CIRT gets neither the entry nor anything naming cert-ab's incident
        assertThat(trail("cd-lead", "objectId", id).getList("entries")).isEmpty();
        assertThat(trail("cd-admin", "action", "sharedIncident.get").getList("entries.tenant"))
                .doesNotContain("cert-ab");
        // both chains still verify
        Api.asUser("ab-lead")
                .get("/api/v1/audit/verification")
                .then()
                .statusCode(200)
                .body("ok", equalTo(true));
        Api.asUser("cd-lead")
                .get("/api/v1/audit/verification")
                .then()
                .statusCode(200)
                .body("ok", equalTo(true));
    }

    @Test
    void aListOfSharedIncidentsLeavesOneEntryInEachOwnersChainAndAReadOfNothingSharedLeavesNone() {
        var id = sharedIncident("ls" + UUID.randomUUID().toString().substring(0, 8));
        var requestId = "shared-list-" + UUID.randomUUID();
        var listed = Api.asUser("cd-lead")
                .header("X-Request-Id", requestId)
                .get("/api/v1/shared/incidents")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(listed.getList("id")).contains(id);

        var lists = trail("ab-lead", "action", "sharedIncident.list");
        assertThat(lists.getList("entries.findAll { it.requestId == '%s' }.actor".formatted(requestId)))
                .containsExactly("cert-cd/cd-lead");
        assertThat(lists.getString("entries.find { it.requestId == '%s' }.objectId".formatted(requestId)))
                .isNull();
        assertThat(trail("cd-lead", "action", "sharedIncident.list").getList("entries.requestId"))
                .doesNotContain(requestId);

        // an incident never shared with cert-cd: 404 and no entry in either chain
        var unshared = IncidentApiTest.create("ab-analyst", "{\"title\": \"Kept at home\", \"tlp\": \"AMBER\"}")
                .getString("id");
        Api.asUser("cd-analyst")
                .get("/api/v1/shared/incidents/" + unshared)
                .then()
                .statusCode(404);
        assertThat(trail("ab-lead", "objectId", unshared).getList("entries.action"))
                .containsExactly("incident.create");
        assertThat(trail("cd-lead", "objectId", unshared).getList("entries")).isEmpty();
    }

    @Test
    void aPartnersReadOfASharedAdvisoryIsInTheOwnersChainToo() {
        var cve =
                "CVE-2026-%d".formatted(100000 + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 900000L));
        String id = Api.asUser("ab-analyst")
                .body("""
                        {"title": "Shared read advisory %s", "summary": "s", "tlp": "AMBER", "severity": "High",
                         "products": [{"vendor": "V", "name": "P", "versions": ["1.0.0"]}],
                         "vulnerabilities": [{"cve": "%s", "title": "Injection", "description": "Details."}]}""".formatted(UUID.randomUUID(), cve))
                .post("/api/v1/advisories/from-form")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Api.asUser("ab-lead")
                .body("""
                        {"objectType": "advisory", "objectId": "%s", "audience": "partners", "partners": ["%s"]}""".formatted(id, cdAsPartnerOfAb()))
                .post("/api/v1/grants")
                .then()
                .statusCode(201);
        var requestId = "shared-advisory-read-" + UUID.randomUUID();
        Api.asUser("cd-lead")
                .header("X-Request-Id", requestId)
                .get("/api/v1/shared/advisories/" + id)
                .then()
                .statusCode(200);

        var owner = trail("ab-lead", "objectId", id);
        assertThat(owner.getList("entries.findAll { it.requestId == '%s' }.action".formatted(requestId)))
                .containsExactly("sharedAdvisory.get");
        assertThat(owner.getString("entries.find { it.requestId == '%s' }.actor".formatted(requestId)))
                .isEqualTo("cert-cd/cd-lead");
        assertThat(trail("cd-lead", "objectId", id).getList("entries")).isEmpty();
    }

    @Test
    void aSearchThatHoldsASharedCopyIsInTheOwnersChainAndOneThatHoldsNoneIsInNoChain() {
        var marker = "sq" + UUID.randomUUID().toString().substring(0, 8);
        var id = sharedIncident(marker);
        // the copy reaches cert-cd's search through the outbox
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> Api.asUser("cd-analyst")
                        .queryParam("q", marker)
                        .get("/api/v1/incidents")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("items.sharedFrom.incident")
                        .contains(id));

        var requestId = "shared-search-" + UUID.randomUUID();
        Api.asUser("cd-analyst")
                .header("X-Request-Id", requestId)
                .queryParam("q", marker)
                .get("/api/v1/incidents")
                .then()
                .statusCode(200);
        var searches = trail("ab-lead", "action", "incident.list");
        assertThat(searches.getList("entries.findAll { it.requestId == '%s' }.actor".formatted(requestId)))
                .containsExactly("cert-cd/cd-analyst");
        assertThat(trail("cd-lead", "action", "incident.list").getList("entries.requestId"))
                .doesNotContain(requestId);

        // a search that finds no copy records nothing, in either chain
        var nothing = "shared-search-none-" + UUID.randomUUID();
        Api.asUser("cd-analyst")
                .header("X-Request-Id", nothing)
                .queryParam("q", "nothing-" + marker)
                .get("/api/v1/incidents")
                .then()
                .statusCode(200)
                .body("items", org.hamcrest.Matchers.empty());
        assertThat(trail("ab-lead", "action", "incident.list").getList("entries.requestId"))
                .doesNotContain(nothing);
        assertThat(trail("cd-lead", "action", "incident.list").getList("entries.requestId"))
                .doesNotContain(nothing);
    }
}
