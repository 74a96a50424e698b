package org.opencirt.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.opencirt.testing.Api;

/** Advisories in the console: the editor form, preview, review, a lead's publication with its signature checked. */
@QuarkusTest
class ConsoleAdvisoriesTest {

    @Inject
    Keycloak keycloak;

    @BeforeEach
    void realmKnowsTheTestPort() {
        ConsoleRealm.syncFromRealmFile(keycloak);
    }

    static Map<String, String> form(String csrf, String title) {
        var cve = "CVE-2026-%d".formatted(100000 + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 900000L));
        var fields = new HashMap<String, String>();
        fields.put("_csrf", csrf);
        fields.put("title", title);
        fields.put("summary", "Remote code execution in Router OS <b>before</b> 1.0.2");
        fields.put("tlp", "WHITE");
        fields.put("severity", "High");
        fields.put("vendor", "Example Networks");
        fields.put("product", "Router OS");
        fields.put("versions", "1.0.0, 1.0.1");
        fields.put("fixedVersions", "1.0.2");
        fields.put("cve", cve);
        fields.put("vulnTitle", "Command injection");
        fields.put("description", "The web interface passes a parameter to a shell.");
        fields.put("cwe", "CWE-78");
        fields.put("cvss", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
        fields.put("recommendations", "Update to 1.0.2.");
        fields.put("referenceUrl", "https://vendor.example/sa-1");
        fields.put("referenceSummary", "Vendor advisory");
        return fields;
    }

    @Test
    void analystDraftsAndSubmitsALeadPublishesAndTheSignatureIsValid() {
        var title = "Router OS command injection " + UUID.randomUUID().toString().substring(0, 6);
        var analyst = new ConsoleBrowser();
        var formPage = analyst.login("ab-analyst", "/console/advisories/new");
        assertThat(formPage.status()).isEqualTo(200);
        var draft = analyst.post("/console/advisories", form(formPage.csrf(), title));
        assertThat(draft.status()).isEqualTo(200);
        assertThat(draft.url()).matches(".*/console/advisories/[0-9a-f-]{36}$");
        var id = draft.url().substring(draft.url().lastIndexOf('/') + 1);
        assertThat(draft.body()).contains(title).contains("Example Networks").contains("CWE-78").contains("Draft")
                .contains("&lt;b&gt;before&lt;/b&gt;").doesNotContain("<b>before</b>");

        var submitted = analyst.post("/console/advisories/" + id + "/submission", Map.of("_csrf", formPage.csrf()));
        assertThat(submitted.body()).contains("In review").doesNotContain("id=\"publish-advisory\"");
        assertThat(analyst.post("/console/advisories/" + id + "/publication", Map.of("_csrf", formPage.csrf())).status()).isEqualTo(403);

        var lead = new ConsoleBrowser();
        var page = lead.login("ab-lead", "/console/advisories/" + id);
        assertThat(page.body()).contains("id=\"publish-advisory\"");
        var published = lead.post("/console/advisories/" + id + "/publication", Map.of("_csrf", page.csrf()));
        assertThat(published.status()).isEqualTo(200);
        assertThat(published.body()).contains("Published").contains("Valid (key of cert-ab)").contains(".json</code>");
        assertThat(Api.asUser("ab-lead").get("/api/v1/advisories/" + id).then().extract().<String>path("state")).isEqualTo("published");
        assertThat(lead.get("/console/advisories").body()).contains("/console/advisories/" + id);
    }

    @Test
    void anInvalidFormIsShownAgainWithItsErrorsAndNothingIsStored() {
        var browser = new ConsoleBrowser();
        var formPage = browser.login("ab-analyst", "/console/advisories/new");
        var fields = form(formPage.csrf(), "bad " + UUID.randomUUID());
        fields.put("cve", "CVE-26-1");
        fields.put("referenceUrl", "javascript:alert(1)");
        var page = browser.post("/console/advisories", fields);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.url()).endsWith("/console/advisories");
        assertThat(page.body()).contains("role=\"alert\"").contains("CVE-2026-12345").contains("value=\"CVE-26-1\"");
        assertThat(Api.asUser("ab-analyst").get("/api/v1/advisories").then().extract().jsonPath().getList("title"))
                .doesNotContain(fields.get("title"));
    }

    @Test
    void anotherCirtsLeadCannotSeeNorPublishTheAdvisory() {
        var browser = new ConsoleBrowser();
        var formPage = browser.login("ab-analyst", "/console/advisories/new");
        var draft = browser.post("/console/advisories", form(formPage.csrf(), "AB only " + UUID.randomUUID()));
        var id = draft.url().substring(draft.url().lastIndexOf('/') + 1);
        browser.post("/console/advisories/" + id + "/submission", Map.of("_csrf", formPage.csrf()));

        var cd = new ConsoleBrowser();
        var home = cd.login("cd-lead");
        assertThat(cd.get("/console/advisories/" + id).status()).isEqualTo(404);
        assertThat(cd.post("/console/advisories/" + id + "/publication", Map.of("_csrf", home.csrf())).status()).isEqualTo(404);
        assertThat(cd.post("/console/advisories/" + id + "/rejection", Map.of("_csrf", home.csrf())).status()).isEqualTo(404);
        assertThat(cd.get("/console/advisories").body()).doesNotContain(id);
        assertThat(Api.asUser("ab-lead").get("/api/v1/advisories/" + id).then().extract().<String>path("state")).isEqualTo("in_review");
        assertThat(Pattern.compile("AB only").matcher(cd.get("/console/advisories").body()).find()).isFalse();
    }
}
