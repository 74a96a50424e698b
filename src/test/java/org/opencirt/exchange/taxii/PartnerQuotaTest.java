package org.opencirt.exchange.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.Api;
import org.opencirt.testing.KeycloakUsers;
import org.opencirt.testing.MovableClock;
import org.opencirt.testing.Tokens;

/**
 * Per-partner quotas, counted in PostgreSQL: a CIRT admin gives a remote partner its own limits on requests a minute
 * and objects a day; over either, the partner's client gets 429 with {@code Retry-After} while the CIRT's own users
 * and its other partners go on; objects taken from the collections and pushed into the inbox count, all of a page or
 * none; the admin sees the counts. The CIRT ("Q") is onboarded here.
 */
@QuarkusTest
class PartnerQuotaTest {

    private static final String TAXII = "application/taxii+json;version=2.1";

    @Inject
    KeycloakUsers users;

    @Inject
    MovableClock clock;

    @AfterEach
    void timeAsItIs() {
        clock.reset();
    }

    private record Partner(String id, String token) {}

    private record Cirt(String id, String admin, String lead, String analyst) {

        Partner remotePartner() {
            var created = Api.asUser(admin)
                    .body("{\"kind\": \"remote\", \"name\": \"Quota CERT %s\"}".formatted(UUID.randomUUID()))
                    .post("/api/v1/partners")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath();
            return new Partner(
                    created.getString("id"),
                    Tokens.client(created.getString("clientId"), created.getString("clientSecret")));
        }

        String collection(String kind) {
            return "/taxii2/%s/collections/%s/objects/".formatted(id, TaxiiCollections.id(id, kind));
        }

        Response quota(String partner, String body) {
            return Api.asUser(admin).body(body).put("/api/v1/partners/%s/quota".formatted(partner));
        }

        Response usage(String partner) {
            return Api.asUser(admin).get("/api/v1/partners/%s/usage".formatted(partner));
        }
    }

    private Cirt onboard() {
        var id = "cert-q" + UUID.randomUUID().toString().substring(0, 6);
        Api.asUser("platform-admin")
                .body("""
                        {"id": "%1$s", "name": "Quotas %1$s", "countryCode": "WS", "contactEmail": "cert@%1$s.example.org"}
                        """.formatted(id))
                .post("/api/v1/tenants")
                .then()
                .statusCode(201);
        return new Cirt(
                id,
                users.create(List.of("cirt-admin"), List.of(id)),
                users.create(List.of("lead"), List.of(id)),
                users.create(List.of("analyst"), List.of(id)));
    }

    private static Response read(String token, String path, int limit) {
        return Api.as(token).accept(TAXII).queryParam("limit", limit).get(path);
    }

    /** Early in a minute, so that the requests that follow fall in one. */
    private void startOfAMinute() {
        var second = clock.instant().atZone(ZoneOffset.UTC).getSecond();
        clock.advance(Duration.ofSeconds(60 - second + 1));
    }

    @Test
    void aRemotePartnerOverItsOwnRequestsAMinuteGets429WhileTheCirtAndItsOtherPartnersGoOn() {
        var q = onboard();
        var limited = q.remotePartner();
        var other = q.remotePartner();
        q.quota(limited.id(), "{\"requestsPerMinute\": 3}")
                .then()
                .statusCode(200)
                .body("requestsPerMinute", equalTo(3))
                .body("objectsPerDay", nullValue());
        startOfAMinute();

        for (int i = 0; i < 3; i++) {
            Api.as(limited.token()).accept(TAXII).get("/taxii2/").then().statusCode(200);
        }
        var refused = Api.as(limited.token()).accept(TAXII).get("/taxii2/");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(refused.jsonPath().getString("description")).contains("3 exchange requests");
        Api.as(other.token()).accept(TAXII).get("/taxii2/").then().statusCode(200);
        Api.asUser(q.analyst()).accept(TAXII).get("/taxii2/").then().statusCode(200);
        q.usage(limited.id())
                .then()
                .statusCode(200)
                .body("requestsThisMinute", equalTo(3))
                .body("requestsPerMinute", equalTo(3));
        // the other partner took from its own count, at the platform's default
        q.usage(other.id()).then().body("requestsThisMinute", equalTo(1));

        clock.advance(Duration.ofMinutes(1));
        Api.as(limited.token()).accept(TAXII).get("/taxii2/").then().statusCode(200);
        // back to the default: null takes the partner's own limit away
        q.quota(limited.id(), "{}").then().statusCode(200).body("requestsPerMinute", nullValue());
    }

    @Test
    void aRemotePartnersObjectsOfTheDayCountPagesAllOrNoneAndItsPushesToo() {
        var q = onboard();
        var p = q.remotePartner();
        for (int i = 0; i < 3; i++) {
            var incident = Api.asUser(q.analyst())
                    .body("{\"title\": \"Quota %s\", \"tlp\": \"GREEN\"}".formatted(UUID.randomUUID()))
                    .post("/api/v1/incidents")
                    .then()
                    .statusCode(201)
                    .extract()
                    .<String>path("id");
            Api.asUser(q.lead())
                    .body("""
                            {"objectType": "incident", "objectId": "%s", "audience": "partners", "partners": ["%s"]}
                            """.formatted(incident, p.id()))
                    .post("/api/v1/grants")
                    .then()
                    .statusCode(201);
        }
        q.quota(p.id(), "{\"objectsPerDay\": 5}").then().statusCode(200).body("objectsPerDay", equalTo(5));
        var incidents = q.collection("incidents");

        assertThat(read(p.token(), incidents, 2).jsonPath().getList("objects")).hasSize(2);
        assertThat(read(p.token(), incidents, 2).jsonPath().getList("objects")).hasSize(2);
        var refused = read(p.token(), incidents, 2);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.jsonPath().getString("description")).contains("1 left today");
        var wait = Long.parseLong(refused.header("Retry-After"));
        assertThat(wait).isBetween(1L, 86_400L);
        assertThat(read(p.token(), incidents, 1).jsonPath().getList("objects")).hasSize(1);
        q.usage(p.id()).then().statusCode(200).body("objectsToday", equalTo(5)).body("objectsPerDay", equalTo(5));
        // the CIRT's own users read their own root without counting
        assertThat(read(Tokens.user(q.analyst()), incidents, 2).statusCode()).isEqualTo(200);

        var push = """
                {"objects": [{"type": "indicator", "spec_version": "2.1", "id": "indicator--%s",
                 "created": "2026-12-01T10:00:00.000Z", "modified": "2026-12-01T10:00:00.000Z",
                 "pattern": "[domain-name:value = 'q%s.quota.example']", "pattern_type": "stix",
                 "valid_from": "2026-12-01T10:00:00Z"}]}""".formatted(UUID.randomUUID(), UUID.randomUUID().toString().substring(0, 8));
        var inbox = q.collection("inbox");
        Api.as(p.token())
                .accept(TAXII)
                .contentType(TAXII)
                .body(push)
                .post(inbox)
                .then()
                .statusCode(429);
        // refused whole: nothing recorded
        Api.asUser(q.admin()).get("/api/v1/stix/imports").then().statusCode(200).body("total", equalTo(0));

        clock.advance(Duration.ofSeconds(wait));
        Api.as(p.token())
                .accept(TAXII)
                .contentType(TAXII)
                .body(push)
                .post(inbox)
                .then()
                .statusCode(202);
        q.usage(p.id()).then().body("objectsToday", equalTo(1));
    }

    @Test
    void quotasAreAtLeastOneAndACirtPartnersRequestsAreItsOwnCirts() {
        var q = onboard();
        var p = q.remotePartner();
        q.quota(p.id(), "{\"requestsPerMinute\": 0}").then().statusCode(400).contentType("application/problem+json");
        var cd = Api.asUser(q.admin())
                .body("{\"kind\": \"cirt\", \"cirt\": \"cert-cd\"}")
                .post("/api/v1/partners")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        q.quota(cd, "{\"requestsPerMinute\": 10}")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/requestsPerMinute"));
        q.quota(cd, "{\"objectsPerDay\": 10}").then().statusCode(200);
        q.usage(cd).then().statusCode(200).body("objectsPerDay", equalTo(10)).body("requestsThisMinute", nullValue());
        // another CIRT's admin knows neither
        Api.asUser("cd-admin")
                .get("/api/v1/partners/%s/usage".formatted(cd))
                .then()
                .statusCode(404);
        Api.asUser("cd-admin")
                .body("{}")
                .put("/api/v1/partners/%s/quota".formatted(cd))
                .then()
                .statusCode(404);
    }
}
