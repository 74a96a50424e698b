package org.opencirt.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.Api;

/**
 * What a CIRT sees of another CIRT's shared advisories: the CSAF document and its metadata, marked with the source,
 * only while a grant shares it with that CIRT; never the owner's people, never an advisory not shared.
 */
@QuarkusTest
class SharedAdvisoriesTest {

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

    private static String draft(String title) {
        var cve =
                "CVE-2026-%d".formatted(100000 + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 900000L));
        return Api.asUser("ab-analyst")
                .body("""
                        {"title": "%s", "summary": "Summary of it", "tlp": "AMBER", "severity": "High",
                         "products": [{"vendor": "Example Networks", "name": "Router OS", "versions": ["1.0.0"], "fixedVersions": ["1.0.2"]}],
                         "vulnerabilities": [{"cve": "%s", "title": "Injection", "description": "Details.", "cwe": "CWE-78",
                                              "cvssVector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
                         "recommendations": "Update to 1.0.2."}""".formatted(title, cve))
                .post("/api/v1/advisories/from-form")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static List<String> listed(String user) {
        return Api.asUser(user)
                .get("/api/v1/shared/advisories")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id");
    }

    @Test
    void aPartnerCirtReadsTheSharedAdvisoryMarkedWithItsSourceUntilTheGrantIsRevoked() {
        var title = "Shared advisory " + UUID.randomUUID();
        var id = draft(title);
        var notShared = draft("Kept advisory " + UUID.randomUUID());
        Api.asUser("cd-analyst").get("/api/v1/shared/advisories/" + id).then().statusCode(404);

        var grant = Api.asUser("ab-lead")
                .body("""
                        {"objectType": "advisory", "objectId": "%s", "audience": "partners", "partners": ["%s"]}""".formatted(id, cdAsPartnerOfAb()))
                .post("/api/v1/grants")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");

        JsonPath copy = Api.asUser("cd-analyst")
                .get("/api/v1/shared/advisories/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(copy.getString("source.cirt")).isEqualTo("cert-ab");
        assertThat(copy.getString("tlp")).isEqualTo("AMBER");
        assertThat(copy.getString("title")).isEqualTo(title);
        assertThat(copy.getString("state")).isEqualTo("draft");
        assertThat(copy.getString("document.document.title")).isEqualTo(title);
        assertThat(copy.getString("document.vulnerabilities[0].cve")).startsWith("CVE-2026-");
        // who wrote and edited it stays with the owner
        assertThat(copy.getMap("")).doesNotContainKeys("createdBy", "updatedBy", "submittedBy", "draftEditors");

        var list = Api.asUser("cd-lead")
                .get("/api/v1/shared/advisories")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Object> listed = list.getMap("find { it.id == '%s' }".formatted(id));
        assertThat(listed).containsEntry("title", title).doesNotContainKey("document");
        assertThat(list.getList("id")).doesNotContain(notShared);
        Api.asUser("cd-analyst")
                .get("/api/v1/shared/advisories/" + notShared)
                .then()
                .statusCode(404);
        // the owner does not read its own advisory as shared with it
        Api.asUser("ab-analyst").get("/api/v1/shared/advisories/" + id).then().statusCode(404);
        assertThat(listed("ab-analyst")).doesNotContain(id);

        Api.asUser("ab-lead").delete("/api/v1/grants/" + grant).then().statusCode(204);
        Api.asUser("cd-analyst")
                .get("/api/v1/shared/advisories/" + id)
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        assertThat(listed("cd-analyst")).doesNotContain(id);
    }
}
