package org.opencirt.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencirt.advisory.service.AdvisoryForm;
import org.opencirt.advisory.service.AdvisorySearchService;
import org.opencirt.advisory.service.AdvisoryService;
import org.opencirt.advisory.service.AdvisoryService.AdvisorySummary;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.testing.Api;

/** Advisory search through the advisory projection in Elasticsearch: what it matches, who sees what, paging. */
@QuarkusTest
class AdvisorySearchTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    AdvisorySearchService search;

    @Inject
    AdvisoryService advisories;

    private static String marker() {
        return "m" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private static List<String> titles(AdvisorySearchService.Result result) {
        return result.items().stream().map(AdvisorySummary::title).toList();
    }

    @Test
    void findsAnAdvisoryByTitleTextTrackingIdCveAndProduct() {
        var m = marker();
        var cve = Advisories.uniqueCve();
        var byTitle = Advisories.createDraft("ab-analyst", Advisories.form(m + " title word", "WHITE", cve));
        Api.asUser("ab-analyst")
                .body("""
                {"title": "Heap overflow in a parser", "summary": "Seen with %s in the wild", "tlp": "GREEN",
                 "products": [{"vendor": "Acme", "name": "Gizmo%s", "versions": ["2.0"]}]}""".formatted(m, m))
                .post("/api/v1/advisories/from-form")
                .then()
                .statusCode(201);

        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(search.search("cert-ab", m, null, 10).total())
                                .isEqualTo(2));
        assertThat(titles(search.search("cert-ab", m + " title", null, 10))).containsExactly(m + " title word");
        assertThat(titles(search.search("cert-ab", "\"seen with " + m + "\"", null, 10)))
                .containsExactly("Heap overflow in a parser");
        assertThat(titles(search.search("cert-ab", "gizmo" + m, null, 10)))
                .containsExactly("Heap overflow in a parser");
        assertThat(titles(search.search("cert-ab", cve, null, 10))).containsExactly(m + " title word");
        var trackingId = byTitle.getString("trackingId");
        assertThat(search.search("cert-ab", trackingId, null, 10).items())
                .extracting(AdvisorySummary::trackingId)
                .containsExactly(trackingId);
        assertThat(search.search("cert-ab", m + " -title", null, 10).items())
                .extracting(AdvisorySummary::title)
                .containsExactly("Heap overflow in a parser");
    }

    @Test
    void theProjectionFollowsUpdateSubmissionAndPublication() {
        var m = marker();
        var id = Advisories.createDraft("ab-analyst", Advisories.form(m + " alpha", "WHITE", Advisories.uniqueCve()))
                .getString("id");
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(titles(search.search("cert-ab", m, null, 10)))
                        .containsExactly(m + " alpha"));

        var version = Api.asUser("ab-analyst")
                .get("/api/v1/advisories/" + id)
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");
        Api.asUser("ab-analyst")
                .header("If-Match", version)
                .body(Advisories.form(m + " omega", "WHITE", Advisories.uniqueCve()))
                .put("/api/v1/advisories/" + id + "/form")
                .then()
                .statusCode(200);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(search.search("cert-ab", "alpha " + m, null, 10).total()).isZero();
            assertThat(titles(search.search("cert-ab", "omega " + m, null, 10))).containsExactly(m + " omega");
        });

        Advisories.submitAndPublish("ab-analyst", "ab-lead", id);
        await().atMost(WAIT)
                .untilAsserted(
                        () -> assertThat(search.search("cert-ab", m, null, 10).items())
                                .extracting(AdvisorySummary::state, AdvisorySummary::publishedVersion)
                                .containsExactly(org.assertj.core.groups.Tuple.tuple("published", 1)));
    }

    @Test
    void aCirtFindsOnlyItsOwnAdvisoriesDraftOrPublished() {
        var m = marker();
        Advisories.createDraft("cd-analyst", Advisories.form(m + " CD draft", "WHITE", Advisories.uniqueCve()));
        Advisories.publish(
                "cd-analyst", "cd-lead", Advisories.form(m + " CD published", "WHITE", Advisories.uniqueCve()));
        Advisories.createDraft("ab-analyst", Advisories.form(m + " AB draft", "WHITE", Advisories.uniqueCve()));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(titles(search.search("cert-cd", m, null, 10)))
                    .containsExactlyInAnyOrder(m + " CD draft", m + " CD published");
            assertThat(titles(search.search("cert-ab", m, null, 10))).containsExactly(m + " AB draft");
        });
        // the same as the in-memory search it replaces: another CIRT's published advisory is not among the results
        // either
        assertThat(search.search("cert-ab", "CD " + m, null, 10).total()).isZero();
    }

    @Test
    void aCursorPagesOnlyTheSearchAndTheCirtItCameFrom() {
        var m = marker();
        for (var i = 0; i < 3; i++) {
            Advisories.createDraft("ab-analyst", Advisories.form(m + " cursor " + i, "WHITE", Advisories.uniqueCve()));
        }
        await().atMost(WAIT)
                .untilAsserted(() ->
                        assertThat(search.search("cert-ab", m, null, 2).total()).isEqualTo(3));
        var next = search.search("cert-ab", m, null, 2).next();
        assertThat(next).isNotNull();

        assertThat(search.search("cert-ab", m, next, 2).items()).hasSize(1);
        for (var misuse : List.<Runnable>of(
                () -> search.search("cert-cd", m, next, 2),
                () -> search.search("cert-ab", m + " x", next, 2),
                () -> search.search("cert-ab", m, next + "x", 2))) {
            assertThatThrownBy(misuse::run)
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.type()).isEqualTo(ProblemType.VALIDATION));
        }
    }

    @Test
    void pagesGoOnBeyondFiveHundredAdvisories() {
        var m = marker();
        var count = 520;
        for (var i = 0; i < count; i++) {
            advisories.createFromForm(
                    "cert-cd",
                    "cd-analyst",
                    new AdvisoryForm(
                            null,
                            "%s bulk %d".formatted(m, i),
                            "Summary " + i,
                            "WHITE",
                            "en",
                            null,
                            List.of(new AdvisoryForm.Product("Acme", "Widget", List.of("1.0"), List.of())),
                            List.of(),
                            null,
                            List.of(),
                            null));
        }
        await().atMost(Duration.ofSeconds(120))
                .untilAsserted(() ->
                        assertThat(search.search("cert-cd", m, null, 1).total()).isEqualTo(count));

        var seen = new HashSet<String>();
        var pages = 0;
        String cursor = null;
        do {
            var page = search.search("cert-cd", m, cursor, AdvisorySearchService.MAX_LIMIT);
            assertThat(page.total()).isEqualTo(count);
            page.items()
                    .forEach(a -> assertThat(seen.add(a.title()))
                            .as("seen once: %s", a.title())
                            .isTrue());
            cursor = page.next();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(seen).hasSize(count).contains(m + " bulk 0", m + " bulk 519");
        assertThat(pages).isEqualTo(3);
    }
}
