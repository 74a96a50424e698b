package org.opencirt.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.opencirt.incident.IncidentApiTest;
import org.opencirt.testing.Api;

/** Dashboards: charts from the CIRT's own incidents only, each with its CSV. */
@QuarkusTest
class ConsoleDashboardsTest {

    @Inject
    Keycloak keycloak;

    @BeforeEach
    void realmKnowsTheTestPort() {
        ConsoleRealm.syncFromRealmFile(keycloak);
    }

    private static long criticalToday(ConsoleBrowser browser) {
        var csv = browser.get("/console/dashboards/by-severity.csv").body();
        var today = LocalDate.now(ZoneOffset.UTC).toString();
        var line = csv.lines().filter(l -> l.startsWith("\"" + today + "\"")).findFirst().orElseThrow();
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
            IncidentApiTest.create("ab-analyst", "{\"title\": \"dashboard %d\", \"severity\": \"critical\", \"type\": \"phishing\"}".formatted(i));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(criticalToday(ab)).isEqualTo(abBefore + 3));
        assertThat(criticalToday(cd)).isEqualTo(cdBefore);

        var page = ab.get("/console/dashboards");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"chart-by-category\"").contains("id=\"chart-by-severity\"").contains("id=\"chart-open-closed\"")
                .contains("id=\"chart-feed-volumes\"").contains("<svg").contains("<rect");
        var csv = ab.get("/console/dashboards/open-closed.csv");
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).startsWith("attachment");
        assertThat(csv.body()).startsWith("\"state\",\"open\",\"done\"");
        assertThat(ab.get("/console/dashboards/nothing.csv").status()).isEqualTo(404);
        assertThat(Api.asUser("ab-analyst").get("/api/v1/incidents").statusCode()).isEqualTo(200);
    }
}
