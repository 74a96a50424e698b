package org.opencirt.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.Api;

/** Bad input through the API: problem+json with a JSON pointer for every finding, limits, and nothing stored. */
@QuarkusTest
class AdvisoryValidationTest {

    private static int count() {
        return Api.asUser("cd-analyst")
                .get("/api/v1/advisories?limit=1000")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id")
                .size();
    }

    @Test
    void csafFindingsAreAllReportedWithPointersAndNothingIsStored() {
        var before = count();
        var csaf = """
                {"document": {"category": "csaf_security_advisory", "title": "Bad", "distribution": {"tlp": {"label": "WHITE"}},
                  "notes": [{"category": "summary", "text": "x"}]},
                 "product_tree": {"full_product_names": [{"name": "P", "product_id": "P1"}, {"name": "P again", "product_id": "P1"}]},
                 "vulnerabilities": [
                   {"cve": "CVE-2026-1111", "notes": [{"category": "description", "text": "d"}],
                    "product_status": {"known_affected": ["P1", "P7"]},
                    "scores": [{"products": ["P1"], "cvss_v3": {"version": "3.1", "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
                                "baseScore": 5.0, "baseSeverity": "MEDIUM"}}]},
                   {"cve": "CVE-2026-1111", "notes": [{"category": "description", "text": "d"}], "product_status": {"fixed": ["P1"]}}]}
                """;
        Api.asUser("cd-analyst")
                .body(csaf)
                .post("/api/v1/advisories")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://opencirt.org/problems/validation"))
                .body(
                        "errors.pointer",
                        hasItems(
                                "/product_tree/full_product_names/1/product_id",
                                "/vulnerabilities/0/product_status/known_affected/1",
                                "/vulnerabilities/0/scores/0/cvss_v3/baseScore",
                                "/vulnerabilities/1/cve"));
        Api.asUser("cd-analyst")
                .body("""
                {"document": {"category": "csaf_security_advisory", "distribution": {"tlp": {"label": "PINK"}}}}
                """)
                .post("/api/v1/advisories")
                .then()
                .statusCode(400)
                .body("errors.pointer", hasItem("/document/distribution/tlp/label"));
        Api.asUser("cd-analyst")
                .body("""
                {"document": {"category": "csaf_vex", "title": "t", "distribution": {"tlp": {"label": "WHITE"}}}}
                """)
                .post("/api/v1/advisories")
                .then()
                .statusCode(400)
                .body("errors.pointer", hasItem("/document/category"));
        Api.asUser("cd-analyst")
                .body("{\"document\": {\"title\": \"a\", \"title\": \"b\"}}")
                .post("/api/v1/advisories")
                .then()
                .statusCode(400)
                .body("detail", startsWith("The body is not valid JSON"));
        Api.asUser("cd-analyst")
                .body("[]")
                .post("/api/v1/advisories")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/"));
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void schemaFindingsOnTheCsafPathNameTheField() {
        Api.asUser("cd-analyst")
                .body("""
                {"document": {"category": "csaf_base", "distribution": {"tlp": {"label": "WHITE"}}, "lang": "not a language!"}}
                """)
                .post("/api/v1/advisories")
                .then()
                .statusCode(400)
                .body("errors.pointer", hasItems("/document/title", "/document/lang"));
    }

    @Test
    void formFindingsPointIntoTheForm() {
        var before = count();
        Api.asUser("cd-analyst")
                .body("""
                {"title": "", "summary": "s", "tlp": "PURPLE",
                 "products": [{"vendor": "V", "name": "P", "versions": ["1", "1"]}],
                 "vulnerabilities": [{"cve": "CVE-1", "description": "d", "cwe": "CWE-79"}],
                 "references": [{"url": "javascript:alert(1)", "summary": "x"}]}
                """)
                .post("/api/v1/advisories/from-form")
                .then()
                .statusCode(400)
                .body("errors.pointer", hasItems("/title", "/tlp", "/vulnerabilities/0/cve", "/references/0/url"));
        Api.asUser("cd-analyst")
                .body("""
                {"title": "t", "summary": "s",
                 "products": [{"vendor": "V", "name": "P", "versions": ["1", "1"]}],
                 "vulnerabilities": [{"cve": "CVE-2026-12345", "description": "d", "cwe": "CWE-999999", "cvssVector": "CVSS:3.1/AV:N"},
                                     {"cve": "CVE-2026-12345", "description": "again"}]}
                """)
                .post("/api/v1/advisories/from-form")
                .then()
                .statusCode(400)
                .body(
                        "errors.pointer",
                        hasItems(
                                "/products/0/versions/1",
                                "/vulnerabilities/0/cwe",
                                "/vulnerabilities/0/cvssVector",
                                "/vulnerabilities/1/cve"));
        Api.asUser("cd-analyst")
                .body("{\"title\": \"t\", \"summary\": \"s\", \"products\": [], \"tenant\": \"cert-ab\"}")
                .post("/api/v1/advisories/from-form")
                .then()
                .statusCode(400);
        assertThat(count()).isEqualTo(before);
    }

    @Test
    void limitsOnSizeAndCounts() {
        var big = "{\"document\": {\"title\": \"" + "x".repeat(1_100_000) + "\"}}";
        Api.asUser("cd-analyst")
                .body(big)
                .post("/api/v1/advisories")
                .then()
                .statusCode(413)
                .contentType("application/problem+json");
        var products = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            products.append(i == 0 ? "" : ",").append("{\"name\": \"P%d\", \"product_id\": \"P%d\"}".formatted(i, i));
        }
        Api.asUser("cd-analyst")
                .body("""
                {"document": {"category": "csaf_base", "title": "t", "distribution": {"tlp": {"label": "WHITE"}}},
                 "product_tree": {"full_product_names": [%s]}}
                """.formatted(products))
                .post("/api/v1/advisories")
                .then()
                .statusCode(400)
                .body("errors.pointer", hasItem("/product_tree"));
    }

    @Test
    void theValidationEndpointAnswersFindingsWithoutStoring() {
        Api.asUser("cd-analyst")
                .body(CsafRulesTestDocs.VALID)
                .post("/api/v1/advisories/validation")
                .then()
                .statusCode(200)
                .body("valid", equalTo(true));
        Api.asUser("cd-analyst")
                .body("{\"document\": {}}")
                .post("/api/v1/advisories/validation")
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("errors.pointer", hasItem("/document/title"))
                .body("errors.test", hasItem("schema"));
        // schema-valid, but versions mixing integer and semantic versioning: findings by test, never a 500
        Api.asUser("cd-analyst")
                .body(CsafRulesTestDocs.VALID
                        .replace("\"version\": \"1\"", "\"version\": \"2\"")
                        .replace("\"number\": \"1\"", "\"number\": \"1.0.0\""))
                .post("/api/v1/advisories/validation")
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("errors.test", hasItem("6.1.30"))
                .body("errors.pointer", hasItem("/document/tracking/revision_history/0/number"))
                .body("warnings", org.hamcrest.Matchers.empty())
                .body("infos", org.hamcrest.Matchers.empty());
    }

    @Test
    void trackingIdsAreUniquePerCirtAndFixedOncePublished() {
        var draft = Advisories.createDraft("cd-analyst", Advisories.form("Dup", "WHITE", Advisories.uniqueCve()));
        var trackingId = draft.getString("trackingId");
        var form = Advisories.form("Dup 2", "WHITE", Advisories.uniqueCve())
                .replaceFirst("\\{", "{\"trackingId\": \"" + trackingId + "\",");
        Api.asUser("cd-analyst")
                .body(form)
                .post("/api/v1/advisories/from-form")
                .then()
                .statusCode(409);
        // another CIRT may use the same tracking id
        Api.asUser("ab-analyst")
                .body(form)
                .post("/api/v1/advisories/from-form")
                .then()
                .statusCode(201);
        var id = draft.getString("id");
        Advisories.submitAndPublish("cd-analyst", "cd-lead", id);
        var renamed = Advisories.form("Dup", "WHITE", Advisories.uniqueCve())
                .replaceFirst("\\{", "{\"trackingId\": \"CD-OTHER-1\",");
        Api.asUser("cd-analyst")
                .body(renamed)
                .put("/api/v1/advisories/" + id + "/form")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/document/tracking/id"));
    }
}
