package org.opencirt.exchange.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.Api;

/**
 * TAXII clients that speak only HTTP Basic: a partner client's id and secret work under {@code /taxii2/} exactly
 * as its bearer token does, and nowhere else; wrong credentials get 401 with a Basic challenge and never an echo.
 */
@QuarkusTest
class TaxiiBasicAuthTest {

    private static final String TAXII = "application/taxii+json;version=2.1";

    private record Client(String partnerId, String clientId, String secret) {}

    private static Client remotePartnerOfAb() {
        var created = Api.asUser("ab-admin")
                .body("{\"kind\": \"remote\", \"name\": \"Basic partner %s\"}".formatted(UUID.randomUUID()))
                .post("/api/v1/partners")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        return new Client(created.getString("id"), created.getString("clientId"), created.getString("clientSecret"));
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static Response taxii(String authorization, String path) {
        return RestAssured.given()
                .header("Authorization", authorization)
                .accept(TAXII)
                .get(path);
    }

    private static void unauthorized(Response response, String... notEchoed) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.contentType()).isEqualTo(TAXII);
        assertThat(response.header("WWW-Authenticate")).startsWith("Basic realm=");
        assertThat(response.jsonPath().getString("http_status")).isEqualTo("401");
        assertThat(response.jsonPath().getString("title")).isNotBlank();
        for (var text : notEchoed) {
            assertThat(response.asString()).doesNotContain(text);
        }
    }

    @Test
    void aPartnerClientsIdAndSecretOverBasicOpenItsCirtsRootAndNoOther() {
        var client = remotePartnerOfAb();
        var credentials = basic(client.clientId(), client.secret());

        var discovery = taxii(credentials, "/taxii2/");
        assertThat(discovery.statusCode()).isEqualTo(200);
        assertThat(discovery.contentType()).isEqualTo(TAXII);
        var ownRoot = "http://localhost:%d/taxii2/cert-ab/".formatted(RestAssured.port);
        assertThat(discovery.jsonPath().getString("default")).isEqualTo(ownRoot);
        // what other CIRTs share with cert-ab is not shared with cert-ab's partners
        assertThat(discovery.jsonPath().getList("api_roots")).containsExactly(ownRoot);

        var root = taxii(credentials, "/taxii2/cert-ab/");
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.jsonPath().getString("description")).contains("shares with you");
        assertThat(taxii(credentials, "/taxii2/cert-ab/collections/").jsonPath().getList("collections"))
                .hasSize(4);
        // a second request is served from the kept token, with the same answer
        assertThat(taxii(credentials, "/taxii2/cert-ab/").statusCode()).isEqualTo(200);

        assertThat(taxii(credentials, "/taxii2/cert-cd/").statusCode()).isEqualTo(404);
    }

    @Test
    void wrongOrMalformedCredentialsGet401WithABasicChallengeAndNoEcho() {
        var client = remotePartnerOfAb();
        var wrongSecret = "wrong-" + UUID.randomUUID();
        unauthorized(taxii(basic(client.clientId(), wrongSecret), "/taxii2/"), wrongSecret);
        unauthorized(taxii("Basic not-base64!!", "/taxii2/"));
        unauthorized(
                taxii(
                        "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8)),
                        "/taxii2/"),
                "no-colon");
        unauthorized(taxii(basic(client.clientId(), ""), "/taxii2/"));
    }

    @Test
    void basicCredentialsAreForTaxiiOnly() {
        var client = remotePartnerOfAb();
        var response = RestAssured.given()
                .header("Authorization", basic(client.clientId(), client.secret()))
                .get("/api/v1/tenants/me");
        assertThat(response.statusCode()).isEqualTo(401);
    }

    @Test
    void aClientIdWithTooManyRefusedSecretsGets429WithoutKeycloakBeingAsked() {
        var client = remotePartnerOfAb();
        for (var i = 0; i < 10; i++) {
            unauthorized(taxii(basic(client.clientId(), "guess-" + i), "/taxii2/"));
        }
        var refused = taxii(basic(client.clientId(), "guess-10"), "/taxii2/");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.contentType()).isEqualTo(TAXII);
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(refused.jsonPath().getString("http_status")).isEqualTo("429");
        // even the right secret waits: a guesser cannot tell it from a wrong one
        assertThat(taxii(basic(client.clientId(), client.secret()), "/taxii2/").statusCode())
                .isEqualTo(429);
        // another client is not held up
        var other = remotePartnerOfAb();
        assertThat(taxii(basic(other.clientId(), other.secret()), "/taxii2/").statusCode())
                .isEqualTo(200);
    }
}
