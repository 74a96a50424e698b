package org.opencirt.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.opencirt.testing.Api;
import org.opencirt.testing.LocalFeedServer;

/**
 * The "Share" section of a CIRT's own feed's page, in Chromium with real Keycloak logins: an AMBER feed's community
 * audience disabled with the TLP rule, a grant to a partner CIRT made and revoked from the page, no section on a
 * global feed's page, and no form for an analyst.
 */
@QuarkusTest
class ConsoleFeedShareTest {

    private static final String AMBER_RULE =
            "TLP:AMBER may go to named partners (or a sharing group of them), not to the whole community";

    private static Chromium chromium;
    private static LocalFeedServer server;

    @Inject
    Keycloak keycloak;

    @BeforeAll
    static void start() throws Exception {
        chromium = new Chromium();
        server = new LocalFeedServer();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        server.close();
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

    private static String amberFeed() {
        var id = "share-" + UUID.randomUUID().toString().substring(0, 8);
        Api.asUser("ab-admin")
                .contentType("application/yaml")
                .body("""
                id: %s
                name: Port sensors %s
                url: %s
                format: plain-list
                enabled: false
                defaults:
                  tlp: AMBER
                """.formatted(id, id, server.url("/sensors.txt")))
                .post("/api/v1/feeds")
                .then()
                .statusCode(201);
        return id;
    }

    private static List<Object> grants(String feed) {
        return Api.asUser("ab-lead")
                .get("/api/v1/grants?objectType=feed&feed=" + feed)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    @Test
    void aLeadSharesAnAmberFeedWithAPartnerCirtFromItsPageAndRevokesIt() {
        var partner = ConsoleExchangeTest.cdAsPartnerOfAb();
        var feed = amberFeed();
        try (var context = chromium.context("en-GB")) {
            var page = logIn(context, "ab-lead", "/console/feeds/" + feed);
            assertThat(page.locator("#share #grants").textContent()).contains("Not shared.");
            assertThat(page.locator("#share-feed-hint").textContent()).contains("those it adds later included");
            assertThat(page.locator("#aud-community").isDisabled()).isTrue();
            assertThat(page.locator("#why-community").textContent()).isEqualTo(AMBER_RULE);
            assertThat(page.locator("#aud-partners").isEnabled()).isTrue();

            page.locator("#aud-partners").check();
            page.locator("#gp-" + partner).check();
            page.locator("#grant-submit").click();
            page.waitForURL(url -> url.contains("/console/feeds/" + feed));
            var row = page.locator("#share tr.grant");
            assertThat(row.count()).isEqualTo(1);
            assertThat(row.first().getAttribute("data-audience")).isEqualTo("partners");
            assertThat(row.first().textContent()).contains("ab-lead");
            assertThat(grants(feed)).hasSize(1);
            Chromium.screenshot(page, "55-feed-share");

            page.locator("#share form[action$='/revocation'] button").click();
            page.waitForURL(url -> url.contains("/console/feeds/" + feed));
            assertThat(page.locator("#share form[action$='/revocation']").count())
                    .isZero();
            assertThat(Api.asUser("ab-lead")
                            .get("/api/v1/grants?objectType=feed&feed=" + feed)
                            .then()
                            .extract()
                            .jsonPath()
                            .getString("[0].revokedBy"))
                    .isEqualTo("ab-lead");
        }

        // a forced community grant is refused by the server with the rule, and nothing is stored
        var lead = new ConsoleBrowser();
        var feedPage = lead.login("ab-lead", "/console/feeds/" + feed);
        var forced = lead.post(
                "/console/grants",
                Map.of("_csrf", feedPage.csrf(), "objectType", "feed", "feed", feed, "audience", "community"));
        assertThat(forced.status()).isEqualTo(400);
        assertThat(forced.body()).contains(AMBER_RULE);
        assertThat(grants(feed)).hasSize(1);

        // an analyst sees the section without the form
        var analyst = new ConsoleBrowser();
        var analystPage = analyst.login("ab-analyst", "/console/feeds/" + feed);
        assertThat(analystPage.body()).contains("id=\"share\"").doesNotContain("id=\"grant-form\"");
    }

    @Test
    void aGlobalFeedsPageHasNoShareSection() {
        var platformFeed = Api.asUser("ab-analyst")
                .get("/api/v1/feeds")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("find { it.scope == 'global' }.id");
        assertThat(platformFeed).isNotNull();
        var analyst = new ConsoleBrowser();
        var page = analyst.login("ab-lead", "/console/feeds/" + platformFeed);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("id=\"share\"");
    }
}
