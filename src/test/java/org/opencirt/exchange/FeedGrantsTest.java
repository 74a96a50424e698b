package org.opencirt.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opencirt.exchange.taxii.TaxiiCollections;
import org.opencirt.testing.Api;
import org.opencirt.testing.KeycloakUsers;
import org.opencirt.testing.LocalFeedServer;
import org.opencirt.testing.Tokens;

/**
 * A grant of an indicator list: CIRT A shares its AMBER feed with partner CIRT B. B then sees the feed's AMBER
 * sources in the indicator API, its incidents correlate with them, and it sees those the feed adds later; C, not
 * granted, never does; a revoke takes them away at once. A remote partner named by a feed grant reads the AMBER
 * indicators in A's TAXII collection, another does not. The three CIRTs are onboarded here; the feed is served by a
 * local HTTP server.
 */
@QuarkusTest
class FeedGrantsTest {

    private static final String TAXII = "application/taxii+json;version=2.1";

    private static LocalFeedServer server;
    private static String a;
    private static String aAdmin;
    private static String aLead;
    private static String b;
    private static String bAnalyst;
    private static String cAnalyst;
    private static String partnerB;

    private final Random random = new Random();

    @Inject
    KeycloakUsers users;

    @BeforeAll
    static void startFeedServer() throws Exception {
        server = new LocalFeedServer();
    }

    @AfterAll
    static void stopFeedServer() {
        server.close();
    }

    @BeforeEach
    void threeCirts() {
        if (a != null) {
            return;
        }
        a = cirt("cert-fa");
        aAdmin = users.create(List.of("cirt-admin"), List.of(a));
        aLead = users.create(List.of("lead", "analyst"), List.of(a));
        b = cirt("cert-fb");
        bAnalyst = users.create(List.of("analyst"), List.of(b));
        var c = cirt("cert-fc");
        cAnalyst = users.create(List.of("analyst"), List.of(c));
        partnerB = partner("{\"kind\": \"cirt\", \"cirt\": \"%s\"}".formatted(b));
    }

    private static String cirt(String prefix) {
        var id = prefix + UUID.randomUUID().toString().substring(0, 6);
        Api.asUser("platform-admin")
                .body("""
                {"id": "%1$s", "name": "Feed grants %1$s", "countryCode": "WS", "contactEmail": "cert@%1$s.example.org",
                 "constituency": "Feed grants"}
                """.formatted(id))
                .post("/api/v1/tenants")
                .then()
                .statusCode(201);
        return id;
    }

    private String address() {
        return "%d.%d.%d.%d"
                .formatted(20 + random.nextInt(60), random.nextInt(256), random.nextInt(256), 1 + random.nextInt(250));
    }

    /** A feed of A's, labelled {@code tlp}, serving {@code path} of the local server. */
    private static String aFeed(String tlp, String path) {
        var id = "grant-" + UUID.randomUUID().toString().substring(0, 8);
        Api.asUser(aAdmin)
                .contentType("application/yaml")
                .body("""
                id: %s
                name: Sensor list %s
                url: %s
                format: plain-list
                enabled: false
                defaults:
                  classification: c2-server
                  tlp: %s
                  confidence: 80
                """.formatted(id, id, server.url(path), tlp))
                .post("/api/v1/feeds")
                .then()
                .statusCode(201);
        return id;
    }

    private static void run(String feed) {
        var token = Tokens.user(aAdmin);
        var started = Api.as(token)
                .post("/api/v1/feeds/%s/runs".formatted(feed))
                .then()
                .statusCode(202)
                .extract()
                .<String>path("id");
        var url = "/api/v1/feeds/%s/runs/%s".formatted(feed, started);
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> !"running"
                        .equals(Api.as(token).get(url).then().extract().path("status")));
        assertThat(Api.as(token).get(url).then().extract().<String>path("status"))
                .isEqualTo("succeeded");
    }

    private static String partner(String body) {
        return Api.asUser(aAdmin)
                .body(body)
                .post("/api/v1/partners")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static JsonPath indicators(String user, String value) {
        return Api.asUser(user)
                .get("/api/v1/indicators?value=" + value)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static String grantToPartners(String feed, String partner) {
        return Api.asUser(aLead)
                .body("""
                {"objectType": "feed", "feed": "%s", "audience": "partners", "partners": ["%s"]}
                """.formatted(feed, partner))
                .post("/api/v1/grants")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static String incidentWith(String user, String value) {
        return Api.asUser(user)
                .body("""
                {"title": "Beaconing to %1$s", "tlp": "AMBER", "observables": [{"value": "%1$s"}]}
                """.formatted(value))
                .post("/api/v1/incidents")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static List<String> matches(String user, String incident) {
        return Api.asUser(user)
                .get("/api/v1/incidents/%s/matches".formatted(incident))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("feeds.flatten()", String.class);
    }

    @Test
    void anAmberFeedGrantedToAPartnerCirtReachesItAloneWithWhatItAddsLaterUntilRevoked() {
        var first = address();
        var later = address();
        server.serve(first + "\n", "\"" + UUID.randomUUID() + "\"");
        var feed = aFeed("AMBER", "/" + UUID.randomUUID() + ".txt");
        run(feed);
        assertThat(indicators(aLead, first).getList("indicators")).hasSize(1);
        assertThat(indicators(bAnalyst, first).getList("indicators")).isEmpty();

        var community = Api.asUser(aLead)
                .body("{\"objectType\": \"feed\", \"feed\": \"%s\", \"audience\": \"community\"}".formatted(feed))
                .post("/api/v1/grants");
        assertThat(community.statusCode()).as(community.asString()).isEqualTo(400);
        assertThat(community.jsonPath().getString("errors[0].pointer")).isEqualTo("/audience");
        assertThat(community.jsonPath().getString("errors[0].message"))
                .contains("TLP:AMBER")
                .contains("not to the whole community");

        var created = Api.asUser(aLead)
                .body("""
                {"objectType": "feed", "feed": "%s", "audience": "partners", "partners": ["%s"]}
                """.formatted(feed, partnerB))
                .post("/api/v1/grants")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        assertThat(created.getString("objectType")).isEqualTo("feed");
        assertThat(created.getString("feed")).isEqualTo(feed);
        assertThat(created.getString("tlp")).isEqualTo("AMBER");
        var grant = created.getString("id");
        assertThat(Api.asUser(aLead)
                        .get("/api/v1/grants?objectType=feed&feed=" + feed)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("id", String.class))
                .containsExactly(grant);

        // B sees the AMBER source, with its feed; C does not
        var seen = indicators(bAnalyst, first);
        assertThat(seen.getList("indicators")).hasSize(1);
        assertThat(seen.getString("indicators[0].tlp")).isEqualTo("AMBER");
        assertThat(seen.getList("indicators[0].feeds", String.class)).containsExactly(feed);
        var id = seen.getString("indicators[0].id");
        Api.asUser(bAnalyst).get("/api/v1/indicators/" + id).then().statusCode(200);
        assertThat(indicators(cAnalyst, first).getList("indicators")).isEmpty();
        Api.asUser(cAnalyst).get("/api/v1/indicators/" + id).then().statusCode(404);

        // B's incident with the value correlates (after commit, off the request); C's does not
        var bIncident = incidentWith(bAnalyst, first);
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> !Api.asUser(bAnalyst)
                        .get("/api/v1/incidents/%s/matches".formatted(bIncident))
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("$")
                        .isEmpty());
        assertThat(Api.asUser(bAnalyst)
                        .get("/api/v1/incidents/%s/matches".formatted(bIncident))
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("feeds.flatten()", String.class))
                .contains(feed);
        var cIncident = incidentWith(cAnalyst, first);
        assertThat(Api.asUser(cAnalyst)
                        .post("/api/v1/incidents/%s/correlation".formatted(cIncident))
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("matches"))
                .isEmpty();

        // what the feed adds after the grant reaches B at its next run, and that run matches B's incident already there
        var bWaiting = incidentWith(bAnalyst, later);
        var cWaiting = incidentWith(cAnalyst, later);
        server.serve(first + "\n" + later + "\n", "\"" + UUID.randomUUID() + "\"");
        run(feed);
        assertThat(indicators(bAnalyst, later).getList("indicators")).hasSize(1);
        assertThat(indicators(cAnalyst, later).getList("indicators")).isEmpty();
        assertThat(matches(bAnalyst, bWaiting)).contains(feed);
        assertThat(matches(cAnalyst, cWaiting)).isEmpty();

        // revoked: the same requests see nothing at once
        Api.asUser(aLead).delete("/api/v1/grants/" + grant).then().statusCode(204);
        assertThat(indicators(bAnalyst, first).getList("indicators")).isEmpty();
        assertThat(indicators(bAnalyst, later).getList("indicators")).isEmpty();
        Api.asUser(bAnalyst).get("/api/v1/indicators/" + id).then().statusCode(404);
        assertThat(indicators(aLead, first).getList("indicators")).hasSize(1);
    }

    @Test
    void aGroupGrantReachesTheCirtThroughTheGroupAndItsTaxiiRootShowsTheFeed() {
        var value = address();
        server.serve(value + "\n", "\"" + UUID.randomUUID() + "\"");
        var feed = aFeed("AMBER", "/" + UUID.randomUUID() + ".txt");
        run(feed);
        var group = Api.asUser(aAdmin)
                .body("{\"name\": \"Feed readers %s\", \"members\": [\"%s\"]}".formatted(UUID.randomUUID(), partnerB))
                .post("/api/v1/sharing-groups")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        var grant = Api.asUser(aLead)
                .body("{\"objectType\": \"feed\", \"feed\": \"%s\", \"audience\": \"group\", \"group\": \"%s\"}"
                        .formatted(feed, group))
                .post("/api/v1/grants")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");

        assertThat(indicators(bAnalyst, value).getList("indicators")).hasSize(1);
        // B reads it in A's TAXII root (A now shares with B) and in its own root's indicators
        var inA = RestAssured.given()
                .auth()
                .oauth2(Tokens.user(bAnalyst))
                .accept(TAXII)
                .get("/taxii2/%s/collections/%s/objects/".formatted(a, TaxiiCollections.id(a, "indicators")));
        assertThat(inA.statusCode()).as(inA.asString()).isEqualTo(200);
        assertThat(inA.asString()).contains("'" + value + "'");
        var inOwn = RestAssured.given()
                .auth()
                .oauth2(Tokens.user(bAnalyst))
                .accept(TAXII)
                .get("/taxii2/%s/collections/%s/objects/?limit=1000"
                        .formatted(b, TaxiiCollections.id(b, "indicators")));
        assertThat(inOwn.asString()).contains("'" + value + "'");

        Api.asUser(aLead).delete("/api/v1/grants/" + grant).then().statusCode(204);
        assertThat(indicators(bAnalyst, value).getList("indicators")).isEmpty();
    }

    @Test
    void aRemotePartnerNamedByAFeedGrantReadsItsAmberIndicatorsInTaxiiAndAnotherDoesNot() {
        var value = address();
        server.serve(value + "\n", "\"" + UUID.randomUUID() + "\"");
        var feed = aFeed("AMBER", "/" + UUID.randomUUID() + ".txt");
        run(feed);
        var named = remotePartner();
        var other = remotePartner();
        grantToPartners(feed, named.id());

        var seen = read(named);
        assertThat(seen.statusCode()).as(seen.asString()).isEqualTo(200);
        assertThat(seen.asString()).contains("'" + value + "'").contains("opencirt-feed:" + feed);
        var notSeen = read(other);
        assertThat(notSeen.statusCode()).isEqualTo(200);
        assertThat(notSeen.asString()).doesNotContain(value);
    }

    @Test
    void aFeedGrantIsCappedByTheFeedsLabelAndNamesOneOfTheCirtsOwnFeeds() {
        var strict = aFeed("AMBER+STRICT", "/strict.txt");
        var refused = Api.asUser(aLead)
                .body("{\"objectType\": \"feed\", \"feed\": \"%s\", \"audience\": \"partners\", \"partners\": [\"%s\"]}"
                        .formatted(strict, partnerB))
                .post("/api/v1/grants");
        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(400);
        assertThat(refused.jsonPath().getString("errors[0].message")).contains("TLP:AMBER+STRICT");

        // another CIRT's feed, or a global feed, is not A's to share: 404 as for a feed that does not exist
        var bAdmin = users.create(List.of("cirt-admin", "lead"), List.of(b));
        var bPartnerA = Api.asUser(bAdmin)
                .body("{\"kind\": \"cirt\", \"cirt\": \"%s\"}".formatted(a))
                .post("/api/v1/partners")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        var amber = aFeed("AMBER", "/amber.txt");
        var foreign = Api.asUser(bAdmin)
                .body("{\"objectType\": \"feed\", \"feed\": \"%s\", \"audience\": \"partners\", \"partners\": [\"%s\"]}"
                        .formatted(amber, bPartnerA))
                .post("/api/v1/grants");
        assertThat(foreign.statusCode()).as(foreign.asString()).isEqualTo(404);
        var platformFeed = Api.asUser("platform-admin")
                .get("/api/v1/feeds")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("find { it.scope == 'global' }.id");
        Api.asUser(aLead)
                .body("{\"objectType\": \"feed\", \"feed\": \"%s\", \"audience\": \"partners\", \"partners\": [\"%s\"]}"
                        .formatted(platformFeed, partnerB))
                .post("/api/v1/grants")
                .then()
                .statusCode(404);
        Api.asUser(bAnalyst)
                .get("/api/v1/grants?objectType=feed&feed=" + amber)
                .then()
                .statusCode(404);

        // a feed is named by its id, nothing else
        var withoutFeed = Api.asUser(aLead)
                .body("{\"objectType\": \"feed\", \"audience\": \"partners\", \"partners\": [\"%s\"]}"
                        .formatted(partnerB))
                .post("/api/v1/grants");
        assertThat(withoutFeed.statusCode()).isEqualTo(400);
        assertThat(withoutFeed.jsonPath().getString("errors[0].pointer")).isEqualTo("/feed");
        var feedOnIncident = Api.asUser(aLead)
                .body(
                        "{\"objectType\": \"incident\", \"objectId\": \"%s\", \"feed\": \"%s\", \"audience\": \"community\"}"
                                .formatted(UUID.randomUUID(), amber))
                .post("/api/v1/grants");
        assertThat(feedOnIncident.statusCode()).isEqualTo(400);
        assertThat(feedOnIncident.jsonPath().getString("errors[0].pointer")).isEqualTo("/feed");
    }

    private record Client(String id, String basic) {}

    private static Client remotePartner() {
        var created = Api.asUser(aAdmin)
                .body("{\"kind\": \"remote\", \"name\": \"Sector CERT %s\"}".formatted(UUID.randomUUID()))
                .post("/api/v1/partners")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        var credentials = created.getString("clientId") + ":" + created.getString("clientSecret");
        return new Client(
                created.getString("id"),
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }

    private static io.restassured.response.Response read(Client client) {
        return RestAssured.given()
                .header("Authorization", client.basic())
                .accept(TAXII)
                .get("/taxii2/%s/collections/%s/objects/?limit=1000"
                        .formatted(a, TaxiiCollections.id(a, "indicators")));
    }
}
