package org.opencirt.indicator.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencirt.common.Tlp;
import org.opencirt.indicator.model.Indicator;
import org.opencirt.indicator.model.IndicatorIds;
import org.opencirt.indicator.model.SourceTlp;
import org.opencirt.indicator.service.IndicatorService;
import org.opencirt.testing.Api;

/**
 * {@code GET /api/v1/indicators[/{id}]}: the indicators a CIRT may see, filtered and paged with a
 * cursor that neither skips nor repeats, each with only the sources the CIRT may see; another CIRT's
 * RED or AMBER indicator is never listed nor readable by id.
 */
@QuarkusTest
class IndicatorListTest {

    @Inject
    IndicatorService indicators;

    @Inject
    Clock clock;

    private Indicator statement(String owner, String type, String value, Tlp tlp, String feed, Instant lastSeen) {
        return new Indicator(
                IndicatorIds.idOf(type, value),
                owner,
                SourceTlp.visibility(owner, tlp),
                tlp.wire(),
                type,
                value,
                type.equals("ipv4") ? value : null,
                null,
                "malicious-code",
                "c2-server",
                80,
                0,
                feed,
                null,
                List.of(),
                null,
                lastSeen,
                lastSeen,
                clock.instant().plus(Duration.ofDays(2)));
    }

    private static JsonPath list(String user, String query) {
        return Api.asUser(user)
                .get("/api/v1/indicators?" + query)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void aCirtPagesThroughWhatItMaySeeWithoutSkipsOrRepeatsAndNeverAnotherCirtsAmber() throws Exception {
        var marker = "ls" + UUID.randomUUID().toString().substring(0, 8);
        var now = clock.instant();
        var batch = new ArrayList<Indicator>();
        for (int i = 0; i < 7; i++) {
            batch.add(statement(
                    "cert-ab", "domain", "%s-%d.example.org".formatted(marker, i), Tlp.AMBER, "ab-feed", now));
        }
        var cdAmber = "%s-cd.example.org".formatted(marker);
        batch.add(statement("cert-cd", "domain", cdAmber, Tlp.AMBER, "cd-feed", now));
        indicators.write(batch, true);
        indicators.refresh();

        var seen = new ArrayList<String>();
        String cursor = null;
        int pages = 0;
        do {
            var page = list("ab-analyst", "text=" + marker + "&limit=3" + (cursor == null ? "" : "&cursor=" + cursor));
            seen.addAll(page.getList("indicators.value", String.class));
            cursor = page.getString("next");
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(seen)
                .hasSize(7)
                .doesNotHaveDuplicates()
                .doesNotContain(cdAmber)
                .allMatch(v -> v.startsWith(marker));
        assertThat(pages).isEqualTo(3);

        var cdId = IndicatorIds.idOf("domain", cdAmber);
        Api.asUser("ab-analyst").get("/api/v1/indicators/" + cdId).then().statusCode(404);
        Api.asUser("cd-analyst")
                .get("/api/v1/indicators/" + cdId)
                .then()
                .statusCode(200)
                .body("value", equalTo(cdAmber))
                .body("sources[0].feed", equalTo("cd-feed"));
        // a cursor is bound to its CIRT and its query
        var first = list("ab-analyst", "text=" + marker + "&limit=3").getString("next");
        Api.asUser("cd-analyst")
                .get("/api/v1/indicators?text=%s&limit=3&cursor=%s".formatted(marker, first))
                .then()
                .statusCode(400);
        Api.asUser("ab-analyst")
                .get("/api/v1/indicators?text=%s&limit=4&cursor=%s".formatted(marker, first))
                .then()
                .statusCode(400);
    }

    @Test
    void filtersOnTheSourcesHoldForASourceTheCirtMaySee() throws Exception {
        var marker = "sf" + UUID.randomUUID().toString().substring(0, 8);
        var now = clock.instant();
        var value = "%s.example.net".formatted(marker);
        // CD's RED source is recent, its CLEAR source old: AB may only see the old one
        indicators.write(
                List.of(
                        statement("cert-cd", "domain", value, Tlp.RED, "cd-red", now),
                        statement("cert-cd", "domain", value, Tlp.CLEAR, "cd-clear", now.minus(Duration.ofDays(10)))),
                true);
        indicators.refresh();

        var all = list("ab-analyst", "value=" + value.replace(".", "[.]"));
        assertThat(all.getList("indicators.sources.feed.flatten()", String.class))
                .containsExactly("cd-clear");
        var recent = now.minus(Duration.ofDays(1)).toString();
        assertThat(list("ab-analyst", "value=%s&since=%s".formatted(value, recent))
                        .getList("indicators"))
                .isEmpty();
        assertThat(list("cd-analyst", "value=%s&since=%s".formatted(value, recent))
                        .getList("indicators.value", String.class))
                .containsExactly(value);
        assertThat(list("ab-analyst", "value=%s&tlp=RED".formatted(value)).getList("indicators"))
                .isEmpty();
        assertThat(list("ab-analyst", "value=%s&source=cd-clear".formatted(value))
                        .getList("indicators.value", String.class))
                .containsExactly(value);
    }

    @Test
    void aNetworkListsTheAddressesInsideIt() throws Exception {
        var octet = 1 + (int) (Math.random() * 250);
        var inside = "198.18.%d.7".formatted(octet);
        var outside = "198.19.%d.7".formatted(octet);
        var now = clock.instant();
        indicators.write(
                List.of(
                        statement("cert-ab", "ipv4", inside, Tlp.GREEN, "ab-feed", now),
                        statement("cert-ab", "ipv4", outside, Tlp.GREEN, "ab-feed", now)),
                true);
        indicators.refresh();
        var values = list("ab-analyst", "network=198.18.%d.0/24&type=ipv4".formatted(octet))
                .getList("indicators.value", String.class);
        assertThat(values).contains(inside).doesNotContain(outside);
    }

    @Test
    void badParametersAreProblem400sNamingTheParameter() {
        for (var query : List.of(
                "limit=0",
                "limit=1001",
                "type=colour",
                "since=yesterday",
                "tlp=PURPLE",
                "network=not-a-net",
                "cursor=forged")) {
            var parameter = query.substring(0, query.indexOf('='));
            Api.asUser("ab-analyst")
                    .get("/api/v1/indicators?" + query)
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].pointer", equalTo(parameter));
        }
    }
}
