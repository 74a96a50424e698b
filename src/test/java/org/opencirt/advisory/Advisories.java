package org.opencirt.advisory;

import io.restassured.path.json.JsonPath;
import java.util.UUID;
import org.opencirt.testing.Api;

/** Shortcuts for advisory tests: a form body, and draft -> review -> published through the API. */
final class Advisories {

    private Advisories() {}

    /** A published version: the advisory's id, and the version as the API answered it. */
    record Published(String advisoryId, JsonPath version) {

        String path() {
            return version.getString("path");
        }
    }

    static String form(String title, String tlp, String cve) {
        return """
                {"title": "%s", "summary": "Summary of %s", "tlp": "%s", "severity": "High",
                 "products": [{"vendor": "Example Networks", "name": "Router OS", "versions": ["1.0.0", "1.0.1"], "fixedVersions": ["1.0.2"]}],
                 "vulnerabilities": [{"cve": "%s", "title": "Injection", "description": "Details.", "cwe": "CWE-78",
                                      "cvssVector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
                 "recommendations": "Update to 1.0.2.",
                 "references": [{"url": "https://vendor.example/sa-1", "summary": "Vendor advisory"}]}
                """.formatted(title, title, tlp, cve);
    }

    static String uniqueCve() {
        return "CVE-2026-%d".formatted(100000 + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 900000L));
    }

    static JsonPath createDraft(String user, String formBody) {
        return Api.asUser(user)
                .body(formBody)
                .post("/api/v1/advisories/from-form")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    /** Creates from the form as {@code analyst}, submits, publishes as {@code lead}. */
    static Published publish(String analyst, String lead, String formBody) {
        return submitAndPublish(analyst, lead, createDraft(analyst, formBody).getString("id"));
    }

    static Published submitAndPublish(String analyst, String lead, String id) {
        Api.asUser(analyst)
                .post("/api/v1/advisories/" + id + "/submission")
                .then()
                .statusCode(200);
        var version = Api.asUser(lead)
                .post("/api/v1/advisories/" + id + "/publication")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return new Published(id, version);
    }
}
