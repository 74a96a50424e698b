package org.opencirt.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.opencirt.audit.AuditTrail;
import org.opencirt.incident.IncidentApiTest;
import org.opencirt.testing.Api;

/**
 * The audit page in a real browser (Debian's Chromium through Playwright): a lead filters the trail, verifies the
 * chain and downloads CSV, whose formula cells come out neutralised; an analyst gets 403; the platform admin sees
 * the platform's entries only. Screenshots go to {@code target/screenshots/}.
 */
@QuarkusTest
class ConsoleAuditBrowserTest {

    private static Chromium chromium;

    @Inject
    Keycloak keycloak;

    @Inject
    AuditTrail trail;

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
    void aLeadFiltersTheTrailVerifiesItAndDownloadsCsvWithFormulaCellsNeutralised() throws Exception {
        var id = IncidentApiTest.create("ab-analyst", "{\"title\": \"Browser audit %s\"}".formatted(UUID.randomUUID()))
                .getString("id");
        var hostile = ConsoleAuditPageTest.hostileEntry(trail, "cert-ab");
        try (var context = chromium.context("en-GB")) {
            var page = context.newPage();
            page.navigate(base() + "/console/audit");
            Chromium.logIn(page, "ab-lead");
            assertThat(page.locator("h1").textContent()).isEqualTo("Audit trail");
            assertThat(page.locator("nav.nav a[aria-current=page]").textContent())
                    .isEqualTo("Audit trail");
            Chromium.screenshot(page, "60-audit");

            page.locator("#f-object-id").fill(id);
            page.locator("#f-action").fill("incident.create");
            page.locator("#audit-apply").click();
            page.waitForURL(url -> url.contains("objectId=" + id));
            var rows = page.locator("#audit-entries tbody tr");
            assertThat(rows.count()).isEqualTo(1);
            assertThat(rows.first().locator(".actor").textContent()).isEqualTo("ab-analyst");
            assertThat(rows.first().locator(".action").textContent()).isEqualTo("incident.create");
            Chromium.screenshot(page, "61-audit-filtered");

            var download = page.waitForDownload(() -> page.locator("#audit-csv").click());
            assertThat(download.suggestedFilename())
                    .startsWith("audit-cert-ab-")
                    .endsWith(".csv");
            var csv = Files.readString(download.path(), StandardCharsets.UTF_8).split("\r\n");
            assertThat(csv).hasSize(2);
            assertThat(csv[1])
                    .startsWith("\"cert-ab\",")
                    .contains("\"" + id + "\"")
                    .contains("\"incident.create\"");

            // the hostile entry, filtered by its object through the form, downloads neutralised
            page.locator("#f-object-id").fill(hostile);
            page.locator("#f-action").fill("");
            page.locator("#audit-apply").click();
            page.waitForURL(url -> url.contains("objectId=%3DHYPERLINK"));
            assertThat(page.locator("#audit-entries tbody tr .actor").textContent())
                    .isEqualTo("=cmd|' /C calc'!A0");
            var hostileCsv =
                    page.waitForDownload(() -> page.locator("#audit-csv").click());
            var row =
                    Files.readString(hostileCsv.path(), StandardCharsets.UTF_8).split("\r\n")[1];
            assertThat(row).contains(",\"'=cmd|' /C calc'!A0\",").contains(",\"'=HYPERLINK(");

            page.locator("#audit-verify").click();
            page.locator("#audit-verification").waitFor();
            assertThat(page.locator("#audit-verification").textContent()).startsWith("The chain holds");
            Chromium.screenshot(page, "62-audit-verified");
        }
    }

    @Test
    void anAnalystGets403AndThePlatformAdminSeesOnlyThePlatformsEntries() {
        var id = IncidentApiTest.create(
                        "ab-analyst", "{\"title\": \"Not the platform's %s\"}".formatted(UUID.randomUUID()))
                .getString("id");
        Api.asUser("platform-admin")
                .body("{}")
                .patch("/api/v1/tenants/cert-cd")
                .then()
                .statusCode(200);
        try (var context = chromium.context("en-GB")) {
            var page = context.newPage();
            page.navigate(base() + "/console/queue");
            Chromium.logIn(page, "ab-analyst");
            assertThat(page.locator("nav.nav a[href='/console/audit']").count()).isZero();
            var refused = page.navigate(base() + "/console/audit");
            assertThat(refused.status()).isEqualTo(403);
            Chromium.screenshot(page, "63-audit-analyst-403");
        }
        try (var context = chromium.context("en-GB")) {
            var page = context.newPage();
            page.navigate(base() + "/console/audit");
            Chromium.logIn(page, "platform-admin");
            assertThat(page.locator("h1").textContent()).isEqualTo("Audit trail of the platform");
            assertThat(page.locator("nav.nav a").allTextContents()).containsExactly("Audit trail");
            var actions = page.locator("#audit-entries tbody tr .action").allTextContents();
            assertThat(actions).contains("tenant.update").doesNotContain("incident.create");
            page.locator("#f-object-id").fill(id);
            page.locator("#audit-apply").click();
            page.waitForURL(url -> url.contains("objectId="));
            assertThat(page.locator("#audit-entries tbody").textContent()).contains("No entry matches.");
            Chromium.screenshot(page, "64-audit-platform");
        }
    }
}
