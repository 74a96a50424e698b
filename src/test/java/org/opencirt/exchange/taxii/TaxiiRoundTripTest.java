package org.opencirt.exchange.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencirt.common.Tlp;
import org.opencirt.indicator.model.Indicator;
import org.opencirt.indicator.model.IndicatorIds;
import org.opencirt.indicator.model.SourceTlp;
import org.opencirt.indicator.service.IndicatorService;
import org.opencirt.testing.Api;
import org.opencirt.testing.KeycloakUsers;
import org.opencirt.testing.Tokens;

/**
 * The platform's own TAXII client feed, as CIRT B, pulls CIRT A's indicators collection through the client A gave B
 * as a remote partner (HTTP Basic, from B's secret): values, TLP and confidence survive, and a value A's feed states
 * after the first pull arrives with the next pull's {@code added_after}. Both CIRTs are onboarded here. (On one
 * platform, B's pull adds B's own source to the value's one document, so that value comes once more on the next
 * pull, as an update: ADR 25's per-document date_added.)
 */
@QuarkusTest
class TaxiiRoundTripTest {

    @Inject
    KeycloakUsers users;

    @Inject
    IndicatorService indicators;

    private String onboard(String prefix) {
        var id = prefix + UUID.randomUUID().toString().substring(0, 6);
        Api.asUser("platform-admin")
                .body("""
                {"id": "%1$s", "name": "Round trip %1$s", "countryCode": "WS", "contactEmail": "cert@%1$s.example.org",
                 "constituency": "Round trip"}
                """.formatted(id))
                .post("/api/v1/tenants")
                .then()
                .statusCode(201);
        return id;
    }

    private void aFeedStates(String cirt, String value) throws Exception {
        indicators.write(
                List.of(new Indicator(
                        IndicatorIds.idOf("ipv4", value),
                        cirt,
                        SourceTlp.visibility(cirt, Tlp.GREEN),
                        Tlp.GREEN.wire(),
                        "ipv4",
                        value,
                        value,
                        null,
                        "malicious-code",
                        "c2-server",
                        70,
                        0,
                        "a-feed",
                        "ref-" + value,
                        List.of("botnet"),
                        "C2",
                        Instant.parse("2026-01-01T00:00:00Z"),
                        Instant.now(),
                        Instant.now().plus(Duration.ofDays(30)))),
                false);
        indicators.refresh();
    }

    private static JsonPath runAndWait(String token, String feed) {
        var run = Api.as(token)
                .post("/api/v1/feeds/%s/runs".formatted(feed))
                .then()
                .statusCode(202)
                .extract()
                .jsonPath();
        var url = "/api/v1/feeds/%s/runs/%s".formatted(feed, run.getString("id"));
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !"running"
                        .equals(Api.as(token).get(url).then().extract().path("status")));
        return Api.as(token).get(url).then().statusCode(200).extract().jsonPath();
    }

    /** B's source of a value, as B's analyst sees the indicator: null when B's feed did not state it. */
    private static Map<String, Object> sourceOfFeed(String analyst, String value, String feed) {
        List<Map<String, Object>> sources = Api.as(Tokens.user(analyst))
                .queryParam("value", value)
                .get("/api/v1/indicators")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("indicators[0].sources");
        return sources == null
                ? null
                : sources.stream()
                        .filter(s -> feed.equals(s.get("feed")))
                        .findFirst()
                        .orElse(null);
    }

    @Test
    void cirtBsTaxiiFeedPullsCirtAsCollectionAndThenOnlyWhatWasAddedSince() throws Exception {
        var a = onboard("cert-a");
        var b = onboard("cert-b");
        var aAdmin = users.create(List.of("cirt-admin"), List.of(a));
        var bAdmin = Tokens.user(users.create(List.of("cirt-admin"), List.of(b)));
        var bAnalyst = users.create(List.of("analyst"), List.of(b));

        // A declares B's platform as a remote partner; B keeps the client's credentials as a secret of its own
        var client = Api.asUser(aAdmin)
                .body("{\"kind\": \"remote\", \"name\": \"%s's OpenCIRT\"}".formatted(b))
                .post("/api/v1/partners")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        var basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString((client.getString("clientId") + ":" + client.getString("clientSecret"))
                                .getBytes(StandardCharsets.UTF_8));
        Api.as(bAdmin)
                .body("{\"value\": \"%s\"}".formatted(basic))
                .put("/api/v1/secrets/a-taxii")
                .then()
                .statusCode(201);

        var random = new java.util.Random();
        var prefix = "%d.%d.%d.".formatted(30 + random.nextInt(60), random.nextInt(256), random.nextInt(256));
        aFeedStates(a, prefix + "1");

        var feed = "from-a-" + UUID.randomUUID().toString().substring(0, 6);
        Api.as(bAdmin)
                .contentType("application/yaml")
                .body("""
                        id: %s
                        name: CIRT A's indicators
                        url: http://127.0.0.1:%d/taxii2/%s/collections/%s/objects/
                        format: taxii-collection
                        enabled: true
                        defaults:
                          tlp: CLEAR
                        auth: {header: Authorization, value-from: "secret:a-taxii"}
                        """.formatted(feed, RestAssured.port, a, TaxiiCollections.id(a, "indicators")))
                .post("/api/v1/feeds")
                .then()
                .statusCode(201);

        var first = runAndWait(bAdmin, feed);
        assertThat(first.getString("status")).as(first.prettify()).isEqualTo("succeeded");
        var source = sourceOfFeed(bAnalyst, prefix + "1", feed);
        assertThat(source).as("B's own source of A's value").isNotNull();
        // the object's marking (GREEN) is stricter than the feed's label (CLEAR) and wins; A's confidence comes through
        assertThat(source).containsEntry("tlp", "GREEN").containsEntry("confidence", 70);

        // A states another value later: the next pull brings it, and only what was added since
        aFeedStates(a, prefix + "2");
        var second = runAndWait(bAdmin, feed);
        assertThat(second.getString("status")).as(second.prettify()).isEqualTo("succeeded");
        assertThat(sourceOfFeed(bAnalyst, prefix + "2", feed)).isNotNull();
        // the first value may come once more: B's own source of it, written by the first pull, is a new source of
        // the platform's one document of that value, which moves its date_added on (ADR 25); it is an update
        assertThat(second.getLong("created"))
                .as("the value added since the first pull")
                .isEqualTo(1);
        // a pull with nothing new in A reads less than the whole collection: it resumed after its checkpoint
        var third = runAndWait(bAdmin, feed);
        assertThat(third.getLong("created")).isZero();
        assertThat(third.getLong("parsed")).isLessThan(2 * first.getLong("parsed"));
    }
}
