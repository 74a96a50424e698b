package org.opencirt.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.opencirt.incident.IncidentApiTest;
import org.opencirt.testing.Api;

/** Feeds (status, run now with progress) and playbooks (list, switch, dry-run) pages, within the caller's CIRT. */
@QuarkusTest
class ConsoleFeedsPlaybooksTest {

    /** A demo feed of CERT-AB only (threat-feeds/demo), read from a local file. */
    static final String AB_FEED = "sample-cert-ab-csv";

    @Inject
    Keycloak keycloak;

    @BeforeEach
    void realmKnowsTheTestPort() {
        ConsoleRealm.syncFromRealmFile(keycloak);
    }

    @Test
    void feedsPageListsThePlatformsAndTheCirtsOwnFeedsOnly() {
        var ab = new ConsoleBrowser();
        var page = ab.login("ab-analyst", "/console/feeds");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("/console/feeds/" + AB_FEED).contains("/console/feeds/sample-urlhaus");
        // the CIRT's use of its feed quota, in a line above the list
        assertThat(page.body()).containsPattern("id=\"feed-quota\">[^<]* of \\d+ feeds, \\d+ of \\d+ MB fetched today");

        var cd = new ConsoleBrowser();
        var cdPage = cd.login("cd-analyst", "/console/feeds");
        assertThat(cdPage.body()).contains("/console/feeds/sample-urlhaus").doesNotContain(AB_FEED);
        assertThat(cd.get("/console/feeds/" + AB_FEED).status()).isEqualTo(404);
    }

    @Test
    void aLeadRunsTheCirtsFeedAndFollowsItsProgressToTheEnd() {
        var lead = new ConsoleBrowser();
        var feed = lead.login("ab-lead", "/console/feeds/" + AB_FEED);
        assertThat(feed.body()).contains("id=\"run-now\"");
        var run = lead.post("/console/feeds/" + AB_FEED + "/runs", Map.of("_csrf", feed.csrf()));
        assertThat(run.status()).isEqualTo(200);
        var m = Pattern.compile("/console/feeds/" + AB_FEED + "/runs/([0-9a-f-]{36})$")
                .matcher(run.url());
        assertThat(m.find()).as(run.url()).isTrue();
        var runId = m.group(1);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var progress = lead.get("/console/feeds/%s/runs/%s/progress".formatted(AB_FEED, runId));
            assertThat(progress.status()).isEqualTo(200);
            assertThat(progress.body())
                    .contains("<section id=\"run-progress\"")
                    .doesNotContain("<html")
                    .doesNotContain("data-poll")
                    .containsPattern("id=\"run-status\" class=\"badge\">(succeeded|partial|not-modified)<");
        });
        // the run is in the history with its counts
        assertThat(lead.get("/console/feeds/" + AB_FEED).body()).contains("/runs/" + runId);

        // CERT-CD's lead can neither see that run nor start one
        var cd = new ConsoleBrowser();
        var cdHome = cd.login("cd-lead");
        assertThat(cd.get("/console/feeds/%s/runs/%s".formatted(AB_FEED, runId)).status())
                .isEqualTo(404);
        assertThat(cd.get("/console/feeds/%s/runs/%s/progress".formatted(AB_FEED, runId))
                        .status())
                .isEqualTo(404);
        assertThat(cd.post("/console/feeds/" + AB_FEED + "/runs", Map.of("_csrf", cdHome.csrf()))
                        .status())
                .isEqualTo(404);
    }

    @Test
    void anAnalystMayNotRunFeedsNorAnyoneAPlatformFeed() {
        var analyst = new ConsoleBrowser();
        var page = analyst.login("ab-analyst", "/console/feeds/" + AB_FEED);
        assertThat(page.body()).doesNotContain("id=\"run-now\"");
        assertThat(analyst.post("/console/feeds/" + AB_FEED + "/runs", Map.of("_csrf", page.csrf()))
                        .status())
                .isEqualTo(403);
        var lead = new ConsoleBrowser();
        var leadPage = lead.login("ab-lead", "/console/feeds/sample-urlhaus");
        assertThat(leadPage.body()).doesNotContain("id=\"run-now\"");
        assertThat(lead.post("/console/feeds/sample-urlhaus/runs", Map.of("_csrf", leadPage.csrf()))
                        .status())
                .isEqualTo(403);
    }

    @Test
    void aLeadSwitchesAPlaybookForTheirCirtOnly() {
        var id = Api.asUser("ab-lead")
                .get("/api/v1/playbooks")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("[0].id");
        var lead = new ConsoleBrowser();
        var list = lead.login("ab-lead", "/console/playbooks");
        assertThat(list.body()).contains("/console/playbooks/" + id);
        var off = lead.post("/console/playbooks/" + id + "/enabled", Map.of("_csrf", list.csrf(), "enabled", "false"));
        assertThat(off.status()).isEqualTo(200);
        assertThat(enabled("ab-lead", id)).isFalse();
        assertThat(enabled("cd-lead", id)).isTrue();
        lead.post("/console/playbooks/" + id + "/enabled", Map.of("_csrf", list.csrf(), "enabled", "true"));
        assertThat(enabled("ab-lead", id)).isTrue();

        var analyst = new ConsoleBrowser();
        var page = analyst.login("ab-analyst", "/console/playbooks");
        assertThat(page.body()).doesNotContain("/console/playbooks/" + id + "/enabled");
        assertThat(analyst.post(
                                "/console/playbooks/" + id + "/enabled",
                                Map.of("_csrf", page.csrf(), "enabled", "false"))
                        .status())
                .isEqualTo(403);
        assertThat(enabled("ab-lead", id)).isTrue();
    }

    @Test
    void aDryRunShowsWhatAPlaybookWouldDoAndChangesNothingAndNeverReachesAnotherCirt() {
        var id = Api.asUser("ab-analyst")
                .get("/api/v1/playbooks")
                .then()
                .extract()
                .jsonPath()
                .getString("[0].id");
        var incident = IncidentApiTest.create(
                "ab-analyst", "{\"title\": \"dry-run target\", \"type\": \"phishing\", \"severity\": \"low\"}");
        var cdReference =
                IncidentApiTest.create("cd-analyst", "{\"title\": \"of CD\"}").getString("reference");
        var browser = new ConsoleBrowser();
        var page = browser.login("ab-analyst", "/console/playbooks/" + id);
        assertThat(page.body()).contains("<textarea id=\"source\"");
        var result = browser.post(
                "/console/playbooks/" + id + "/dry-run",
                Map.of("_csrf", page.csrf(), "reference", incident.getString("reference")));
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body()).contains("id=\"dry-run-result\"").contains(incident.getString("reference"));
        var after = Api.asUser("ab-analyst")
                .get("/api/v1/incidents/" + incident.getString("id"))
                .then()
                .extract()
                .jsonPath();
        assertThat(after.getLong("version")).isEqualTo(incident.getLong("version"));

        var foreign = browser.post(
                "/console/playbooks/" + id + "/dry-run", Map.of("_csrf", page.csrf(), "reference", cdReference));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.body()).doesNotContain("of CD");
    }

    private static boolean enabled(String user, String id) {
        return Api.asUser(user)
                .get("/api/v1/playbooks")
                .then()
                .extract()
                .jsonPath()
                .getBoolean("find { it.id == '%s' }.enabled".formatted(id));
    }
}
