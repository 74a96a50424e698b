package org.opencirt.exchange.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.Api;
import org.opencirt.testing.KeycloakUsers;
import org.opencirt.testing.Tokens;

/**
 * A TAXII 2.1 client, written from the specification, against discovery, the API roots and their collections.
 * The sharing CIRT is onboarded here, so that no grant of another test can make its root visible.
 */
@QuarkusTest
class TaxiiDiscoveryTest {

    private static final String TAXII = "application/taxii+json;version=2.1";
    private static final String STIX = "application/stix+json;version=2.1";

    /** A CIRT onboarded for this class, and its admin, lead and analyst. */
    private static String sharer;

    private static String sharerAdmin;
    private static String sharerLead;
    private static String sharerAnalyst;

    @Inject
    KeycloakUsers users;

    @BeforeEach
    void aCirtThatSharesNothingYet() {
        if (sharer != null) {
            return;
        }
        var id = "cert-x" + UUID.randomUUID().toString().substring(0, 6);
        Api.asUser("platform-admin")
                .body("""
                {"id": "%1$s", "name": "TAXII %1$s", "countryCode": "WS", "contactEmail": "cert@%1$s.example.org",
                 "constituency": "A sharing CIRT"}
                """.formatted(id))
                .post("/api/v1/tenants")
                .then()
                .statusCode(201);
        sharerAdmin = users.create(List.of("cirt-admin"), List.of(id));
        sharerLead = users.create(List.of("lead"), List.of(id));
        sharerAnalyst = users.create(List.of("analyst"), List.of(id));
        sharer = id;
    }

    /** A TAXII client: the TAXII media type in Accept, nothing else. */
    private static RequestSpecification taxii(String user) {
        return taxiiAs(Tokens.user(user));
    }

    private static RequestSpecification taxiiAs(String token) {
        return Api.as(token).accept(TAXII);
    }

    private static String root(String cirt) {
        return "http://localhost:%d/taxii2/%s/".formatted(RestAssured.port, cirt);
    }

    private static List<String> apiRoots(String user) {
        var discovery = taxii(user).get("/taxii2/");
        assertThat(discovery.statusCode()).isEqualTo(200);
        assertThat(discovery.contentType()).isEqualTo(TAXII);
        return discovery.jsonPath().getList("api_roots");
    }

    /** An error under /taxii2/: the TAXII error message in the TAXII media type, nothing of problem+json. */
    private static void taxiiError(Response response, int status) {
        response.then()
                .statusCode(status)
                .contentType(equalTo(TAXII))
                .body("http_status", equalTo(String.valueOf(status)))
                .body("$", not(org.hamcrest.Matchers.hasKey("type")));
        assertThat(response.jsonPath().getString("title")).isNotBlank();
        assertThat(response.asString()).doesNotContain("org.opencirt", "Exception");
    }

    @Test
    void discoveryListsTheOwnRootAndTheRootOfACirtSharingWithItUntilTheGrantIsRevoked() {
        var own = taxii("cd-analyst").get("/taxii2/");
        own.then()
                .statusCode(200)
                .contentType(equalTo(TAXII))
                .body("default", equalTo(root("cert-cd")))
                .body("api_roots", hasItem(root("cert-cd")));
        assertThat(own.jsonPath().getString("title")).isNotBlank();
        assertThat(apiRoots("cd-analyst")).doesNotContain(root(sharer));
        taxiiError(taxii("cd-analyst").get("/taxii2/%s/".formatted(sharer)), 404);

        var partner = Api.asUser(sharerAdmin)
                .body("{\"kind\": \"cirt\", \"cirt\": \"cert-cd\"}")
                .post("/api/v1/partners")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        var incident = Api.asUser(sharerAnalyst)
                .body("{\"title\": \"Shared over TAXII\", \"tlp\": \"CLEAR\"}")
                .post("/api/v1/incidents")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        var grant = Api.asUser(sharerLead)
                .body(
                        "{\"objectType\": \"incident\", \"objectId\": \"%s\", \"audience\": \"partners\", \"partners\": [\"%s\"]}"
                                .formatted(incident, partner))
                .post("/api/v1/grants")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");

        assertThat(apiRoots("cd-analyst")).startsWith(root("cert-cd")).contains(root(sharer));
        taxii("cd-lead")
                .get("/taxii2/%s/".formatted(sharer))
                .then()
                .statusCode(200)
                .contentType(equalTo(TAXII))
                .body("title", equalTo("TAXII %s: TAXII 2.1".formatted(sharer)));
        // the grant reaches CERT-CD only: CERT-AB is not shared with by it
        assertThat(apiRoots("ab-analyst")).doesNotContain(root(sharer));

        Api.asUser(sharerLead).delete("/api/v1/grants/" + grant).then().statusCode(204);
        assertThat(apiRoots("cd-analyst")).contains(root("cert-cd")).doesNotContain(root(sharer));
        taxiiError(taxii("cd-analyst").get("/taxii2/%s/collections/".formatted(sharer)), 404);
    }

    @Test
    void theApiRootAnnouncesTaxii21AndItsMaxContentLength() {
        var name = Api.asUser("cd-analyst")
                .get("/api/v1/tenants/me")
                .then()
                .extract()
                .<String>path("name");
        taxii("cd-analyst")
                .get("/taxii2/cert-cd/")
                .then()
                .statusCode(200)
                .contentType(equalTo(TAXII))
                .body("versions", equalTo(List.of(TAXII)))
                .body("max_content_length", equalTo(10485760))
                .body("title", equalTo(name + ": TAXII 2.1"))
                .body("description", equalTo("Your own CIRT's indicators, incidents and advisories"));
    }

    @Test
    void everyRootHasFourCollectionsWithStableIds() {
        var collections = taxii("cd-analyst").get("/taxii2/cert-cd/collections/");
        collections.then().statusCode(200).contentType(equalTo(TAXII));
        var json = collections.jsonPath();
        assertThat(json.getList("collections.title")).containsExactly("Indicators", "Incidents", "Advisories", "Inbox");
        assertThat(json.getList("collections.can_read")).containsExactly(true, true, true, false);
        assertThat(json.getList("collections.can_write")).containsExactly(false, false, false, true);
        assertThat(json.getList("collections.media_types")).containsOnly(List.of(STIX));
        var incidents = UUID.nameUUIDFromBytes("opencirt-taxii:cert-cd:incidents".getBytes(StandardCharsets.UTF_8))
                .toString();
        assertThat(json.getString("collections[1].id")).isEqualTo(incidents);

        taxii("cd-lead")
                .get("/taxii2/cert-cd/collections/%s/".formatted(incidents))
                .then()
                .statusCode(200)
                .contentType(equalTo(TAXII))
                .body("id", equalTo(incidents))
                .body("can_read", equalTo(true))
                .body("can_write", equalTo(false))
                .body("media_types", equalTo(List.of(STIX)));
        // the same collection of another CIRT has another id
        var abIncidents = UUID.nameUUIDFromBytes("opencirt-taxii:cert-ab:incidents".getBytes(StandardCharsets.UTF_8));
        taxiiError(taxii("cd-lead").get("/taxii2/cert-cd/collections/%s/".formatted(abIncidents)), 404);
        taxiiError(taxii("cd-lead").get("/taxii2/cert-cd/collections/%s/".formatted(UUID.randomUUID())), 404);
        taxiiError(taxii("cd-lead").get("/taxii2/cert-cd/collections/not-a-uuid/"), 404);
    }

    @Test
    void anAcceptThatDoesNotAllowTaxii21Gets406() {
        for (var accept : List.of("application/json", "application/taxii+json;version=2.0", "text/html")) {
            taxiiError(Api.asUser("cd-analyst").accept(accept).get("/taxii2/cert-cd/"), 406);
        }
        for (var accept : List.of("application/taxii+json", TAXII, "*/*", "application/json, application/*")) {
            Api.asUser("cd-analyst")
                    .accept(accept)
                    .get("/taxii2/")
                    .then()
                    .statusCode(200)
                    .contentType(equalTo(TAXII));
        }
    }

    @Test
    void withoutATokenTheAnswerIs401AsATaxiiError() {
        taxiiError(Api.anonymous().accept(TAXII).get("/taxii2/"), 401);
        taxiiError(Api.anonymous().accept(TAXII).get("/taxii2/cert-cd/collections/"), 401);
    }

    @Test
    void aRootOfACirtThatSharesNothingWithTheCallerAnswersLikeAnUnknownCirt() {
        var foreign = taxii("cd-analyst").get("/taxii2/%s/".formatted(sharer));
        var unknown = taxii("cd-analyst").get("/taxii2/cert-nowhere/");
        taxiiError(foreign, 404);
        taxiiError(unknown, 404);
        assertThat(foreign.asString()).isEqualTo(unknown.asString());
        taxiiError(taxii("cd-analyst").get("/taxii2/cert-nowhere/collections/"), 404);
    }

    @Test
    void thePlatformAdminHasNoRootAndGets403() {
        taxiiError(taxii("platform-admin").get("/taxii2/"), 403);
        taxiiError(taxii("platform-admin").get("/taxii2/cert-cd/"), 403);
    }
}
