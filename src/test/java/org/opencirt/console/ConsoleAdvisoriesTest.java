package org.opencirt.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
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
        var cve =
                "CVE-2026-%d".formatted(100000 + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 900000L));
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
        var title =
                "Router OS command injection " + UUID.randomUUID().toString().substring(0, 6);
        var analyst = new ConsoleBrowser();
        var formPage = analyst.login("ab-analyst", "/console/advisories/new");
        assertThat(formPage.status()).isEqualTo(200);
        var draft = analyst.post("/console/advisories", form(formPage.csrf(), title));
        assertThat(draft.status()).isEqualTo(200);
        assertThat(draft.url()).matches(".*/console/advisories/[0-9a-f-]{36}$");
        var id = draft.url().substring(draft.url().lastIndexOf('/') + 1);
        assertThat(draft.body())
                .contains(title)
                .contains("Example Networks")
                .contains("CWE-78")
                .contains("Draft")
                .contains("&lt;b&gt;before&lt;/b&gt;")
                .doesNotContain("<b>before</b>");

        var submitted = analyst.post("/console/advisories/" + id + "/submission", Map.of("_csrf", formPage.csrf()));
        assertThat(submitted.body()).contains("In review").doesNotContain("id=\"publish-advisory\"");
        assertThat(analyst.post("/console/advisories/" + id + "/publication", Map.of("_csrf", formPage.csrf()))
                        .status())
                .isEqualTo(403);

        var lead = new ConsoleBrowser();
        var page = lead.login("ab-lead", "/console/advisories/" + id);
        assertThat(page.body()).contains("id=\"publish-advisory\"");
        var published = lead.post("/console/advisories/" + id + "/publication", Map.of("_csrf", page.csrf()));
        assertThat(published.status()).isEqualTo(200);
        assertThat(published.body())
                .contains("Published")
                .contains("Valid (key of cert-ab)")
                .contains(".json</code>");
        assertThat(Api.asUser("ab-lead")
                        .get("/api/v1/advisories/" + id)
                        .then()
                        .extract()
                        .<String>path("state"))
                .isEqualTo("published");
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
        assertThat(page.body())
                .contains("role=\"alert\"")
                .contains("CVE-2026-12345")
                .contains("value=\"CVE-26-1\"");
        assertThat(Api.asUser("ab-analyst")
                        .get("/api/v1/advisories")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("title"))
                .doesNotContain(fields.get("title"));
    }

    @Test
    void theEditorShowsEveryFindingOfTheValidatorUnderTheFieldItPointsTo() {
        var browser = new ConsoleBrowser();
        var formPage = browser.login("ab-analyst", "/console/advisories/new");
        var created = browser.post("/console/advisories", form(formPage.csrf(), "Findings " + UUID.randomUUID()));
        var id = created.url().substring(created.url().lastIndexOf('/') + 1);
        var document = Api.asUser("ab-analyst")
                .get("/api/v1/advisories/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("document");
        var findings = Api.asUser("ab-analyst")
                .body(document)
                .post("/api/v1/advisories/validation")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<Map<String, String>> all = new java.util.ArrayList<>();
        all.addAll(findings.getList("warnings"));
        all.addAll(findings.getList("infos"));
        assertThat(all)
                .as("a draft from the form has warnings or information to show")
                .isNotEmpty();

        var edit = org.jsoup.Jsoup.parse(
                browser.get("/console/advisories/" + id + "/edit").body());
        for (var finding : all) {
            var field = fieldOf(finding.get("pointer"));
            var list = field == null ? edit.getElementById("findings") : edit.getElementById(field + "-findings");
            assertThat(list).as("the list where %s belongs", finding).isNotNull();
            assertThat(list.text()).as(finding.toString()).contains(finding.get("test"), finding.get("message"));
            if (field != null) {
                // right after the field it concerns
                assertThat(list.previousElementSibling().id()).isEqualTo(field);
            }
        }
    }

    /** Where the form places a finding: the first field whose part of the document holds the pointer. */
    private static String fieldOf(String pointer) {
        var fields = List.of(
                Map.entry("/document/title", "a-title"),
                Map.entry("/document/notes", "a-summary"),
                Map.entry("/document/distribution", "a-tlp"),
                Map.entry("/document/aggregate_severity", "a-severity"),
                Map.entry("/document/references", "a-ref-url"),
                Map.entry("/product_tree/branches/0/branches/0/branches", "a-versions"),
                Map.entry("/product_tree/branches/0/branches", "a-product"),
                Map.entry("/product_tree/branches", "a-vendor"),
                Map.entry("/vulnerabilities/0/cve", "a-cve"),
                Map.entry("/vulnerabilities/0/title", "a-vtitle"),
                Map.entry("/vulnerabilities/0/notes", "a-description"),
                Map.entry("/vulnerabilities/0/cwe", "a-cwe"),
                Map.entry("/vulnerabilities/0/scores", "a-cvss"),
                Map.entry("/vulnerabilities/0/remediations", "a-recommendations"),
                Map.entry("/vulnerabilities/0/product_status/fixed", "a-fixed"),
                Map.entry("/vulnerabilities/0/product_status", "a-versions"));
        return fields.stream()
                .filter(e -> pointer.equals(e.getKey()) || pointer.startsWith(e.getKey() + "/"))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    @Test
    void aRefusedJsonDraftShowsItsErrorsWithTheLineOfTheMemberTheyPointTo() throws Exception {
        var title = "Json findings " + UUID.randomUUID().toString().substring(0, 6);
        var id = Api.asUser("ab-analyst")
                .body("""
                {"title": "%s", "summary": "One.", "tlp": "GREEN",
                 "products": [{"vendor": "Example Networks", "name": "Router OS", "versions": ["1.0.0"]},
                              {"vendor": "Example Networks", "name": "Switch OS", "versions": ["2.0.0"]}],
                 "vulnerabilities": [{"description": "First flaw."}, {"description": "Second flaw."}]}
                """.formatted(title))
                .post("/api/v1/advisories/from-form")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        var browser = new ConsoleBrowser();
        var edit = browser.login("ab-analyst", "/console/advisories/" + id + "/edit");
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var m = Pattern.compile("<textarea id=\"a-document\" name=\"document\"[^>]*>(.*?)</textarea>", Pattern.DOTALL)
                .matcher(edit.body());
        assertThat(m.find()).isTrue();
        var document = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(unescape(m.group(1)));
        // a CWE id that is no CWE id: the schema refuses it (an error at /vulnerabilities/1/cwe/id)
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                        document.withArray("vulnerabilities").get(1))
                .putObject("cwe")
                .put("id", "CWE-X")
                .put("name", "Nothing");
        var text = json.writerWithDefaultPrettyPrinter().writeValueAsString(document);
        var lines = List.of(text.split("\n"));
        var cweLine = 1
                + lines.indexOf(lines.stream()
                        .filter(l -> l.contains("\"CWE-X\""))
                        .findFirst()
                        .orElseThrow());
        var refused = browser.post(
                "/console/advisories/" + id + "/document",
                Map.of("_csrf", edit.csrf(), "version", field(edit, "version"), "document", text));
        assertThat(refused.status()).isEqualTo(200);
        var page = org.jsoup.Jsoup.parse(refused.body());
        var errors = page.select("#findings li.finding-error");
        assertThat(errors).isNotEmpty();
        assertThat(errors).anySatisfy(li -> {
            assertThat(li.select("code").text()).startsWith("/vulnerabilities/1/cwe");
            assertThat(li.select("a.finding-line").attr("data-line")).isEqualTo(String.valueOf(cweLine));
        });
    }

    @Test
    void aLeadCannotPublishTheirOwnAdvisoryFromTheConsoleEither() {
        var lead = new ConsoleBrowser();
        var formPage = lead.login("ab-lead", "/console/advisories/new");
        var id = id(lead.post("/console/advisories", form(formPage.csrf(), "Own " + UUID.randomUUID())));
        lead.post("/console/advisories/" + id + "/submission", Map.of("_csrf", formPage.csrf()));
        var refused = lead.post("/console/advisories/" + id + "/publication", Map.of("_csrf", formPage.csrf()));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("Four eyes").contains("another lead must publish it");
        assertThat(Api.asUser("ab-lead")
                        .get("/api/v1/advisories/" + id)
                        .then()
                        .extract()
                        .<String>path("state"))
                .isEqualTo("in_review");
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
        assertThat(cd.post("/console/advisories/" + id + "/publication", Map.of("_csrf", home.csrf()))
                        .status())
                .isEqualTo(404);
        assertThat(cd.post("/console/advisories/" + id + "/rejection", Map.of("_csrf", home.csrf()))
                        .status())
                .isEqualTo(404);
        assertThat(cd.get("/console/advisories").body()).doesNotContain(id);
        assertThat(Api.asUser("ab-lead")
                        .get("/api/v1/advisories/" + id)
                        .then()
                        .extract()
                        .<String>path("state"))
                .isEqualTo("in_review");
        assertThat(Pattern.compile("AB only")
                        .matcher(cd.get("/console/advisories").body())
                        .find())
                .isFalse();
    }

    private static String id(ConsoleBrowser.Page page) {
        return page.url().substring(page.url().lastIndexOf('/') + 1);
    }

    private static String field(ConsoleBrowser.Page page, String name) {
        var m = Pattern.compile("name=\"" + name + "\"[^>]*value=\"([^\"]*)\"").matcher(page.body());
        assertThat(m.find()).as("field %s on %s", name, page.url()).isTrue();
        return m.group(1);
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    @Test
    void analystEditsADraftInThePrefilledFormAndAStaleFormGets412() {
        var title = "Editable " + UUID.randomUUID().toString().substring(0, 6);
        var browser = new ConsoleBrowser();
        var formPage = browser.login("ab-analyst", "/console/advisories/new");
        var id = id(browser.post("/console/advisories", form(formPage.csrf(), title)));

        var edit = browser.get("/console/advisories/" + id + "/edit");
        assertThat(edit.status()).isEqualTo(200);
        assertThat(field(edit, "title")).isEqualTo(title);
        assertThat(field(edit, "versions")).isEqualTo("1.0.0, 1.0.1");
        assertThat(field(edit, "fixedVersions")).isEqualTo("1.0.2");
        assertThat(field(edit, "cwe")).isEqualTo("CWE-78");
        assertThat(field(edit, "referenceUrl")).isEqualTo("https://vendor.example/sa-1");
        assertThat(edit.body())
                .contains("action=\"/console/advisories/" + id + "\"")
                .contains("Remote code execution in Router OS &lt;b&gt;before&lt;/b&gt; 1.0.2");
        var read = field(edit, "version");

        var fields = form(edit.csrf(), title + " (updated)");
        fields.put("cve", field(edit, "cve"));
        fields.put("versions", "1.0.0, 1.0.1, 1.0.1a");
        fields.put("version", read);
        var saved = browser.post("/console/advisories/" + id, fields);
        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.url()).endsWith("/console/advisories/" + id);
        assertThat(saved.body())
                .contains(title + " (updated)")
                .contains("Example Networks / Router OS / 1.0.1a")
                .contains("Draft");
        var api = Api.asUser("ab-analyst")
                .get("/api/v1/advisories/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(api.getString("title")).isEqualTo(title + " (updated)");
        assertThat(api.getLong("version")).isGreaterThan(Long.parseLong(read));

        fields.put("title", title + " (stale)");
        var stale = browser.post("/console/advisories/" + id, fields);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.header("Content-Type")).startsWith("text/html");
        assertThat(stale.body()).contains("<h1>");
        assertThat(Api.asUser("ab-analyst")
                        .get("/api/v1/advisories/" + id)
                        .then()
                        .extract()
                        .<String>path("title"))
                .isEqualTo(title + " (updated)");

        fields.remove("version");
        assertThat(browser.post("/console/advisories/" + id, fields).status()).isEqualTo(400);
        fields.put("version", String.valueOf(api.getLong("version")));
        fields.put("cve", "CVE-26-1");
        var invalid = browser.post("/console/advisories/" + id, fields);
        assertThat(invalid.status()).isEqualTo(200);
        assertThat(invalid.body()).contains("role=\"alert\"").contains("value=\"CVE-26-1\"");
    }

    @Test
    void anotherCirtGets404ForTheEditorAndCannotSaveOverADraft() {
        var title = "AB draft " + UUID.randomUUID();
        var browser = new ConsoleBrowser();
        var formPage = browser.login("ab-analyst", "/console/advisories/new");
        var id = id(browser.post("/console/advisories", form(formPage.csrf(), title)));
        var version = field(browser.get("/console/advisories/" + id + "/edit"), "version");

        var cd = new ConsoleBrowser();
        var home = cd.login("cd-analyst");
        assertThat(cd.get("/console/advisories/" + id + "/edit").status()).isEqualTo(404);
        var fields = form(home.csrf(), "taken over");
        fields.put("version", version);
        assertThat(cd.post("/console/advisories/" + id, fields).status()).isEqualTo(404);
        assertThat(cd.post(
                                "/console/advisories/" + id + "/document",
                                Map.of("_csrf", home.csrf(), "version", version, "document", "{\"document\": {}}"))
                        .status())
                .isEqualTo(404);
        assertThat(Api.asUser("ab-analyst")
                        .get("/api/v1/advisories/" + id)
                        .then()
                        .extract()
                        .<String>path("title"))
                .isEqualTo(title);
    }

    @Test
    void aDraftHoldingMoreThanTheFormIsEditedAsCsafJsonAndKeepsAllOfIt() throws Exception {
        var title = "Two products " + UUID.randomUUID().toString().substring(0, 6);
        var id = Api.asUser("ab-analyst")
                .body("""
                {"title": "%s", "summary": "Two products, two vulnerabilities.", "tlp": "GREEN",
                 "products": [{"vendor": "Example Networks", "name": "Router OS", "versions": ["1.0.0"], "fixedVersions": ["1.0.2"]},
                              {"vendor": "Example Networks", "name": "Switch OS", "versions": ["2.0.0"]}],
                 "vulnerabilities": [{"description": "First flaw."}, {"description": "Second flaw."}]}
                """.formatted(title))
                .post("/api/v1/advisories/from-form")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        var browser = new ConsoleBrowser();
        var edit = browser.login("ab-analyst", "/console/advisories/" + id + "/edit");
        assertThat(edit.status()).isEqualTo(200);
        assertThat(edit.body()).contains("name=\"document\"").doesNotContain("name=\"vendor\"");
        var m = Pattern.compile("<textarea id=\"a-document\" name=\"document\"[^>]*>(.*?)</textarea>", Pattern.DOTALL)
                .matcher(edit.body());
        assertThat(m.find()).isTrue();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var document = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(unescape(m.group(1)));
        assertThat(document.path("vulnerabilities").size()).isEqualTo(2);
        ((com.fasterxml.jackson.databind.node.ObjectNode) document.get("document")).put("title", title + " (edited)");
        var version = field(edit, "version");

        var broken = browser.post(
                "/console/advisories/" + id + "/document",
                Map.of("_csrf", edit.csrf(), "version", version, "document", "{\"document\": "));
        assertThat(broken.status()).isEqualTo(200);
        assertThat(broken.body()).contains("role=\"alert\"").contains("{&quot;document&quot;: </textarea>");

        var saved = browser.post(
                "/console/advisories/" + id + "/document",
                Map.of("_csrf", edit.csrf(), "version", version, "document", json.writeValueAsString(document)));
        assertThat(saved.url()).as(saved.body()).endsWith("/console/advisories/" + id);
        var api = Api.asUser("ab-analyst")
                .get("/api/v1/advisories/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(api.getString("title")).isEqualTo(title + " (edited)");
        assertThat(api.getList("document.vulnerabilities.notes.text.flatten()"))
                .containsExactly("First flaw.", "Second flaw.");
        assertThat(api.getList("document.product_tree.branches[0].branches.name"))
                .containsExactly("Router OS", "Switch OS");

        assertThat(browser.post(
                                "/console/advisories/" + id + "/document",
                                Map.of(
                                        "_csrf",
                                        edit.csrf(),
                                        "version",
                                        version,
                                        "document",
                                        json.writeValueAsString(document)))
                        .status())
                .isEqualTo(412);
    }

    @Test
    void aPublishedAdvisoryIsEditedAsItsNextVersionAndOneInReviewIsNotEditable() {
        var title = "Published " + UUID.randomUUID().toString().substring(0, 6);
        var browser = new ConsoleBrowser();
        var formPage = browser.login("ab-analyst", "/console/advisories/new");
        var id = id(browser.post("/console/advisories", form(formPage.csrf(), title)));
        Api.asUser("ab-analyst")
                .post("/api/v1/advisories/" + id + "/submission")
                .then()
                .statusCode(200);
        assertThat(browser.get("/console/advisories/" + id).body()).doesNotContain("id=\"edit-advisory\"");
        assertThat(browser.get("/console/advisories/" + id + "/edit").status()).isEqualTo(409);
        Api.asUser("ab-lead")
                .post("/api/v1/advisories/" + id + "/publication")
                .then()
                .statusCode(201);

        assertThat(browser.get("/console/advisories/" + id).body())
                .contains("id=\"edit-advisory\"")
                .contains("Start version 2");
        var edit = browser.get("/console/advisories/" + id + "/edit");
        assertThat(edit.body()).contains("Start version 2");
        var fields = form(edit.csrf(), title + " v2");
        fields.put("cve", field(edit, "cve"));
        fields.put("version", field(edit, "version"));
        assertThat(browser.post("/console/advisories/" + id, fields).body())
                .contains(title + " v2")
                .contains("Draft");
        var api = Api.asUser("ab-analyst")
                .get("/api/v1/advisories/" + id)
                .then()
                .extract()
                .jsonPath();
        assertThat(api.getString("state")).isEqualTo("draft");
        assertThat(api.getInt("publishedVersion")).isEqualTo(1);
        assertThat(api.getString("document.document.tracking.version")).isEqualTo("2");
        assertThat(Api.asUser("ab-analyst")
                        .get("/api/v1/advisories/" + id + "/versions")
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("number"))
                .containsExactly(1);
    }
}
