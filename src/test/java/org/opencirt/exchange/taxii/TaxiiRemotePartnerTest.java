package org.opencirt.exchange.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opencirt.common.Tlp;
import org.opencirt.indicator.model.Indicator;
import org.opencirt.indicator.model.IndicatorIds;
import org.opencirt.indicator.model.SourceTlp;
import org.opencirt.indicator.service.IndicatorService;
import org.opencirt.testing.Api;
import org.opencirt.testing.KeycloakUsers;

/**
 * A remote partner's TAXII client (its machine client's id and secret, over HTTP Basic) reads the root of the CIRT
 * whose partner it is: the CIRT's own indicators its community may see (CLEAR, GREEN), and the incidents granted to
 * it (by name, or through a group holding it), with a revoked version once a grant ends; never what is granted to
 * another partner, nor the CIRT's AMBER indicators. The CIRT ("Y") is onboarded here.
 */
@QuarkusTest
class TaxiiRemotePartnerTest {

    private static final String TAXII = "application/taxii+json;version=2.1";

    private static String y;
    private static String yAdmin;
    private static String yLead;
    private static String yAnalyst;

    @Inject
    KeycloakUsers users;

    @Inject
    IndicatorService indicators;

    @BeforeEach
    void aCirtWithRemotePartners() {
        if (y != null) {
            return;
        }
        var id = "cert-y" + UUID.randomUUID().toString().substring(0, 6);
        Api.asUser("platform-admin")
                .body("""
                {"id": "%1$s", "name": "Remote partners %1$s", "countryCode": "WS", "contactEmail": "cert@%1$s.example.org",
                 "constituency": "A CIRT with remote partners"}
                """.formatted(id))
                .post("/api/v1/tenants")
                .then()
                .statusCode(201);
        yAdmin = users.create(List.of("cirt-admin"), List.of(id));
        yLead = users.create(List.of("lead"), List.of(id));
        yAnalyst = users.create(List.of("analyst"), List.of(id));
        y = id;
    }

    private record Client(String id, String basic) {}

    private static Client remotePartner() {
        var created = Api.asUser(yAdmin)
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

    private static Response read(String authorization, String collection) {
        return RestAssured.given()
                .header("Authorization", authorization)
                .accept(TAXII)
                .get("/taxii2/%s/collections/%s/objects/".formatted(y, TaxiiCollections.id(y, collection)));
    }

    private static List<Map<String, Object>> objects(String authorization, String collection) {
        var response = read(authorization, collection);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo(TAXII);
        List<Map<String, Object>> objects = response.jsonPath().getList("objects");
        return objects == null ? List.of() : objects;
    }

    private static String incident(String tlp) {
        return Api.asUser(yAnalyst)
                .body("{\"title\": \"For partners %s\", \"tlp\": \"%s\"}".formatted(UUID.randomUUID(), tlp))
                .post("/api/v1/incidents")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static String grant(String incident, String audience) {
        return Api.asUser(yLead)
                .body("{\"objectType\": \"incident\", \"objectId\": \"%s\", %s}".formatted(incident, audience))
                .post("/api/v1/grants")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private void yFeedStates(String value, Tlp tlp) throws Exception {
        indicators.write(
                List.of(new Indicator(
                        IndicatorIds.idOf("ipv4", value),
                        y,
                        SourceTlp.visibility(y, tlp),
                        tlp.wire(),
                        "ipv4",
                        value,
                        value,
                        null,
                        "malicious-code",
                        "c2-server",
                        70,
                        0,
                        "y-feed-" + tlp.name().toLowerCase(java.util.Locale.ROOT),
                        "ref-" + value,
                        List.of("botnet"),
                        "C2",
                        Instant.parse("2026-01-01T00:00:00Z"),
                        Instant.now(),
                        Instant.now().plus(Duration.ofDays(30)))),
                false);
        indicators.refresh();
    }

    private static List<String> ids(List<Map<String, Object>> objects, String type) {
        return objects.stream()
                .filter(o -> type.equals(o.get("type")))
                .map(o -> String.valueOf(o.get("id")))
                .toList();
    }

    @Test
    void aRemotePartnerReadsTheIncidentsGrantedToItAndARevokedVersionOnceAGrantEnds() {
        var p = remotePartner();
        var q = remotePartner();
        var group = Api.asUser(yAdmin)
                .body("{\"name\": \"Sector %s\", \"members\": [\"%s\"]}".formatted(UUID.randomUUID(), p.id()))
                .post("/api/v1/sharing-groups")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        var toP = incident("AMBER");
        var toPGrant = grant(toP, "\"audience\": \"partners\", \"partners\": [\"%s\"]".formatted(p.id()));
        var toGroup = incident("GREEN");
        grant(toGroup, "\"audience\": \"group\", \"group\": \"%s\"".formatted(group));
        var toQ = incident("AMBER");
        grant(toQ, "\"audience\": \"partners\", \"partners\": [\"%s\"]".formatted(q.id()));
        var unshared = incident("GREEN");

        var seenByP = ids(objects(p.basic(), "incidents"), "incident");
        assertThat(seenByP).containsExactlyInAnyOrder("incident--" + toP, "incident--" + toGroup);
        assertThat(ids(objects(q.basic(), "incidents"), "incident")).containsExactly("incident--" + toQ);
        // Y's own users see all of Y's incidents
        var own = ids(
                RestAssured.given()
                        .auth()
                        .oauth2(org.opencirt.testing.Tokens.user(yAnalyst))
                        .accept(TAXII)
                        .get("/taxii2/%s/collections/%s/objects/".formatted(y, TaxiiCollections.id(y, "incidents")))
                        .jsonPath()
                        .getList("objects"),
                "incident");
        assertThat(own).contains("incident--" + unshared, "incident--" + toQ);

        Api.asUser(yLead).delete("/api/v1/grants/" + toPGrant).then().statusCode(204);
        var afterRevocation = objects(p.basic(), "incidents").stream()
                .filter(o -> ("incident--" + toP).equals(o.get("id")))
                .toList();
        assertThat(afterRevocation).hasSize(1);
        // nothing of the incident but that it is revoked (STIX requires a name: a placeholder, never the title)
        assertThat(afterRevocation.getFirst()).containsEntry("revoked", true).doesNotContainKey("description");
        assertThat(String.valueOf(afterRevocation.getFirst().get("name"))).doesNotContain("For partners");
    }

    @Test
    void aRemotePartnerReadsTheCirtsOwnCommunityIndicatorsOnly() throws Exception {
        var p = remotePartner();
        var random = new java.util.Random();
        var green = "%d.%d.%d.7".formatted(20 + random.nextInt(60), random.nextInt(256), random.nextInt(256));
        var amber = "%d.%d.%d.9".formatted(81 + random.nextInt(40), random.nextInt(256), random.nextInt(256));
        yFeedStates(green, Tlp.GREEN);
        yFeedStates(amber, Tlp.AMBER);

        var text = read(p.basic(), "indicators").asString();
        assertThat(text).contains("'" + green + "'").doesNotContain(amber);
        // Y's own analyst sees both
        var own = RestAssured.given()
                .auth()
                .oauth2(org.opencirt.testing.Tokens.user(yAnalyst))
                .accept(TAXII)
                .get("/taxii2/%s/collections/%s/objects/".formatted(y, TaxiiCollections.id(y, "indicators")))
                .asString();
        assertThat(own).contains("'" + green + "'", "'" + amber + "'");
    }

    @Test
    void aCirtsGenericPartnerClientReadsNoCollectionAndARemotePartnerNoOtherRoot() {
        var generic = "Basic "
                + Base64.getEncoder()
                        .encodeToString("cert-ab-partner:demo-cert-ab-partner-secret".getBytes(StandardCharsets.UTF_8));
        var refused = RestAssured.given()
                .header("Authorization", generic)
                .accept(TAXII)
                .get("/taxii2/cert-ab/collections/%s/objects/".formatted(TaxiiCollections.id("cert-ab", "incidents")));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.jsonPath().getString("http_status")).isEqualTo("403");

        var p = remotePartner();
        var other = RestAssured.given()
                .header("Authorization", p.basic())
                .accept(TAXII)
                .get("/taxii2/cert-ab/collections/%s/objects/".formatted(TaxiiCollections.id("cert-ab", "incidents")));
        assertThat(other.statusCode()).isEqualTo(404);
    }
}
