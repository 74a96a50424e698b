package org.opencirt.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.opencirt.incident.IncidentApiTest;
import org.opencirt.testing.Api;

/**
 * The exchange pages of the console in Chromium with real Keycloak logins: partners and sharing groups, the "Share"
 * section of an incident (TLP rules shown and still enforced), the incoming page with shared incidents and referrals,
 * each page axe-clean in English, French and Arabic, and another CIRT seeing none of it.
 */
@QuarkusTest
class ConsoleExchangeTest {

    static final String AMBER_STRICT_RULE =
            "TLP:AMBER+STRICT stays within the owning organisation: it cannot be shared with another one";

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

    private static String marker() {
        return "ex" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** CERT-AB's partner record for CERT-CD (declared once for the whole suite, as the API tests do). */
    static String cdAsPartnerOfAb() {
        String existing = Api.asUser("ab-admin")
                .get("/api/v1/partners")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("find { it.cirt == 'cert-cd' }.id");
        if (existing != null) {
            return existing;
        }
        return Api.asUser("ab-admin")
                .body("{\"kind\": \"cirt\", \"cirt\": \"cert-cd\"}")
                .post("/api/v1/partners")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** An incident whose title starts with a marker, which is also its observable's domain. */
    private static String incident(String user, String title, String tlp) {
        var domain = title.split(" ")[0] + ".example";
        return IncidentApiTest.create(user, """
                {"title": "%s", "tlp": "%s", "type": "phishing", "description": "Kit at %s",
                 "observables": [{"value": "%s"}]}""".formatted(title, tlp, domain, domain))
                .getString("id");
    }

    private static Page logIn(BrowserContext context, String user, String path) {
        var page = context.newPage();
        page.navigate(base() + path);
        Chromium.logIn(page, user);
        page.navigate(base() + path);
        return page;
    }

    @Test
    void aLeadGrantsAnIncidentToAPartnerCirtAndItsAnalystSeesTheCopyOnTheIncomingPage() {
        var partner = cdAsPartnerOfAb();
        var m = marker();
        var id = incident("ab-analyst", m + " Phishing kit shared with CERT-CD", "GREEN");

        try (var ab = chromium.context("en-GB");
                var cd = chromium.context("en-GB")) {
            var before = logIn(cd, "cd-analyst", "/console/incoming");
            assertThat(before.locator("#shared").textContent()).doesNotContain(m);

            var page = logIn(ab, "ab-lead", "/console/incidents/" + id);
            assertThat(page.locator("#share #grants").textContent()).contains("Not shared.");
            assertThat(page.locator("#aud-community").isEnabled()).isTrue();
            page.locator("#aud-partners").check();
            page.locator("#gp-" + partner).check();
            page.locator("#part-comments").check();
            page.locator("#grant-submit").click();
            page.waitForURL(url -> url.contains("done=grant"));
            assertThat(page.locator("p.notice").textContent()).contains("The incident is shared.");
            var row = page.locator("#share tr.grant");
            assertThat(row.count()).isEqualTo(1);
            assertThat(row.textContent())
                    .contains("Named partners")
                    .contains("ab-lead")
                    .contains("Shareable comments");
            Chromium.screenshot(page, "50-incident-share");
            assertThat(Api.asUser("ab-analyst")
                            .queryParam("objectType", "incident")
                            .queryParam("objectId", id)
                            .get("/api/v1/grants")
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath()
                            .getList("partners[0]"))
                    .containsExactly(partner);

            var incoming = cd.newPage();
            incoming.navigate(base() + "/console/incoming");
            var copy = incoming.locator("article.shared-incident[data-incident='" + id + "']");
            assertThat(copy.textContent())
                    .contains(m + " Phishing kit shared with CERT-CD")
                    .contains("Shared by cert-ab")
                    .contains("TLP:GREEN")
                    .contains(m + ".example");
            Chromium.screenshot(incoming, "51-incoming-shared");

            // the lead revokes: the copy is gone at once
            page.locator("#share form[action$='/revocation'] button").click();
            page.waitForURL(url -> url.contains("done=revoke"));
            assertThat(page.locator("#share tr.grant td").nth(3).textContent()).contains("ab-lead");
            assertThat(page.locator("#share form[action$='/revocation']").count())
                    .isZero();
            incoming.reload();
            assertThat(incoming.locator("#shared").textContent()).doesNotContain(m);
        }
    }

    @Test
    void anAmberStrictIncidentDisablesEveryAudienceWithTheRuleAndTheServerRefusesAForcedGrant() {
        var partner = cdAsPartnerOfAb();
        var m = marker();
        var id = incident("ab-analyst", m + " Strictly internal", "AMBER+STRICT");
        try (var context = chromium.context("en-GB")) {
            var page = logIn(context, "ab-lead", "/console/incidents/" + id);
            for (var audience : List.of("community", "group", "partners")) {
                assertThat(page.locator("#aud-" + audience).isDisabled())
                        .as(audience)
                        .isTrue();
                assertThat(page.locator("#why-" + audience).textContent()).isEqualTo(AMBER_STRICT_RULE);
            }
            assertThat(page.locator("#grant-submit").isDisabled()).isTrue();
            Chromium.screenshot(page, "52-incident-share-amber-strict");
        }
        // AMBER: only the community is refused, with the API's words
        var amber = incident("ab-analyst", m + " Amber", "AMBER");
        try (var context = chromium.context("en-GB")) {
            var page = logIn(context, "ab-lead", "/console/incidents/" + amber);
            assertThat(page.locator("#aud-community").isDisabled()).isTrue();
            assertThat(page.locator("#why-community").textContent())
                    .isEqualTo(
                            "TLP:AMBER may go to named partners (or a sharing group of them), not to the whole community");
            assertThat(page.locator("#aud-partners").isEnabled()).isTrue();
            assertThat(page.locator("#grant-submit").isEnabled()).isTrue();
        }

        // a forced form is still refused by the server, with the rule, and nothing is stored
        var lead = new ConsoleBrowser();
        var workspace = lead.login("ab-lead", "/console/incidents/" + id);
        var forced = lead.postPairs(
                "/console/grants",
                List.of(
                        Map.entry("_csrf", workspace.csrf()),
                        Map.entry("objectType", "incident"),
                        Map.entry("objectId", id),
                        Map.entry("audience", "partners"),
                        Map.entry("partners", partner)));
        assertThat(forced.status()).isEqualTo(400);
        assertThat(forced.body()).contains(AMBER_STRICT_RULE).contains("/audience");
        assertThat(Api.asUser("ab-lead")
                        .queryParam("objectType", "incident")
                        .queryParam("objectId", id)
                        .get("/api/v1/grants")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("$"))
                .isEmpty();
        // an analyst sees the grants but has no form, and may not post one
        var analyst = new ConsoleBrowser();
        var analystPage = analyst.login("ab-analyst", "/console/incidents/" + amber);
        assertThat(analystPage.body()).contains("id=\"share\"").doesNotContain("id=\"grant-form\"");
        assertThat(analyst.postPairs(
                                "/console/grants",
                                List.of(
                                        Map.entry("_csrf", analystPage.csrf()),
                                        Map.entry("objectType", "incident"),
                                        Map.entry("objectId", amber),
                                        Map.entry("audience", "partners"),
                                        Map.entry("partners", partner)))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void theRecipientAcceptsAReferralInTheBrowserAndTheSenderSeesItAccepted() {
        var m = marker();
        var id = incident("ab-analyst", m + " Defaced hospital site", "GREEN");
        String referral = Api.asUser("ab-analyst")
                .body("{\"incident\": \"%s\", \"cirt\": \"cert-cd\", \"note\": \"%s hosted with you\"}"
                        .formatted(id, m))
                .post("/api/v1/referrals")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        try (var cd = chromium.context("en-GB");
                var ab = chromium.context("en-GB")) {
            var sender = logIn(ab, "ab-analyst", "/console/incoming");
            var sent = sender.locator("#sent tr[data-referral='" + referral + "']");
            assertThat(sent.locator(".referral-state").textContent()).contains("Waiting for an answer");

            var page = logIn(cd, "cd-analyst", "/console/incoming");
            var row = page.locator("#received tr[data-referral='" + referral + "']");
            assertThat(row.textContent()).contains(m + " hosted with you").contains("CERT-AB");
            Chromium.screenshot(page, "53-incoming-referral");
            row.locator("button", new com.microsoft.playwright.Locator.LocatorOptions().setHasText("Accept"))
                    .click();
            page.waitForURL(url -> url.contains("done=accepted"));
            assertThat(page.locator("p.notice").textContent()).contains("The referral was accepted.");
            var answered = page.locator("#received tr[data-referral='" + referral + "']");
            assertThat(answered.locator(".referral-state").textContent())
                    .contains("Accepted")
                    .contains("cd-analyst");
            assertThat(answered.locator("button").count()).isZero();

            sender.reload();
            var after = sender.locator("#sent tr[data-referral='" + referral + "']");
            assertThat(after.locator(".referral-state").textContent()).contains("Accepted");
            Chromium.screenshot(sender, "54-incoming-referral-accepted");
        }
        // answered once: a second answer is a 409 page
        var cd = new ConsoleBrowser();
        var page = cd.login("cd-lead", "/console/incoming");
        assertThat(cd.post("/console/incoming/referrals/" + referral + "/decline", Map.of("_csrf", page.csrf()))
                        .status())
                .isEqualTo(409);
    }

    @Test
    void theCirtAdminManagesPartnersAndGroupsTheSecretIsShownOnceAndAnotherCirtSeesNoneOfIt() {
        var m = marker();
        var partnerName = m + " Ports Sector CERT";
        var groupName = m + " West African ports";
        var cdPartner = cdAsPartnerOfAb();

        var admin = new ConsoleBrowser();
        var page = admin.login("ab-admin", "/console/partners");
        assertThat(page.status()).isEqualTo(200);
        var created = admin.post(
                "/console/partners/remote",
                Map.of(
                        "_csrf",
                        page.csrf(),
                        "name",
                        partnerName,
                        "country",
                        "sn",
                        "contacts",
                        "soc@ports-cert.example\n\nduty@ports-cert.example"));
        assertThat(created.status()).isEqualTo(200);
        var secret = Pattern.compile("id=\"created-secret\">([^<]+)<")
                .matcher(created.body())
                .results()
                .findFirst()
                .orElseThrow()
                .group(1);
        assertThat(secret).hasSizeGreaterThan(10);
        var clientId = Pattern.compile("id=\"created-client-id\">([^<]+)<")
                .matcher(created.body())
                .results()
                .findFirst()
                .orElseThrow()
                .group(1);
        var partnerId = Pattern.compile("data-partner=\"([0-9a-f-]{36})\"\\s*>\\s*<td>" + Pattern.quote(partnerName))
                .matcher(created.body())
                .results()
                .findFirst()
                .orElseThrow()
                .group(1);
        assertThat(created.body())
                .contains("SN")
                .contains("soc@ports-cert.example, duty@ports-cert.example")
                .contains(base() + "/taxii2/")
                .contains(base() + "/taxii2/cert-ab/")
                .contains("/realms/opencirt/protocol/openid-connect/token")
                .contains("client_id=" + clientId);

        // the secret is a real one: Keycloak gives the partner's client a token with it
        var token = io.restassured.RestAssured.given()
                .formParam("grant_type", "client_credentials")
                .formParam("client_id", clientId)
                .formParam("client_secret", secret)
                .post(ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class)
                        + "/protocol/openid-connect/token")
                .then()
                .statusCode(200)
                .extract()
                .<String>path("access_token");
        assertThat(token).isNotBlank();

        // never shown again
        var again = admin.get("/console/partners");
        assertThat(again.body()).contains(partnerName).contains(clientId).doesNotContain(secret);

        // a sharing group of the two partners, then one member less
        var grouped = admin.postPairs(
                "/console/partners/groups",
                List.of(
                        Map.entry("_csrf", page.csrf()),
                        Map.entry("name", groupName),
                        Map.entry("members", partnerId),
                        Map.entry("members", cdPartner)));
        assertThat(grouped.status()).isEqualTo(200);
        assertThat(grouped.body()).contains("The sharing group was created.").contains(groupName);
        var groupId = Pattern.compile("data-group=\"([0-9a-f-]{36})\">\\s*<h3>" + Pattern.quote(groupName))
                .matcher(grouped.body())
                .results()
                .findFirst()
                .orElseThrow()
                .group(1);
        var members = admin.postPairs(
                "/console/partners/groups/" + groupId + "/members",
                List.of(Map.entry("_csrf", page.csrf()), Map.entry("members", partnerId)));
        assertThat(members.body()).contains("The members were saved.");
        assertThat(Api.asUser("ab-analyst")
                        .get("/api/v1/sharing-groups/" + groupId)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("members"))
                .containsExactly(partnerId);

        // analysts read, without forms; they may not change anything
        var analyst = new ConsoleBrowser();
        var analystPage = analyst.login("ab-analyst", "/console/partners");
        assertThat(analystPage.body())
                .contains(partnerName)
                .contains(groupName)
                .doesNotContain("id=\"add-remote\"")
                .doesNotContain("/removal");
        assertThat(analyst.post("/console/partners/remote", Map.of("_csrf", analystPage.csrf(), "name", m + " sneaky"))
                        .status())
                .isEqualTo(403);

        // CERT-CD sees nothing of CERT-AB's partners, groups or grants, and cannot touch them
        var shared = incident("ab-analyst", m + " shared with the group", "AMBER");
        String grant = Api.asUser("ab-lead")
                .body("{\"objectType\": \"incident\", \"objectId\": \"%s\", \"audience\": \"group\", \"group\": \"%s\"}"
                        .formatted(shared, groupId))
                .post("/api/v1/grants")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        for (var user : List.of("cd-admin", "cd-lead", "cd-analyst")) {
            var other = new ConsoleBrowser();
            var otherPage = other.login(user, "/console/partners");
            assertThat(otherPage.status()).isEqualTo(200);
            assertThat(otherPage.body())
                    .doesNotContain(partnerName)
                    .doesNotContain(groupName)
                    .doesNotContain(clientId)
                    .doesNotContain(partnerId);
            var csrf = otherPage.csrf();
            assertThat(other.post("/console/partners/" + partnerId + "/removal", Map.of("_csrf", csrf))
                            .status())
                    .as(user)
                    .isIn(403, 404);
            assertThat(other.post("/console/partners/groups/" + groupId + "/removal", Map.of("_csrf", csrf))
                            .status())
                    .as(user)
                    .isIn(403, 404);
            var incoming = other.get("/console/incoming");
            assertThat(incoming.body()).doesNotContain(m);
        }
        var cdAdmin = new ConsoleBrowser();
        var cdPage = cdAdmin.login("cd-admin", "/console/partners");
        assertThat(cdAdmin.postPairs(
                                "/console/partners/groups/" + groupId + "/members",
                                List.of(Map.entry("_csrf", cdPage.csrf()), Map.entry("members", partnerId)))
                        .status())
                .isEqualTo(404);
        assertThat(cdAdmin.post("/console/partners/" + partnerId + "/removal", Map.of("_csrf", cdPage.csrf()))
                        .status())
                .isEqualTo(404);
        var cdLead = new ConsoleBrowser();
        var cdLeadPage = cdLead.login("cd-lead", "/console/incoming");
        assertThat(cdLead.post("/console/grants/" + grant + "/revocation", Map.of("_csrf", cdLeadPage.csrf()))
                        .status())
                .isEqualTo(404);
        assertThat(cdLead.get("/console/incidents/" + shared).status()).isEqualTo(404);
        assertThat(Api.asUser("ab-lead")
                        .get("/api/v1/grants/" + grant)
                        .then()
                        .statusCode(200)
                        .extract()
                        .<String>path("revokedAt"))
                .isNull();

        // the group is in use: removing it is refused (409) until the grant is revoked; then both go
        assertThat(admin.post("/console/partners/groups/" + groupId + "/removal", Map.of("_csrf", page.csrf()))
                        .status())
                .isEqualTo(409);
        Api.asUser("ab-lead").delete("/api/v1/grants/" + grant).then().statusCode(204);
        assertThat(admin.post("/console/partners/groups/" + groupId + "/removal", Map.of("_csrf", page.csrf()))
                        .body())
                .contains("The sharing group was removed.")
                .doesNotContain(groupName);
        var removed = admin.post("/console/partners/" + partnerId + "/removal", Map.of("_csrf", page.csrf()));
        assertThat(removed.body()).contains("The partner was removed.").doesNotContain(partnerName);
    }

    @Test
    void aLeadSharesAnAdvisoryWithTheCommunityFromItsPageAndRevokesIt() {
        var m = marker();
        String advisory = Api.asUser("ab-lead")
                .body("""
                {"title": "%s Advisory to share", "summary": "s", "tlp": "GREEN",
                 "products": [{"vendor": "V", "name": "P", "versions": ["1"]}]}""".formatted(m))
                .post("/api/v1/advisories/from-form")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        var lead = new ConsoleBrowser();
        var page = lead.login("ab-lead", "/console/advisories/" + advisory);
        assertThat(page.body())
                .contains("id=\"grant-form\"")
                .contains("Not shared.")
                .doesNotContain("name=\"parts\"");
        var shared = lead.postPairs(
                "/console/grants",
                List.of(
                        Map.entry("_csrf", page.csrf()),
                        Map.entry("objectType", "advisory"),
                        Map.entry("objectId", advisory),
                        Map.entry("audience", "community")));
        assertThat(shared.status()).isEqualTo(200);
        assertThat(shared.url()).contains("/console/advisories/" + advisory);
        assertThat(shared.body())
                .contains("The community (every CIRT of the platform)")
                .contains("/revocation");
        var grants = Api.asUser("ab-analyst")
                .queryParam("objectType", "advisory")
                .queryParam("objectId", advisory)
                .get("/api/v1/grants")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(grants.getList("audience")).containsExactly("community");
        String grant = grants.getString("[0].id");
        var revoked = lead.post("/console/grants/" + grant + "/revocation", Map.of("_csrf", page.csrf()));
        assertThat(revoked.body()).doesNotContain("/revocation");
        assertThat(Api.asUser("ab-lead")
                        .get("/api/v1/grants/" + grant)
                        .then()
                        .statusCode(200)
                        .extract()
                        .<String>path("revokedBy"))
                .isEqualTo("ab-lead");
        // CERT-CD's lead cannot share CERT-AB's advisory: the same 404 as one that does not exist
        var cd = new ConsoleBrowser();
        var cdPage = cd.login("cd-lead", "/console/incoming");
        assertThat(cd.postPairs(
                                "/console/grants",
                                List.of(
                                        Map.entry("_csrf", cdPage.csrf()),
                                        Map.entry("objectType", "advisory"),
                                        Map.entry("objectId", advisory),
                                        Map.entry("audience", "community")))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void theExchangePagesHaveNoSeriousOrCriticalViolationInEnglishFrenchAndArabic() throws Exception {
        cdAsPartnerOfAb();
        var id = incident("ab-analyst", marker() + " Accessibility of sharing", "AMBER");
        var axe = Files.readString(ConsoleAccessibilityTest.AXE);
        var failures = new ArrayList<String>();
        for (var language : List.of("en", "fr", "ar")) {
            for (var login : List.of(
                    Map.entry("ab-admin", List.of("/console/partners", "/console/incoming")),
                    Map.entry("ab-lead", List.of("/console/incidents/" + id, "/console/partners")),
                    Map.entry("cd-analyst", List.of("/console/incoming")))) {
                try (var context = chromium.browser()
                        .newContext(new Browser.NewContextOptions()
                                .setBypassCSP(true)
                                .setLocale(language)
                                .setViewportSize(1280, 900))) {
                    var page = logIn(context, login.getKey(), login.getValue().getFirst());
                    for (var path : login.getValue()) {
                        page.navigate(base() + path);
                        assertThat(page.locator("html").getAttribute("lang")).isEqualTo(language);
                        failures.addAll(ConsoleAccessibilityTest.check(
                                page, axe, language + " " + login.getKey() + " " + path));
                    }
                    if (login.getKey().equals("ab-admin")) {
                        page.navigate(base() + "/console/partners");
                        Chromium.screenshot(page, "55-partners-" + language);
                    }
                }
            }
        }
        assertThat(failures).as("serious or critical WCAG 2.1 AA violations").isEmpty();
    }
}
