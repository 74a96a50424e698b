package org.opencirt.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.opencirt.incident.IncidentApiTest;
import org.opencirt.testing.Api;

/**
 * An incident another CIRT shared is in the recipient's queue and search pages in Chromium, marked with its source
 * and linked to its read-only copy on the incoming page, never to an incident page of the recipient's own.
 */
@QuarkusTest
class ConsoleSharedSearchTest {

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

    private static Page logIn(BrowserContext context, String user, String path) {
        var page = context.newPage();
        page.navigate(base() + path);
        Chromium.logIn(page, user);
        page.navigate(base() + path);
        return page;
    }

    @Test
    void theRecipientsQueueShowsTheSharedIncidentWithItsSourceAndLinksToTheCopy() {
        var m = "cq" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        var id = IncidentApiTest.create("ab-analyst", """
                        {"title": "%1$s botnet shared with CERT-CD", "description": "Details kept by %1$sdesc",
                         "tlp": "GREEN", "type": "phishing", "observables": [{"value": "%1$s.example"}]}""".formatted(m)).getString("id");
        Api.asUser("ab-lead")
                .body("""
                        {"objectType": "incident", "objectId": "%s", "audience": "partners", "partners": ["%s"],
                         "parts": ["summary", "observables"]}""".formatted(id, ConsoleExchangeTest.cdAsPartnerOfAb()))
                .post("/api/v1/grants")
                .then()
                .statusCode(201);
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(Api.asUser("cd-analyst")
                                .queryParam("q", m)
                                .get("/api/v1/incidents")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath()
                                .getList("items.sharedFrom.incident"))
                        .containsExactly(id));

        try (var cd = chromium.context("en-GB")) {
            var queue = logIn(cd, "cd-analyst", "/console/queue?q=" + m);
            var row = queue.locator("tr.shared[data-shared-from='cert-ab']");
            assertThat(row.count()).isEqualTo(1);
            assertThat(row.textContent())
                    .contains(m + " botnet shared with CERT-CD")
                    .contains("Shared by");
            var link = row.locator("a");
            assertThat(link.getAttribute("href")).isEqualTo("/console/incoming#shared-" + id);
            // no bulk action may reach a copy: it is not the recipient's incident
            assertThat(row.locator("input[type=checkbox]").count()).isZero();
            Chromium.screenshot(queue, "55-queue-shared");

            link.click();
            queue.waitForURL(url -> url.contains("/console/incoming"));
            assertThat(queue.locator("#shared-" + id).textContent())
                    .contains(m + " botnet shared with CERT-CD")
                    .contains("Shared by cert-ab");

            // the analyst opens an incident of CERT-CD's own from the copy, once
            queue.locator("#shared-" + id + " button.adopt").click();
            queue.waitForURL(url -> url.contains("/console/incidents/"));
            var own = queue.url().replaceAll(".*/console/incidents/([0-9a-f-]{36}).*", "$1");
            assertThat(own).isNotEqualTo(id);
            assertThat(queue.content()).contains(m + " botnet shared with CERT-CD");
            queue.navigate(base() + "/console/incoming");
            assertThat(queue.locator("#shared-" + id + " button.adopt").count()).isZero();
            assertThat(queue.locator("#shared-" + id + " p.opened a").getAttribute("href"))
                    .isEqualTo("/console/incidents/" + own);

            var search = cd.newPage();
            search.navigate(base() + "/console/search?q=" + m);
            var found = search.locator("li.shared");
            assertThat(found.count()).isEqualTo(1);
            assertThat(found.locator("a").getAttribute("href")).isEqualTo("/console/incoming#shared-" + id);
            assertThat(search.content()).doesNotContain("/console/incidents/" + id);
        }

        // each page that showed the copy is in the owner's chain, naming the reader (docs/audit.md)
        var reads = Api.asUser("ab-lead")
                .queryParam("actor", "cert-cd/cd-analyst")
                .queryParam("limit", 500)
                .get("/api/v1/audit")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("entries.action", String.class);
        assertThat(reads).contains("console.queue.queue", "console.incoming.page", "console.search.search");
    }

    @Test
    void theRecipientsIncomingPageShowsAnAdvisorySharedWithItUntilItIsRevoked() {
        var title = "Console shared advisory " + UUID.randomUUID();
        var cve =
                "CVE-2026-%d".formatted(100000 + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 900000L));
        var id = Api.asUser("ab-analyst")
                .body("""
                        {"title": "%s", "summary": "Summary of it", "tlp": "GREEN", "severity": "High",
                         "products": [{"vendor": "Example Networks", "name": "Router OS", "versions": ["1.0.0"], "fixedVersions": ["1.0.2"]}],
                         "vulnerabilities": [{"cve": "%s", "title": "Injection", "description": "Details.", "cwe": "CWE-78",
                                              "cvssVector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
                         "recommendations": "Update to 1.0.2."}""".formatted(title, cve))
                .post("/api/v1/advisories/from-form")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        var grant = Api.asUser("ab-lead")
                .body("""
                        {"objectType": "advisory", "objectId": "%s", "audience": "partners", "partners": ["%s"]}""".formatted(id, ConsoleExchangeTest.cdAsPartnerOfAb()))
                .post("/api/v1/grants")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");

        try (var cd = chromium.context("en-GB")) {
            var page = logIn(cd, "cd-analyst", "/console/incoming");
            var card = page.locator("#shared-advisories article[data-advisory='" + id + "']");
            assertThat(card.count()).isEqualTo(1);
            assertThat(card.textContent())
                    .contains(title)
                    .contains("Shared by cert-ab")
                    .contains("TLP:GREEN");

            Api.asUser("ab-lead").delete("/api/v1/grants/" + grant).then().statusCode(204);
            page.reload();
            assertThat(page.locator("#shared-advisories").textContent()).doesNotContain(title);
        }
    }
}
