package org.opencirt.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.opencirt.incident.IncidentApiTest;
import org.opencirt.incident.StatisticsFixture;
import org.opencirt.testing.Api;

/** Dashboards: charts from the CIRT's own incidents only, each with its CSV. */
@QuarkusTest
class ConsoleDashboardsTest {

    @Inject
    Keycloak keycloak;

    @Inject
    StatisticsFixture fixture;

    @BeforeEach
    void realmKnowsTheTestPort() {
        ConsoleRealm.syncFromRealmFile(keycloak);
    }

    private static long criticalToday(ConsoleBrowser browser) {
        var csv = browser.get("/console/dashboards/by-severity.csv").body();
        var today = LocalDate.now(ZoneOffset.UTC).toString();
        var line = csv.lines()
                .filter(l -> l.startsWith("\"" + today + "\""))
                .findFirst()
                .orElseThrow();
        var header = csv.lines().findFirst().orElseThrow().split(",");
        var cells = line.split(",");
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals("\"critical\"")) {
                return Long.parseLong(cells[i].replace("\"", ""));
            }
        }
        throw new AssertionError(csv);
    }

    @Test
    void chartsCountTheCirtsOwnIncidentsAndExportAsCsv() {
        var ab = new ConsoleBrowser();
        ab.login("ab-analyst");
        var cd = new ConsoleBrowser();
        cd.login("cd-analyst");
        var abBefore = criticalToday(ab);
        var cdBefore = criticalToday(cd);
        for (int i = 0; i < 3; i++) {
            IncidentApiTest.create(
                    "ab-analyst",
                    "{\"title\": \"dashboard %d\", \"severity\": \"critical\", \"type\": \"phishing\"}".formatted(i));
        }
        await().atMost(Duration.ofSeconds(90))
                .untilAsserted(() -> assertThat(criticalToday(ab)).isEqualTo(abBefore + 3));
        assertThat(criticalToday(cd)).isEqualTo(cdBefore);

        var page = ab.get("/console/dashboards");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("id=\"chart-by-category\"")
                .contains("id=\"chart-by-severity\"")
                .contains("id=\"chart-open-closed\"")
                .contains("id=\"chart-feed-volumes\"")
                .contains("<svg")
                .contains("<rect");
        var csv = ab.get("/console/dashboards/open-closed.csv");
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).startsWith("attachment");
        assertThat(csv.body()).startsWith("\"state\",\"open\",\"done\"");
        assertThat(ab.get("/console/dashboards/nothing.csv").status()).isEqualTo(404);
        assertThat(Api.asUser("ab-analyst").get("/api/v1/incidents").statusCode())
                .isEqualTo(200);
    }

    @Test
    void responseTimesAndTopIndicatorsShowOnlyTheCirtsOwnFiguresAndTheCsvNeutralisesFormulas() {
        var a = fixture.newCirt();
        var b = fixture.newCirt();
        var hostile = StatisticsFixture.HOSTILE + UUID.randomUUID();
        var foreignOnly = "http://only-b.example/" + UUID.randomUUID();
        var first = fixture.incident(a, "phishing", Duration.ofHours(3));
        fixture.move(a, first, "triaged");
        var second = fixture.incident(a, "phishing", Duration.ofHours(1));
        fixture.match(a, first, hostile, "feed-x", "phishing", Duration.ZERO);
        fixture.match(a, second, hostile, "feed-x", "phishing", Duration.ZERO);
        var foreign = fixture.incident(b, "phishing", Duration.ofHours(50));
        fixture.move(b, foreign, "triaged");
        fixture.match(b, foreign, hostile, "feed-z", "c2", Duration.ZERO);
        fixture.match(b, foreign, foreignOnly, "feed-z", "c2", Duration.ZERO);

        var browser = new ConsoleBrowser();
        browser.login(a.lead());
        var page = browser.get("/console/dashboards");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("id=\"chart-response-times\"")
                .contains("id=\"chart-top-indicators\"")
                .contains("=HYPERLINK(&quot;http://evil.example/&quot;")
                .doesNotContain("=HYPERLINK(\"http://evil.example/\"")
                .doesNotContain(foreignOnly);

        var top = browser.get("/console/dashboards/top-indicators.csv").body();
        assertThat(top.lines().toList())
                .containsExactly(
                        "\"indicator\",\"incidents\",\"type\",\"feeds\",\"classification\"",
                        "\"'" + hostile.replace("\"", "\"\"") + "\",\"2\",\"url\",\"feed-x\",\"phishing\"");

        // 3 hours to triage (+ the seconds the test took), one of two triaged; B's 50 hours not in the mean
        var times = browser.get("/console/dashboards/response-times.csv")
                .body()
                .lines()
                .toList();
        assertThat(times.getFirst())
                .isEqualTo(
                        "\"category\",\"triage-minutes\",\"resolve-minutes\",\"incidents\",\"triaged\",\"resolved\"");
        assertThat(times)
                .anySatisfy(l -> assertThat(l).matches("\"all\",\"18[01]\",\"0\",\"2\",\"1\",\"0\""))
                .anySatisfy(l -> assertThat(l).matches("\"fraud\",\"18[01]\",\"0\",\"2\",\"1\",\"0\""))
                .hasSize(3);
    }
}
