package org.opencirt.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.opencirt.incident.IncidentApiTest;
import org.opencirt.testing.Api;

/**
 * WCAG 2.1 AA: axe-core (npm, installed in src/test/axe by bin/opencirt test) runs in Chromium on every main page of
 * the console, in English and in Arabic (right to left), and on the public report page; no serious or critical
 * violation is allowed. axe is injected as a script, so this browser context bypasses the CSP (the CSP itself is
 * tested elsewhere, with it in force).
 */
@QuarkusTest
class ConsoleAccessibilityTest {

    static final Path AXE = Path.of("src/test/axe/node_modules/axe-core/axe.min.js");

    private static Chromium chromium;

    @Inject
    Keycloak keycloak;

    @Inject
    org.opencirt.advisory.service.VendorAdvisoryService vendorAdvisories;

    @BeforeAll
    static void startChromium() {
        chromium = new Chromium();
    }

    @AfterAll
    static void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void realmKnowsTheTestPort() {
        ConsoleRealm.syncFromRealmFile(keycloak);
    }

    private static String base() {
        return "http://localhost:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }

    @Test
    void everyMainPageHasNoSeriousOrCriticalViolationInEnglishAndArabic() throws Exception {
        assertThat(AXE)
                .as("axe-core is installed (bin/opencirt test runs npm ci in src/test/axe)")
                .exists();
        var incident = IncidentApiTest.create("ab-lead", """
                {"title": "Accessibility check incident", "severity": "high", "type": "phishing",
                 "description": "A phishing page", "observables": [{"value": "198.51.100.80"}]}""").getString("id");
        Api.asUser("ab-lead")
                .body("{\"body\": \"a comment\"}")
                .post("/api/v1/incidents/" + incident + "/comments")
                .then()
                .statusCode(201);
        Api.asUser("ab-lead")
                .body("{\"title\": \"a task\"}")
                .post("/api/v1/incidents/" + incident + "/tasks")
                .then()
                .statusCode(201);
        var advisory = Api.asUser("ab-lead")
                .body("""
                {"title": "Accessibility advisory", "summary": "s", "products": [{"vendor": "V", "name": "P", "versions": ["1"]}]}""")
                .post("/api/v1/advisories/from-form")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        var playbook = Api.asUser("ab-lead")
                .get("/api/v1/playbooks")
                .then()
                .extract()
                .jsonPath()
                .getString("[0].id");
        var pages = new LinkedHashMap<String, String>();
        pages.put("home", "/console");
        pages.put("queue", "/console/queue");
        pages.put("incident", "/console/incidents/" + incident);
        pages.put("search", "/console/search?q=phishing");
        pages.put("feeds", "/console/feeds");
        pages.put("feed", "/console/feeds/" + ConsoleFeedsPlaybooksTest.AB_FEED);
        pages.put("playbooks", "/console/playbooks");
        pages.put("playbook", "/console/playbooks/" + playbook);
        pages.put("advisories", "/console/advisories");
        pages.put("advisory-form", "/console/advisories/new");
        pages.put("advisory", "/console/advisories/" + advisory);
        pages.put("advisory-edit", "/console/advisories/" + advisory + "/edit");
        pages.put("advisory-edit-json", "/console/advisories/" + advisory + "/edit?as=json");
        var vendorAdvisory = ConsoleVendorAdvisoriesTest.keep(
                vendorAdvisories,
                "A11Y-" + java.util.UUID.randomUUID().toString().substring(0, 6),
                "CVE-2026-9999");
        pages.put("vendor-advisories", "/console/vendor-advisories");
        pages.put("vendor-advisory", "/console/vendor-advisories/" + vendorAdvisory);
        pages.put("dashboards", "/console/dashboards");
        pages.put("constituency", "/console/constituency");
        pages.put("partners", "/console/partners");
        pages.put("incoming", "/console/incoming");
        pages.put("audit", "/console/audit");
        pages.put("audit-verification", "/console/audit/verification");
        pages.put("not-found", "/console/incidents/00000000-0000-0000-0000-000000000000");

        var failures = new ArrayList<String>();
        var axe = Files.readString(AXE);
        for (var language : List.of("en", "ar")) {
            try (var context = chromiumContext(language)) {
                var page = context.newPage();
                page.navigate(base() + "/console");
                Chromium.logIn(page, "ab-lead");
                if (language.equals("ar")) {
                    page.locator("#lang-select").selectOption("ar");
                    page.waitForURL(url -> url.endsWith("/console"));
                    assertThat(page.locator("html").getAttribute("dir")).isEqualTo("rtl");
                }
                for (Map.Entry<String, String> entry : pages.entrySet()) {
                    page.navigate(base() + entry.getValue());
                    failures.addAll(check(page, axe, language + " " + entry.getKey()));
                    if (language.equals("ar")
                            && List.of("queue", "incident", "dashboards").contains(entry.getKey())) {
                        Chromium.screenshot(page, "30-rtl-" + entry.getKey());
                    }
                }
            }
        }
        try (var context = chromiumContext("en")) {
            var page = context.newPage();
            page.navigate(base() + "/report");
            failures.addAll(check(page, axe, "public report page"));
            Chromium.screenshot(page, "40-public-report");
        }
        assertThat(failures).as("serious or critical WCAG 2.1 AA violations").isEmpty();
    }

    @Test
    void theCheckFindsAViolationWhenThereIsOne() throws Exception {
        try (var context = chromiumContext("en")) {
            var page = context.newPage();
            page.setContent(
                    "<!DOCTYPE html><html lang=\"en\"><head><title>t</title></head><body><main><img src=\"x.png\">"
                            + "<input type=\"text\"></main></body></html>");
            assertThat(check(page, Files.readString(AXE), "broken page"))
                    .anySatisfy(p -> assertThat(p).contains("image-alt"));
        }
    }

    private static com.microsoft.playwright.BrowserContext chromiumContext(String language) {
        return chromium.browser()
                .newContext(new Browser.NewContextOptions()
                        .setBypassCSP(true)
                        .setLocale(language.equals("ar") ? "ar" : "en-GB")
                        .setViewportSize(1280, 900));
    }

    static List<String> check(Page page, String axe, String name) throws Exception {
        page.addScriptTag(new Page.AddScriptTagOptions().setContent(axe));
        var json = (String) page.evaluate("""
                async () => {
                  const result = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
                  return JSON.stringify(result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                      nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})));
                }""");
        var problems = new ArrayList<String>();
        for (JsonNode violation : new ObjectMapper().readTree(json)) {
            var impact = violation.path("impact").asText();
            if (impact.equals("serious") || impact.equals("critical")) {
                problems.add("%s: %s (%s) %s at %s"
                        .formatted(
                                name,
                                violation.path("id").asText(),
                                impact,
                                violation.path("help").asText(),
                                violation.path("nodes")));
            }
        }
        return problems;
    }
}
