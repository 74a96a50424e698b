package org.opencirt.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.opencirt.incident.IncidentApiTest;
import org.opencirt.testing.Api;

/**
 * The console in a real browser (Debian's Chromium through Playwright) against the running service and the real
 * Keycloak login page. Screenshots of each page go to {@code target/screenshots/}.
 */
@QuarkusTest
class ConsoleBrowserTest {

    private static Chromium chromium;

    @Inject
    Keycloak keycloak;

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

    private static void awaitIndexed(String user, String q) {
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(Api.asUser(user)
                                .queryParam("q", q)
                                .get("/api/v1/incidents")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .getLong("total"))
                        .isPositive());
    }

    @Test
    void analystFiltersTheQueueOpensAnIncidentChangesItsStateAndCommentsButCannotReachAnotherCirt() {
        var m = "pw" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        var id = IncidentApiTest.create("ab-analyst", """
                {"title": "%s Phishing site targeting the national bank", "severity": "critical", "type": "phishing",
                 "description": "Reported by the bank's SOC. Landing page at hxxps://login-bank[.]example[.]com",
                 "observables": [{"value": "198.51.100.77"}, {"value": "login-bank.example.com"}], "tags": ["banking"]}""".formatted(m)).getString("id");
        IncidentApiTest.create(
                "ab-analyst",
                "{\"title\": \"%s Port scan from a university network\", \"severity\": \"low\"}".formatted(m));
        var cdIncident = IncidentApiTest.create("cd-analyst", "{\"title\": \"%s CERT-CD only\"}".formatted(m))
                .getString("id");
        awaitIndexed("ab-analyst", m);

        try (var context = chromium.context("en-GB")) {
            var page = context.newPage();
            var consoleErrors = new CopyOnWriteArrayList<String>();
            page.onConsoleMessage(msg -> {
                // the 404 of the foreign incident below is expected; anything else (a CSP violation, a script error) is
                // not
                if (msg.type().equals("error") && !msg.text().contains("status of 404")) {
                    consoleErrors.add(msg.text());
                }
            });
            page.navigate(base() + "/console/queue");
            assertThat(page.url()).contains("/realms/opencirt/protocol/openid-connect/auth");
            Chromium.screenshot(page, "00-keycloak-login");
            Chromium.logIn(page, "ab-analyst");
            assertThat(page.url()).contains("/console/queue");
            assertThat(page.locator(".cirt").textContent()).contains("CERT-AB");
            Chromium.screenshot(page, "01-queue");

            // filter: the text and severity critical
            page.locator("#f-q").fill(m);
            page.getByLabel("Critical").first().check();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply"))
                    .click();
            page.waitForURL(url -> url.contains("severity=critical"));
            assertThat(page.locator("#queue-total").textContent()).isEqualTo("1 incidents");
            assertThat(page.locator("table.queue tbody").textContent())
                    .contains("Phishing site")
                    .doesNotContain("Port scan");
            Chromium.screenshot(page, "02-queue-filtered");

            // open the incident
            page.locator("table.queue tbody a").first().click();
            page.waitForURL(url -> url.contains("/console/incidents/" + id));
            assertThat(page.locator("#incident-state").textContent()).isEqualTo("New");
            assertThat(page.locator("#observables").textContent())
                    .contains("198.51.100.77")
                    .contains("login-bank.example.com");
            Chromium.screenshot(page, "03-incident");

            // change its state: only allowed transitions are offered
            var offered = page.locator("#to option").allInnerTexts();
            assertThat(offered).contains("Triaged").doesNotContain("Closed", "Resolved");
            page.locator("#to").selectOption("triaged");
            page.locator("#reason").fill("Confirmed with the bank");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Change state"))
                    .click();
            page.waitForURL(url -> url.contains("done=transition"));
            assertThat(page.locator("#incident-state").textContent()).isEqualTo("Triaged");

            // add a comment
            page.locator("#comment-body").fill("Asked the hosting provider to take it down (" + m + ")");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add the comment"))
                    .click();
            page.waitForURL(url -> url.contains("done=comment"));
            assertThat(page.locator("#comments").textContent())
                    .contains("Asked the hosting provider to take it down (" + m + ")");
            Chromium.screenshot(page, "04-incident-after-changes");

            var stored = Api.asUser("ab-analyst")
                    .get("/api/v1/incidents/" + id)
                    .then()
                    .extract()
                    .jsonPath();
            assertThat(stored.getString("state")).isEqualTo("triaged");

            // CERT-CD's incident is a 404 page for CERT-AB's analyst
            var response = page.navigate(base() + "/console/incidents/" + cdIncident);
            assertThat(response.status()).isEqualTo(404);
            assertThat(page.locator("h1").textContent()).isEqualTo("Error 404");
            assertThat(page.content()).doesNotContain("CERT-CD only");
            Chromium.screenshot(page, "05-foreign-incident-404");
            assertThat(consoleErrors).as("no CSP violation or script error").isEmpty();
        }
    }

    @Test
    void xssPayloadsInIncidentsObservablesAndCommentsStayInert() {
        var payloads = List.of(
                "<script>alert('title')</script>",
                "<img src=x onerror=alert('img')>",
                "\"><svg onload=alert('svg')>",
                "javascript:alert('js')",
                "<a href=\"javascript:alert(1)\">click</a>");
        var title = "XSS " + String.join(" ", payloads);
        var body = """
                {"title": %s, "description": %s, "tags": ["<b>bold</b>"],
                 "reporter": {"name": "<script>alert('reporter')</script>", "email": "x@example.org"},
                 "observables": [{"type": "url", "value": "http://evil.example/<script>alert('url')</script>"}, {"type": "email", "value": "a<b>@evil.example"}]}""".formatted(
                        json(title.substring(0, Math.min(300, title.length()))), json(String.join("\n", payloads)));
        var created = Api.asUser("ab-analyst")
                .body(body)
                .post("/api/v1/incidents")
                .then()
                .extract();
        var id = created.statusCode() == 201
                ? created.<String>path("id")
                : IncidentApiTest.create(
                                "ab-analyst",
                                body.replace(", {\"type\": \"email\", \"value\": \"a<b>@evil.example\"}", ""))
                        .getString("id");
        Api.asUser("ab-analyst")
                .body("{\"body\": %s}".formatted(json(String.join(" ", payloads))))
                .post("/api/v1/incidents/" + id + "/comments")
                .then()
                .statusCode(201);
        awaitIndexed("ab-analyst", "XSS");

        try (var context = chromium.context("en-GB")) {
            var page = context.newPage();
            var dialogs = new CopyOnWriteArrayList<String>();
            page.onDialog(dialog -> {
                dialogs.add(dialog.message());
                dialog.dismiss();
            });
            page.navigate(base() + "/console/queue?q=XSS");
            Chromium.logIn(page, "ab-analyst");
            Chromium.screenshot(page, "06-queue-hostile-values");
            assertThat(page.locator("table.queue tbody").textContent()).contains("<script>alert('title')</script>");
            page.navigate(base() + "/console/incidents/" + id);
            Chromium.screenshot(page, "07-incident-hostile-values");
            assertThat(page.locator("#incident-title").textContent())
                    .contains("<script>alert('title')</script>")
                    .contains("<img src=x onerror=alert('img')>");
            assertThat(page.locator("#incident-description").textContent()).contains("<svg onload=alert('svg')>");
            assertThat(page.locator("#comments").textContent()).contains("<img src=x onerror=alert('img')>");
            // nothing from the payloads became an element
            assertThat(page.locator("main script, main img, main svg, main b").count())
                    .isZero();
            assertThat(page.locator("main a[href^='javascript']").count()).isZero();
            page.waitForTimeout(300);
            assertThat(dialogs).as("no payload ran").isEmpty();
        }
    }

    @Test
    void anAnalystWritesAndSubmitsAndASecondPersonALeadPublishesAnAdvisoryInTheBrowser() {
        var title =
                "Router OS command injection " + UUID.randomUUID().toString().substring(0, 6);
        String advisory;
        try (var context = chromium.context("en-GB")) {
            var page = context.newPage();
            page.navigate(base() + "/console/advisories");
            Chromium.logIn(page, "ab-analyst");
            Chromium.screenshot(page, "20-advisories");
            page.locator("#new-advisory").click();
            page.locator("#a-title").fill(title);
            page.locator("#a-summary").fill("An attacker on the network can run commands on the router.");
            page.locator("#a-tlp").selectOption("WHITE");
            page.locator("#a-severity").fill("High");
            page.locator("#a-vendor").fill("Example Networks");
            page.locator("#a-product").fill("Router OS");
            page.locator("#a-versions").fill("1.0.0, 1.0.1");
            page.locator("#a-fixed").fill("1.0.2");
            page.locator("#a-cve")
                    .fill("CVE-2026-%d"
                            .formatted(100000 + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 900000L)));
            page.locator("#a-vtitle").fill("Command injection");
            page.locator("#a-description").fill("The web interface passes a parameter to a shell.");
            page.locator("#a-cwe").fill("CWE-78");
            page.locator("#a-cvss").fill("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
            page.locator("#a-recommendations").fill("Update to 1.0.2.");
            page.locator("#a-ref-url").fill("https://vendor.example/sa-1");
            page.locator("#a-ref-summary").fill("Vendor advisory");
            Chromium.screenshot(page, "21-advisory-form");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save the draft"))
                    .click();
            page.waitForURL(url -> url.matches(".*/console/advisories/[0-9a-f-]{36}$"));
            assertThat(page.locator("#advisory-state").textContent()).isEqualTo("Draft");
            page.locator("#submit-advisory").click();
            page.waitForLoadState();
            assertThat(page.locator("#advisory-state").textContent()).isEqualTo("In review");
            advisory = page.url();
        }
        // four eyes: the lead who publishes is not the one who wrote and submitted it
        try (var context = chromium.context("en-GB")) {
            var page = context.newPage();
            page.navigate(advisory);
            Chromium.logIn(page, "ab-lead");
            page.waitForURL(advisory);
            page.locator("#publish-advisory").click();
            page.waitForLoadState();
            assertThat(page.locator("#advisory-state").textContent()).isEqualTo("Published");
            assertThat(page.locator("#versions td.signature").first().textContent())
                    .contains("Valid (key of cert-ab)");
            Chromium.screenshot(page, "22-advisory-published");
        }
    }

    @Test
    void theFeedsPlaybooksDashboardsAndSearchPagesOpenInTheBrowser() {
        try (var context = chromium.context("en-GB")) {
            var page = context.newPage();
            page.navigate(base() + "/console/feeds");
            Chromium.logIn(page, "ab-lead");
            assertThat(page.locator("h1").textContent()).isEqualTo("Threat feeds");
            Chromium.screenshot(page, "10-feeds");
            page.navigate(base() + "/console/feeds/sample-cert-ab-csv");
            page.locator("#run-now").click();
            // the run page follows the run by itself (console.js polls its fragment) until it ends
            page.locator("#run-status")
                    .filter(new com.microsoft.playwright.Locator.FilterOptions()
                            .setHasText(java.util.regex.Pattern.compile("succeeded|partial|not-modified")))
                    .waitFor();
            Chromium.screenshot(page, "11-feed-run");
            page.navigate(base() + "/console/playbooks");
            assertThat(page.locator("table tbody tr").count()).isPositive();
            Chromium.screenshot(page, "12-playbooks");
            triagedAndResolvedIncidentMatching("malware-c2.example.net");
            page.navigate(base() + "/console/dashboards");
            assertThat(page.locator("#chart-by-severity").isVisible()).isTrue();
            assertThat(page.locator("#chart-top-indicators table").textContent())
                    .contains("malware-c2.example.net");
            assertThat(page.locator("#chart-response-times h2").textContent()).startsWith("Mean minutes to triage");
            assertThat(page.locator("#chart-top-indicators h2").textContent())
                    .isEqualTo("Indicators that matched the most incidents");
            Chromium.screenshot(page, "13-dashboards");
            page.navigate(base() + "/console/search?q=malware-c2.example.net");
            Chromium.screenshot(page, "14-search");
            page.navigate(base() + "/console");
            Chromium.screenshot(page, "15-home");
        }
    }

    /**
     * An incident of cert-ab holding an indicator the sample feed just wrote, once matched moved to
     * triaged and resolved: the response-time and top-indicator charts then have something to show.
     */
    private static void triagedAndResolvedIncidentMatching(String domain) {
        var id = IncidentApiTest.create("ab-analyst", """
                {"title": "Emotet C2 contacted from a ministry network", "description": "Proxy logs show beacons.",
                 "observables": [{"type": "domain", "value": "%s"}]}""".formatted(domain)).getString("id");
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(Api.asUser("ab-analyst")
                                .get("/api/v1/incidents/" + id)
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .getList("matches"))
                        .isNotEmpty());
        for (var to : List.of("triaged", "resolved")) {
            IncidentApiTest.move("ab-lead", id, to);
        }
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
