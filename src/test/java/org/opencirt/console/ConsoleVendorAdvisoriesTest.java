package org.opencirt.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.opencirt.advisory.service.VendorAdvisoryService;

/** The console's vendor advisories: found by CVE, shown with what the CIRT needs, never to another CIRT. */
@QuarkusTest
class ConsoleVendorAdvisoriesTest {

    @Inject
    Keycloak keycloak;

    @Inject
    VendorAdvisoryService vendorAdvisories;

    @BeforeEach
    void realmKnowsTheTestPort() {
        ConsoleRealm.syncFromRealmFile(keycloak);
    }

    /** Keeps a vendor advisory for cert-ab as a csaf-provider feed would; answers its id. */
    static UUID keep(VendorAdvisoryService vendorAdvisories, String trackingId, String cve) throws Exception {
        var json = """
                {"document": {"category": "csaf_base", "csaf_version": "2.0", "title": "Router <script>alert(1)</script> flaw",
                  "publisher": {"category": "vendor", "name": "Example Networks", "namespace": "https://vendor.example"},
                  "distribution": {"tlp": {"label": "WHITE"}},
                  "tracking": {"id": "%s", "status": "final", "version": "3",
                    "initial_release_date": "2026-01-01T00:00:00Z", "current_release_date": "2026-02-01T00:00:00Z",
                    "revision_history": [{"number": "3", "date": "2026-02-01T00:00:00Z", "summary": "a"}]}},
                 "vulnerabilities": [{"cve": "%s"}]}
                """.formatted(trackingId, cve);
        var bytes = json.getBytes(StandardCharsets.UTF_8);
        return vendorAdvisories
                .store(
                        "cert-ab",
                        "console-test",
                        URI.create("https://vendor.example/.well-known/csaf/white/2026/" + trackingId.toLowerCase()
                                + ".json"),
                        new ObjectMapper().readTree(bytes),
                        bytes,
                        "0123456789ABCDEF0123456789ABCDEF01234567",
                        Instant.parse("2026-02-02T00:00:00Z"))
                .id();
    }

    @Test
    void anAnalystFindsAVendorAdvisoryByCveAndReadsItAnotherCirtNeither() throws Exception {
        var marker = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        var cve = "CVE-2026-" + (700000 + Math.floorMod(marker.hashCode(), 99999));
        var id = keep(vendorAdvisories, "EXAMPLE-" + marker, cve);

        var browser = new ConsoleBrowser();
        var advisories = browser.login("ab-analyst", "/console/advisories");
        assertThat(Jsoup.parse(advisories.body()).getElementById("vendor-advisories-link"))
                .isNotNull();
        var list = Jsoup.parse(
                browser.get("/console/vendor-advisories?q=" + cve.toLowerCase()).body());
        assertThat(list.select("#vendor-advisories tbody tr")).singleElement().satisfies(row -> {
            assertThat(row.select("a").attr("href")).isEqualTo("/console/vendor-advisories/" + id);
            assertThat(row.text()).contains("EXAMPLE-" + marker, "Example Networks", cve);
        });
        var page = browser.get("/console/vendor-advisories/" + id);
        assertThat(page.status()).isEqualTo(200);
        var html = Jsoup.parse(page.body());
        assertThat(html.getElementById("vadv-cves").text()).isEqualTo(cve);
        assertThat(html.getElementById("vadv-document").text()).contains("\"id\" : \"EXAMPLE-" + marker + "\"");
        // the vendor's text is escaped, never markup
        assertThat(page.body()).doesNotContain("<script>alert(1)</script>");
        assertThat(html.select("h1").text()).contains("<script>alert(1)</script>");

        // an analyst links it to an incident by the incident's reference; the link names who made it
        var created = org.opencirt.testing.Api.asUser("ab-analyst")
                .body("{\"title\": \"Linked to %s\"}".formatted(marker))
                .post("/api/v1/incidents")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        var incident = created.getString("id");
        var linkedPage = browser.post(
                "/console/vendor-advisories/" + id + "/incidents",
                java.util.Map.of("_csrf", page.csrf(), "incident", created.getString("reference")));
        assertThat(linkedPage.url()).endsWith("/console/vendor-advisories/" + id);
        var linked = Jsoup.parse(linkedPage.body());
        assertThat(linked.select("#vadv-incidents a")).singleElement().satisfies(a -> {
            assertThat(a.attr("href")).isEqualTo("/console/incidents/" + incident);
            assertThat(a.text()).isEqualTo("An incident linked by ab-analyst");
        });

        assertThat(browser.post(
                                "/console/vendor-advisories/" + id + "/incidents",
                                java.util.Map.of("_csrf", page.csrf(), "incident", "NOT-A-REFERENCE"))
                        .status())
                .isEqualTo(404);

        var other = new ConsoleBrowser();
        var home = other.login("cd-analyst");
        assertThat(other.post(
                                "/console/vendor-advisories/" + id + "/incidents",
                                java.util.Map.of("_csrf", home.csrf(), "incident", incident))
                        .status())
                .isEqualTo(404);
        assertThat(other.get("/console/vendor-advisories/" + id).status()).isEqualTo(404);
        assertThat(Jsoup.parse(other.get("/console/vendor-advisories?q=" + cve).body())
                        .select("#vendor-advisories a"))
                .isEmpty();
    }
}
