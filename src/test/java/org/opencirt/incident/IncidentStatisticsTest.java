package org.opencirt.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.Api;
import org.opencirt.testing.MovableClock;
import org.opencirt.testing.Tokens;

/**
 * Mean time to triage and to resolve, and the top matched indicators, through the API: figures checked against
 * the incidents' own timelines, another CIRT's incidents and matches never counted.
 */
@QuarkusTest
class IncidentStatisticsTest {

    @Inject
    StatisticsFixture fixture;

    @Inject
    MovableClock clock;

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    @Test
    void responseTimesAreTheMeansFromCreationToTheFirstTriageAndFirstResolutionOfTheCirtsOwnRecentIncidents()
            throws Exception {
        var a = fixture.newCirt();
        var b = fixture.newCirt();
        var phishing = fixture.incident(a, "phishing", Duration.ofHours(4));
        fixture.move(a, phishing, "triaged");
        fixture.move(a, phishing, "resolved");
        clock.advance(Duration.ofMinutes(10));
        try {
            fixture.move(a, phishing, "in-progress");
            fixture.move(a, phishing, "resolved");
        } finally {
            clock.reset();
        }
        var infected = fixture.incident(a, "infected-system", Duration.ofHours(2));
        fixture.move(a, infected, "in-progress");
        fixture.incident(a, null, Duration.ofHours(1));
        var old = fixture.incident(a, "phishing", Duration.ofDays(40));
        fixture.move(a, old, "rejected");
        var foreign = fixture.incident(b, "phishing", Duration.ofHours(100));
        fixture.move(b, foreign, "triaged");
        fixture.move(b, foreign, "resolved");

        var triage1 = seconds(fixture.createdAt(phishing), fixture.firstMoveInto(a, phishing, "triaged"));
        var resolve1 = seconds(fixture.createdAt(phishing), fixture.firstMoveInto(a, phishing, "resolved"));
        var triage2 = seconds(fixture.createdAt(infected), fixture.firstMoveInto(a, infected, "in-progress"));
        assertThat(triage1).isBetween(4 * 3600.0, 4 * 3600.0 + 120);
        assertThat(triage2).isBetween(2 * 3600.0, 2 * 3600.0 + 120);

        var times = Api.asUser(a.lead())
                .get("/api/v1/statistics/response-times")
                .then()
                .statusCode(200)
                .body("days", equalTo(30))
                .body("all.incidents", equalTo(3))
                .body("all.triaged", equalTo(2))
                .body("all.resolved", equalTo(1))
                .body("byCategory.category", contains("fraud", "malicious-code", null))
                .body("byCategory[2].incidents", equalTo(1))
                .body("byCategory[2].triaged", equalTo(0))
                .body("byCategory[2].meanSecondsToTriage", nullValue())
                .body("byCategory[1].resolved", equalTo(0))
                .body("byCategory[1].meanSecondsToResolve", nullValue())
                .extract()
                .jsonPath();
        assertThat(times.getDouble("all.meanSecondsToTriage")).isCloseTo((triage1 + triage2) / 2, within(1.0));
        // the first resolution counts, not the one after reopening (ten minutes later)
        assertThat(times.getDouble("all.meanSecondsToResolve")).isCloseTo(resolve1, within(1.0));
        assertThat(times.getDouble("byCategory[0].meanSecondsToTriage")).isCloseTo(triage1, within(1.0));
        assertThat(times.getDouble("byCategory[1].meanSecondsToTriage")).isCloseTo(triage2, within(1.0));

        Api.asUser(b.lead())
                .get("/api/v1/statistics/response-times")
                .then()
                .statusCode(200)
                .body("all.incidents", equalTo(1))
                .body("all.resolved", equalTo(1));
        // a 60-day window takes in the 40-day-old incident, rejected (a done state) right after it was created
        Api.asUser(a.lead())
                .get("/api/v1/statistics/response-times?days=60")
                .then()
                .statusCode(200)
                .body("all.incidents", equalTo(4))
                .body("all.resolved", equalTo(2));
    }

    @Test
    void topIndicatorsCountTheCirtsOwnIncidentsMatchedInThePeriodMostFirst() {
        var a = fixture.newCirt();
        var b = fixture.newCirt();
        var value = StatisticsFixture.HOSTILE + UUID.randomUUID();
        var other = "http://other.example/" + UUID.randomUUID();
        var first = fixture.incident(a, "phishing", Duration.ZERO);
        var second = fixture.incident(a, "phishing", Duration.ZERO);
        var third = fixture.incident(a, null, Duration.ZERO);
        fixture.match(a, first, value, "feed-x", "phishing", Duration.ZERO);
        fixture.match(a, second, value, "feed-y", "phishing", Duration.ZERO);
        fixture.match(a, first, other, "feed-x", null, Duration.ZERO);
        fixture.match(a, third, "http://old.example/" + UUID.randomUUID(), "feed-x", null, Duration.ofDays(31));
        var foreign = fixture.incident(b, "phishing", Duration.ZERO);
        fixture.match(b, foreign, value, "feed-z", "c2", Duration.ZERO);

        Api.asUser(a.lead())
                .get("/api/v1/statistics/top-indicators")
                .then()
                .statusCode(200)
                .body("indicators.value", contains(value, other))
                .body("indicators[0].incidents", equalTo(2))
                .body("indicators[0].feeds", contains("feed-x", "feed-y"))
                .body("indicators[0].classifications", contains("phishing"))
                .body("indicators[0].type", equalTo("url"))
                .body("indicators[1].incidents", equalTo(1))
                .body("indicators[1].classifications.size()", equalTo(0));
        Api.asUser(a.lead())
                .get("/api/v1/statistics/top-indicators?limit=1")
                .then()
                .statusCode(200)
                .body("indicators.value", contains(value));
        Api.asUser(b.lead())
                .get("/api/v1/statistics/top-indicators")
                .then()
                .statusCode(200)
                .body("indicators.value", contains(value))
                .body("indicators[0].incidents", equalTo(1))
                .body("indicators[0].feeds", contains("feed-z"));
    }

    @Test
    void badPeriodOrLimitIsAProblemAndPartnersAreRefused() {
        JsonPath problem = Api.asUser("ab-lead")
                .get("/api/v1/statistics/response-times?days=0")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors[0].pointer", equalTo("days"))
                .extract()
                .jsonPath();
        assertThat(problem.getString("detail")).contains("between 1 and 366");
        Api.asUser("ab-lead")
                .get("/api/v1/statistics/top-indicators?limit=101")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("limit"));
        Api.as(Tokens.demoPartner("cert-ab"))
                .get("/api/v1/statistics/top-indicators")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
        Api.anonymous().get("/api/v1/statistics/response-times").then().statusCode(401);
    }
}
