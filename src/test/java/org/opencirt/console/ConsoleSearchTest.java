package org.opencirt.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.opencirt.advisory.service.AdvisoryForm;
import org.opencirt.advisory.service.AdvisorySearchService;
import org.opencirt.advisory.service.AdvisoryService;
import org.opencirt.incident.IncidentApiTest;
import org.opencirt.testing.Api;

/** The search page: incidents, indicators and advisories of the caller's CIRT only. */
@QuarkusTest
class ConsoleSearchTest {

    @Inject
    Keycloak keycloak;

    @BeforeEach
    void realmKnowsTheTestPort() {
        ConsoleRealm.syncFromRealmFile(keycloak);
    }

    @Test
    void searchFindsTheCirtsIncidentsAndAdvisoriesButNotAnotherCirts() {
        var m = "s" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        IncidentApiTest.create("ab-analyst", "{\"title\": \"%s defacement of a ministry site\"}".formatted(m));
        IncidentApiTest.create("cd-analyst", "{\"title\": \"%s secret of CD\"}".formatted(m));
        Api.asUser("ab-analyst")
                .body("""
                {"title": "%s advisory", "summary": "s", "products": [{"vendor": "V", "name": "P", "versions": ["1"]}]}""".formatted(m))
                .post("/api/v1/advisories/from-form")
                .then()
                .statusCode(201);
        for (var user : java.util.List.of("ab-analyst", "cd-analyst")) {
            await().atMost(Duration.ofSeconds(90))
                    .untilAsserted(() -> assertThat(Api.asUser(user)
                                    .queryParam("q", m)
                                    .get("/api/v1/incidents")
                                    .then()
                                    .extract()
                                    .jsonPath()
                                    .getLong("total"))
                            .isEqualTo(1));
        }
        // the advisory reaches the search index through the outbox too
        await().atMost(Duration.ofSeconds(90))
                .until(() -> advisorySearch.search("cert-ab", m, null, 10).total() == 1);

        var ab = new ConsoleBrowser();
        var page = ab.login("ab-analyst", "/console/search?q=" + m);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains(m + " defacement")
                .contains(m + " advisory")
                .doesNotContain("secret of CD")
                .contains("The text is not an observable value");

        var cd = new ConsoleBrowser();
        var cdPage = cd.login("cd-analyst", "/console/search?q=" + m);
        assertThat(cdPage.body())
                .contains("secret of CD")
                .doesNotContain("defacement")
                .doesNotContain(m + " advisory");
    }

    @Inject
    AdvisoryService advisories;

    @Inject
    AdvisorySearchService advisorySearch;

    @Test
    void advisoriesBeyondTheFirstTwentyArePagedInTheAdvisoriesList() {
        var m = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        for (var i = 0; i < 55; i++) {
            advisories.createFromForm(
                    "cert-ab",
                    "ab-analyst",
                    new AdvisoryForm(
                            null,
                            "%s paged %d".formatted(m, i),
                            "Summary",
                            "WHITE",
                            "en",
                            null,
                            List.of(new AdvisoryForm.Product("Acme", "Widget", List.of("1.0"), List.of())),
                            List.of(),
                            null,
                            List.of(),
                            null));
        }
        var ab = new ConsoleBrowser();
        ab.login("ab-analyst");
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() ->
                        assertThat(ab.get("/console/search?q=" + m).body()).contains("Advisories (55)"));
        var search = ab.get("/console/search?q=" + m);
        assertThat(Pattern.compile(Pattern.quote(m) + " paged \\d+")
                        .matcher(search.body())
                        .results()
                        .count())
                .isEqualTo(20);
        assertThat(search.body()).contains("id=\"more-advisories\"").contains("/console/advisories?q=" + m);

        var first = ab.get("/console/advisories?q=" + m);
        assertThat(first.body()).contains("55 advisories found").contains(m + " paged 54");
        assertThat(rows(first.body(), m)).isEqualTo(50);
        var next = Pattern.compile("href=\"([^\"]+)\" rel=\"next\"").matcher(first.body());
        assertThat(next.find()).isTrue();
        var second = ab.get(next.group(1).replace("&amp;", "&"));
        assertThat(rows(second.body(), m)).isEqualTo(5);
        assertThat(second.body()).contains(m + " paged 0").doesNotContain("rel=\"next\"");

        var cd = new ConsoleBrowser();
        assertThat(cd.login("cd-analyst", "/console/advisories?q=" + m).body())
                .contains("0 advisories found")
                .doesNotContain(m + " paged");
    }

    private static long rows(String body, String marker) {
        return Pattern.compile("<td>" + Pattern.quote(marker) + " paged \\d+</td>")
                .matcher(body)
                .results()
                .count();
    }

    @Test
    void anIndicatorOfTheCirtsOwnFeedIsFoundByItsValueOnlyByThatCirt() {
        Api.asUser("ab-lead")
                .post("/api/v1/feeds/" + ConsoleFeedsPlaybooksTest.AB_FEED + "/runs")
                .then()
                .statusCode(202);
        var ab = new ConsoleBrowser();
        ab.login("ab-analyst");
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(ab.get("/console/search?q=malware-c2.example.net")
                                .body())
                        .contains("Looked up as domain malware-c2.example.net")
                        .contains(ConsoleFeedsPlaybooksTest.AB_FEED));
        var cd = new ConsoleBrowser();
        var cdPage = cd.login("cd-analyst", "/console/search?q=malware-c2.example.net");
        assertThat(cdPage.body()).contains("Looked up as domain").doesNotContain(ConsoleFeedsPlaybooksTest.AB_FEED);
    }
}
