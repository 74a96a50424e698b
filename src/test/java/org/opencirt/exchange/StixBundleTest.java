package org.opencirt.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencirt.common.Tlp;
import org.opencirt.feed.parse.FeedInput;
import org.opencirt.feed.parse.ItemSink;
import org.opencirt.feed.parse.ParserOptions;
import org.opencirt.feed.parse.RawItem;
import org.opencirt.feed.parse.StixBundleParser;
import org.opencirt.indicator.model.Indicator;
import org.opencirt.indicator.model.IndicatorIds;
import org.opencirt.indicator.model.SourceTlp;
import org.opencirt.indicator.service.IndicatorService;
import org.opencirt.testing.Api;

/** {@code GET /api/v1/stix/bundle}: one incident the caller may see, or a page of its indicators, as STIX 2.1. */
@QuarkusTest
class StixBundleTest {

    private static final String STIX = "application/stix+json;version=2.1";

    @Inject
    IndicatorService indicators;

    private static String random() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static Indicator statement(String owner, String feed, String value, Tlp tlp) {
        return new Indicator(
                IndicatorIds.idOf("domain", value),
                owner,
                SourceTlp.visibility(owner, tlp),
                tlp.wire(),
                "domain",
                value,
                null,
                null,
                "fraud",
                "phishing",
                85,
                0,
                feed,
                "ref-" + value,
                List.of("kit"),
                "Phishing kit host",
                Instant.parse("2026-11-01T00:00:00Z"),
                Instant.now(),
                Instant.now().plus(Duration.ofDays(30)));
    }

    @Test
    void theIndicatorBundleReadsBackThroughThePlatformsOwnParserWithOnlyVisibleSources() throws Exception {
        var green = "green-" + random() + ".example";
        var amberOfAb = "amber-" + random() + ".example";
        indicators.write(
                List.of(
                        statement("cert-cd", "cd-phish", green, Tlp.GREEN),
                        statement("cert-ab", "ab-private", amberOfAb, Tlp.AMBER)),
                false);
        indicators.refresh();

        var response = Api.asUser("cd-analyst")
                .accept(STIX)
                .queryParam("text", "green-")
                .queryParam("type", "domain")
                .queryParam("limit", "1000")
                .get("/api/v1/stix/bundle");
        response.then().statusCode(200).contentType(startsWith("application/stix+json"));
        var body = response.asByteArray();
        assertThat(response.asString())
                .contains(green)
                .doesNotContain(amberOfAb)
                .doesNotContain("ab-private");
        assertThat(response.jsonPath().getString("type")).isEqualTo("bundle");
        assertThat(response.jsonPath().getList("objects.type", String.class))
                .contains(
                        "identity",
                        "marking-definition",
                        "extension-definition",
                        "indicator",
                        "domain-name",
                        "relationship");

        var items = new ArrayList<RawItem>();
        new StixBundleParser(Clock.systemUTC())
                .parse(FeedInput.of(new ByteArrayInputStream(body)), ParserOptions.defaults(), new ItemSink() {
                    @Override
                    public void item(RawItem item) {
                        items.add(item);
                    }

                    @Override
                    public void invalid(long position, String reason, String excerpt) {}
                });
        var item = items.stream()
                .filter(i -> i.value().equals(green) && i.sourceId().startsWith("indicator--"))
                .findFirst()
                .orElseThrow();
        assertThat(item.tlp()).isEqualTo("GREEN");
        assertThat(item.confidence()).isEqualTo(85);
        assertThat(item.classification()).isEqualTo("phishing");
        assertThat(item.firstSeen()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(item.tags()).contains("kit");

        // the same export twice: the same ids
        var again = Api.asUser("cd-analyst")
                .queryParam("text", "green-")
                .queryParam("type", "domain")
                .queryParam("limit", "1000")
                .get("/api/v1/stix/bundle")
                .jsonPath();
        assertThat(again.getList("objects.id")).isEqualTo(response.jsonPath().getList("objects.id"));
        // CERT-AB's own export of its AMBER value holds it
        assertThat(Api.asUser("ab-analyst")
                        .queryParam("value", amberOfAb)
                        .get("/api/v1/stix/bundle")
                        .asString())
                .contains(amberOfAb);
    }

    @Test
    void onePageAtMostAndAClear400OverIt() {
        Api.asUser("cd-analyst")
                .queryParam("limit", "1001")
                .get("/api/v1/stix/bundle")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("limit"))
                .body("errors[0].message", equalTo("from 1 to 1000"));
        Api.asUser("cd-analyst")
                .queryParam("incident", "not-a-uuid")
                .get("/api/v1/stix/bundle")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("incident"));
        Api.asUser("cd-analyst")
                .queryParam("incident", UUID.randomUUID().toString())
                .queryParam("type", "domain")
                .get("/api/v1/stix/bundle")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("incident"));
    }

    @Test
    void anIncidentBundleIsTheOwnIncidentOrTheSharedPartsAndNothingForOthers() {
        var domain = "bundle-" + random() + ".example";
        var incident = Api.asUser("ab-analyst")
                .body("""
                        {"title": "Bundle me", "description": "Internal notes", "tlp": "GREEN", "type": "phishing",
                         "observables": [{"value": "%s"}]}""".formatted(domain))
                .post("/api/v1/incidents")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        var own = Api.asUser("ab-analyst").queryParam("incident", incident).get("/api/v1/stix/bundle");
        own.then().statusCode(200);
        var objects = own.jsonPath().getList("objects", Map.class);
        var stixIncident = objects.stream()
                .filter(o -> o.get("type").equals("incident"))
                .findFirst()
                .orElseThrow();
        assertThat(stixIncident.get("id")).isEqualTo("incident--" + incident);
        assertThat(stixIncident.get("name")).isEqualTo("Bundle me");
        assertThat(stixIncident.get("description")).isEqualTo("Internal notes");
        assertThat(objects.stream()
                        .filter(o -> o.get("type").equals("domain-name"))
                        .map(o -> o.get("value")))
                .containsExactly(domain);

        // CERT-CD: 404 until shared, then the shared parts only, produced by CERT-AB
        Api.asUser("cd-analyst")
                .queryParam("incident", incident)
                .get("/api/v1/stix/bundle")
                .then()
                .statusCode(404);
        var grant = Api.asUser("ab-lead")
                .body("""
                        {"objectType": "incident", "objectId": "%s", "audience": "community", "parts": ["classification", "observables"]}""".formatted(incident))
                .post("/api/v1/grants")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        var shared = Api.asUser("cd-analyst").queryParam("incident", incident).get("/api/v1/stix/bundle");
        shared.then().statusCode(200);
        assertThat(shared.asString())
                .contains(domain)
                .doesNotContain("Bundle me")
                .doesNotContain("Internal notes");
        var identity = shared.jsonPath().getList("objects", Map.class).stream()
                .filter(o -> o.get("type").equals("identity"))
                .findFirst()
                .orElseThrow();
        assertThat(identity.get("x_opencirt_cirt")).isEqualTo("cert-ab");

        Api.asUser("ab-lead").delete("/api/v1/grants/" + grant).then().statusCode(204);
        Api.asUser("cd-analyst")
                .queryParam("incident", incident)
                .get("/api/v1/stix/bundle")
                .then()
                .statusCode(404)
                .body("detail", equalTo("Incident not found"));
    }

    @Test
    void anIncidentsMatchesAreSightingsAndOnlyThoseNoStricterThanTheIncidentGoToARecipient() throws Exception {
        var green = "sighted-" + random() + ".example";
        var amber = "sighted-amber-" + random() + ".example";
        indicators.write(
                List.of(
                        statement("cert-cd", "cd-phish", green, Tlp.GREEN),
                        statement("cert-ab", "ab-private", amber, Tlp.AMBER)),
                false);
        indicators.refresh();
        var incident = Api.asUser("ab-analyst")
                .body("""
                        {"title": "Seen twice", "tlp": "GREEN", "observables": [{"value": "%s"}, {"value": "%s"}]}""".formatted(green, amber))
                .post("/api/v1/incidents")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .until(() -> Api.asUser("ab-analyst")
                                .get("/api/v1/incidents/" + incident)
                                .jsonPath()
                                .getList("matches")
                                .size()
                        == 2);

        var own = sightings("ab-analyst", incident);
        assertThat(own).hasSize(2);
        Api.asUser("ab-lead")
                .body("""
                        {"objectType": "incident", "objectId": "%s", "audience": "community", "parts": ["observables"]}""".formatted(incident))
                .post("/api/v1/grants")
                .then()
                .statusCode(201);
        var shared = sightings("cd-analyst", incident);
        // the AMBER match of CERT-AB's own feed stays with CERT-AB; the GREEN one is a sighting of CERT-AB's indicator
        assertThat(shared).hasSize(1);
        var key = IndicatorIds.stixKey(IndicatorIds.idOf("domain", green));
        assertThat(shared.getFirst().get("sighting_of_ref"))
                .isEqualTo(org.opencirt.exchange.stix.StixIds.indicator("cert-ab", key));
    }

    private static List<Map<String, Object>> sightings(String user, String incident) {
        var response = Api.asUser(user).queryParam("incident", incident).get("/api/v1/stix/bundle");
        response.then().statusCode(200);
        List<Map<String, Object>> objects = response.jsonPath().getList("objects");
        return objects.stream().filter(o -> "sighting".equals(o.get("type"))).toList();
    }
}
