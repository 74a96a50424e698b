package org.opencirt.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;
import org.opencirt.testing.Api;
import org.opencirt.testing.Tokens;

@QuarkusTest
class TenantOnboardingTest {

    @Inject
    Keycloak keycloak;

    @Inject
    TenantRepository tenants;

    private static String newTenantId() {
        return "cert-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String body(String id, String name) {
        return """
                {"id": "%s", "name": "%s", "countryCode": "WS", "contactEmail": "cert@%s.example.org",
                 "constituency": "Government of Samoa and its operators"}
                """.formatted(id, name, id);
    }

    @Test
    void platformAdminCreatesCirtWhosePartnerClientThenGetsTokensNamingIt() {
        var id = newTenantId();
        var created = Api.asUser("platform-admin")
                .body(body(id, "CERT Samoa"))
                .post("/api/v1/tenants")
                .then()
                .statusCode(201)
                .header("Location", endsWith("/api/v1/tenants/" + id))
                .body("tenant.id", equalTo(id))
                .body("tenant.countryCode", equalTo("WS"))
                .body("partnerClientId", equalTo(id + "-partner"))
                .body("partnerClientSecret", notNullValue())
                .extract();

        var partnerToken = Tokens.client(created.path("partnerClientId"), created.path("partnerClientSecret"));
        Api.as(partnerToken)
                .get("/api/v1/tenants/me")
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("name", equalTo("CERT Samoa"));

        Api.asUser("platform-admin")
                .get("/api/v1/tenants")
                .then()
                .statusCode(200)
                .body("id", hasItems("cert-ab", "cert-cd", id));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {"global", "platform", "taxii", "api", "admin", "console", "well-known", "public", "openapi"})
    void aReservedIdCannotBeOnboardedAndNothingIsCreated(String id) {
        Api.asUser("platform-admin")
                .body(body(id, "Impostor"))
                .post("/api/v1/tenants")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.pointer", hasItem("/id"))
                .body("errors.message", hasItem(containsString("reserved")));
        assertThat(tenants.count("id", id)).isZero();
        assertThat(keycloak.realm("opencirt").groups().groups(id, 0, 100, true))
                .noneMatch(g -> g.getName().equals(id));
    }

    @Test
    void creatingTheSameCirtTwiceDuplicatesNothing() {
        var id = newTenantId();
        var admin = Tokens.user("platform-admin");
        Api.as(admin)
                .body(body(id, "CERT Twice"))
                .post("/api/v1/tenants")
                .then()
                .statusCode(201);

        Api.as(admin)
                .body(body(id, "CERT Twice"))
                .post("/api/v1/tenants")
                .then()
                .statusCode(200)
                .body("tenant.id", equalTo(id))
                .body("partnerClientSecret", nullValue());

        var realm = keycloak.realm("opencirt");
        assertThat(realm.groups().groups(id, 0, 100, true))
                .filteredOn(g -> g.getName().equals(id))
                .hasSize(1);
        assertThat(realm.clients().findByClientId(id + "-partner")).hasSize(1);
        assertThat(tenants.count("id", id)).isEqualTo(1);
    }

    @Test
    void sameIdWithOtherValuesIsAConflict() {
        var id = newTenantId();
        var admin = Tokens.user("platform-admin");
        Api.as(admin).body(body(id, "CERT One")).post("/api/v1/tenants").then().statusCode(201);
        Api.as(admin)
                .body(body(id, "CERT Another"))
                .post("/api/v1/tenants")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("already exists with other values"));
        Api.as(admin).get("/api/v1/tenants/" + id).then().statusCode(200).body("name", equalTo("CERT One"));
    }

    @Test
    void analystCannotCreateACirt() {
        var id = newTenantId();
        Api.asUser("ab-analyst")
                .body(body(id, "Sneaky"))
                .post("/api/v1/tenants")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403));
        Api.as(Tokens.demoPartner("cert-ab"))
                .body(body(id, "Sneaky"))
                .post("/api/v1/tenants")
                .then()
                .statusCode(403);
        assertThat(tenants.count("id", id)).isZero();
        assertThat(keycloak.realm("opencirt").clients().findByClientId(id + "-partner"))
                .isEmpty();
    }

    @Test
    void analystCannotListCirts() {
        Api.asUser("ab-analyst").get("/api/v1/tenants").then().statusCode(403);
    }

    @Test
    void invalidBodyNamesEveryWrongFieldByPointer() {
        Api.asUser("platform-admin")
                .body("""
                {"id": "Not An Id", "name": "", "countryCode": "XX", "contactEmail": "not-an-email"}
                """)
                .post("/api/v1/tenants")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://opencirt.org/problems/validation"))
                .body("errors.pointer", hasItems("/id", "/name", "/countryCode", "/contactEmail"))
                .body("errors.find { it.pointer == '/countryCode' }.message", containsString("ISO 3166-1"));
    }

    @Test
    void serverAssignedFieldInTheBodyIsRefused() {
        var id = newTenantId();
        Api.asUser("platform-admin")
                .body("""
                {"id": "%s", "name": "X", "countryCode": "FJ", "contactEmail": "a@b.org", "tenant": "cert-ab"}
                """.formatted(id))
                .post("/api/v1/tenants")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/tenant"))
                .body("errors[0].message", equalTo("is assigned by the server and must not be sent"));
        assertThat(tenants.count("id", id)).isZero();

        Api.asUser("ab-admin")
                .body("""
                {"id": "cert-cd", "name": "Renamed"}
                """)
                .patch("/api/v1/tenants/cert-ab")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/id"));
    }

    @Test
    void malformedJsonGets400WithItsPosition() {
        Api.asUser("platform-admin")
                .body("{\"id\": ")
                .post("/api/v1/tenants")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("not valid JSON"));
    }

    @Test
    void keycloakConflictLeavesNoHalfTenant() {
        var id = newTenantId();
        var realm = keycloak.realm("opencirt");
        // Someone already made a public client with the partner client's name: it cannot be used.
        var squatter = new ClientRepresentation();
        squatter.setClientId(id + "-partner");
        squatter.setPublicClient(true);
        realm.clients().create(squatter).close();

        Api.asUser("platform-admin")
                .body(body(id, "CERT Half"))
                .post("/api/v1/tenants")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("find or create partner client"))
                .body("detail", containsString("removed group '%s'".formatted(id)));

        assertThat(tenants.count("id", id)).isZero();
        assertThat(realm.groups().groups(id, 0, 100, true))
                .noneMatch(g -> g.getName().equals(id));
        Api.asUser("platform-admin").get("/api/v1/tenants").then().body("id", org.hamcrest.Matchers.not(hasItem(id)));
    }

    @Test
    void cirtAdminChangesOwnProfileButNotAnotherCirts() {
        Api.asUser("ab-admin")
                .body("""
                {"constituency": "Republic A: ministries, AS64496, 192.0.2.0/24"}
                """)
                .patch("/api/v1/tenants/cert-ab")
                .then()
                .statusCode(200)
                .body("constituency", equalTo("Republic A: ministries, AS64496, 192.0.2.0/24"));

        Api.asUser("ab-admin")
                .body("""
                {"name": "Taken over"}
                """)
                .patch("/api/v1/tenants/cert-cd")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        Api.asUser("cd-analyst")
                .get("/api/v1/tenants/me")
                .then()
                .body("name", equalTo("CERT-CD, national CIRT of Kingdom C"));
    }

    @Test
    void analystCannotChangeTheCirtProfile() {
        Api.asUser("ab-analyst")
                .body("""
                {"name": "Renamed"}
                """)
                .patch("/api/v1/tenants/cert-ab")
                .then()
                .statusCode(403);
    }
}
