package org.opencirt.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencirt.incident.IncidentApiTest;
import org.opencirt.testing.Api;
import org.opencirt.testing.Tokens;

/**
 * Partners, sharing groups and grants through the API: each CIRT declares and sees only its own,
 * and the object's TLP label caps every grant, with a 400 that names the rule.
 */
@QuarkusTest
class ExchangeApiTest {

    private static String remotePartner(String user, String name) {
        return Api.asUser(user)
                .body(
                        "{\"kind\": \"remote\", \"name\": \"%s\", \"country\": \"SN\", \"contacts\": [\"soc@partner.example\"]}"
                                .formatted(name))
                .post("/api/v1/partners")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static String incident(String tlp) {
        return IncidentApiTest.create(
                        "ab-analyst", "{\"title\": \"Shared %s\", \"tlp\": \"%s\"}".formatted(UUID.randomUUID(), tlp))
                .getString("id");
    }

    private static String grantBody(String incident, String audience, String recipients) {
        return "{\"objectType\": \"incident\", \"objectId\": \"%s\", \"audience\": \"%s\"%s}"
                .formatted(incident, audience, recipients);
    }

    @Test
    void aCirtAdminDeclaresAnotherCirtOfThePlatformAsPartnerOnceAndNeverItself() {
        var created = Api.asUser("ab-admin")
                .body("{\"kind\": \"cirt\", \"cirt\": \"cert-cd\"}")
                .post("/api/v1/partners");
        // the suite's other tests may have declared it first; either way there is exactly one, named after the CIRT
        if (created.statusCode() == 201) {
            assertThat(created.header("Location")).endsWith("/api/v1/partners/" + created.path("id"));
            Api.asUser("ab-admin")
                    .get(created.header("Location"))
                    .then()
                    .statusCode(200)
                    .body("cirt", equalTo("cert-cd"))
                    .body("kind", equalTo("cirt"))
                    .body("name", notNullValue());
        }
        Api.asUser("ab-admin")
                .body("{\"kind\": \"cirt\", \"cirt\": \"cert-cd\"}")
                .post("/api/v1/partners")
                .then()
                .statusCode(409);
        Api.asUser("ab-admin")
                .get("/api/v1/partners")
                .then()
                .statusCode(200)
                .body("findAll { it.cirt == 'cert-cd' }.size()", equalTo(1));

        Api.asUser("ab-admin")
                .body("{\"kind\": \"cirt\", \"cirt\": \"cert-ab\"}")
                .post("/api/v1/partners")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/cirt"));
        Api.asUser("ab-admin")
                .body("{\"kind\": \"cirt\", \"cirt\": \"cert-nowhere\"}")
                .post("/api/v1/partners")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/cirt"));
        Api.asUser("ab-admin")
                .body("{\"kind\": \"remote\"}")
                .post("/api/v1/partners")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/name"));
    }

    @Test
    void aRemotePartnersContactsAreCheckedAndOnlyTheAdminDeclaresPartners() {
        Api.asUser("ab-admin")
                .body(
                        "{\"kind\": \"remote\", \"name\": \"Bad contacts\", \"contacts\": [\"ok@partner.example\", \"not a mailbox\"]}")
                .post("/api/v1/partners")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/contacts/1"));
        Api.asUser("ab-lead")
                .body("{\"kind\": \"remote\", \"name\": \"By a lead\"}")
                .post("/api/v1/partners")
                .then()
                .statusCode(403);
        var id = remotePartner("ab-admin", "Sector CERT " + UUID.randomUUID());
        Api.asUser("ab-analyst")
                .get("/api/v1/partners/" + id)
                .then()
                .statusCode(200)
                .body("country", equalTo("SN"))
                .body("contacts", equalTo(List.of("soc@partner.example")));
    }

    @Test
    void aRemotePartnerGetsAClientWhoseTokensNameTheCirtAndThePartnerUntilItIsRemoved() throws Exception {
        var created = Api.asUser("ab-admin")
                .body("{\"kind\": \"remote\", \"name\": \"Client partner %s\"}".formatted(UUID.randomUUID()))
                .post("/api/v1/partners")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        var id = created.getString("id");
        var clientId = created.getString("clientId");
        var secret = created.getString("clientSecret");
        assertThat(clientId).startsWith("cert-ab-partner-");
        assertThat(secret).isNotBlank();
        // the secret is shown once
        Api.asUser("ab-admin")
                .get("/api/v1/partners/" + id)
                .then()
                .statusCode(200)
                .body("clientId", equalTo(clientId))
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("clientSecret")));

        var token = Tokens.client(clientId, secret);
        var claims = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(claims.path("opencirt_partner").asText()).isEqualTo(id);
        assertThat(claims.path("cirt").toString()).contains("cert-ab");
        assertThat(claims.path("realm_access").path("roles").toString()).contains("partner");
        Api.as(token).get("/api/v1/tenants/me").then().statusCode(200).body("id", equalTo("cert-ab"));

        Api.asUser("ab-admin").delete("/api/v1/partners/" + id).then().statusCode(204);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Tokens.client(clientId, secret))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void aCirtNeverSeesNorUsesAnotherCirtsPartnersGroupsOrGrants() {
        var partner = remotePartner("ab-admin", "AB only " + UUID.randomUUID());
        var group = Api.asUser("ab-admin")
                .body("{\"name\": \"AB group %s\", \"members\": [\"%s\"]}".formatted(UUID.randomUUID(), partner))
                .post("/api/v1/sharing-groups")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        var grant = Api.asUser("ab-lead")
                .body(grantBody(incident("AMBER"), "partners", ", \"partners\": [\"%s\"]".formatted(partner)))
                .post("/api/v1/grants")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");

        Api.asUser("cd-admin").get("/api/v1/partners/" + partner).then().statusCode(404);
        Api.asUser("cd-admin").get("/api/v1/partners").then().statusCode(200).body("id", not(hasItem(partner)));
        Api.asUser("cd-admin").delete("/api/v1/partners/" + partner).then().statusCode(404);
        Api.asUser("cd-admin").get("/api/v1/sharing-groups/" + group).then().statusCode(404);
        Api.asUser("cd-admin")
                .body("{\"members\": []}")
                .put("/api/v1/sharing-groups/%s/members".formatted(group))
                .then()
                .statusCode(404);
        Api.asUser("cd-lead").get("/api/v1/grants/" + grant).then().statusCode(404);
        Api.asUser("cd-lead").delete("/api/v1/grants/" + grant).then().statusCode(404);
        // CD can neither put AB's partner in its own group nor share AB's incident
        Api.asUser("cd-admin")
                .body("{\"name\": \"CD group %s\", \"members\": [\"%s\"]}".formatted(UUID.randomUUID(), partner))
                .post("/api/v1/sharing-groups")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/members/0"));
        Api.asUser("cd-lead")
                .body(grantBody(incident("CLEAR"), "community", ""))
                .post("/api/v1/grants")
                .then()
                .statusCode(404);

        Api.asUser("ab-admin")
                .get("/api/v1/sharing-groups/" + group)
                .then()
                .statusCode(200)
                .body("members", equalTo(List.of(partner)));
        Api.asUser("ab-lead")
                .get("/api/v1/grants/" + grant)
                .then()
                .statusCode(200)
                .body("revokedAt", nullValue());
    }

    @Test
    void theObjectsTlpCapsTheGrantWithA400NamingTheRule() {
        var partner = remotePartner("ab-admin", "TLP partner " + UUID.randomUUID());
        var named = ", \"partners\": [\"%s\"]".formatted(partner);

        Api.asUser("ab-lead")
                .body(grantBody(incident("AMBER"), "community", ""))
                .post("/api/v1/grants")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/audience"))
                .body("errors[0].message", containsString("TLP:AMBER"));
        Api.asUser("ab-lead")
                .body(grantBody(incident("AMBER+STRICT"), "partners", named))
                .post("/api/v1/grants")
                .then()
                .statusCode(400)
                .body("errors[0].message", containsString("TLP:AMBER+STRICT"));
        Api.asUser("ab-lead")
                .body(grantBody(incident("RED"), "partners", named))
                .post("/api/v1/grants")
                .then()
                .statusCode(400)
                .body("errors[0].message", containsString("TLP:RED"));

        var green = incident("GREEN");
        var created =
                Api.asUser("ab-lead").body(grantBody(green, "community", "")).post("/api/v1/grants");
        created.then()
                .statusCode(201)
                .body("tlp", equalTo("GREEN"))
                .body("audience", equalTo("community"))
                .body("parts", equalTo(List.of("summary", "classification", "observables")))
                .body("grantedBy", notNullValue());
        assertThat(created.header("Location")).endsWith("/api/v1/grants/" + created.path("id"));
        Api.asUser("ab-lead")
                .body(grantBody(incident("AMBER"), "partners", named + ", \"parts\": [\"summary\", \"comments\"]"))
                .post("/api/v1/grants")
                .then()
                .statusCode(201)
                .body("parts", equalTo(List.of("summary", "comments")));
        Api.asUser("ab-analyst")
                .body(grantBody(green, "community", ""))
                .post("/api/v1/grants")
                .then()
                .statusCode(403);
    }

    @Test
    void aGrantsRecipientsMustMatchItsAudience() {
        var partner = remotePartner("ab-admin", "Audience partner " + UUID.randomUUID());
        var incident = incident("GREEN");
        Api.asUser("ab-lead")
                .body(grantBody(incident, "partners", ""))
                .post("/api/v1/grants")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/partners"));
        Api.asUser("ab-lead")
                .body(grantBody(incident, "community", ", \"partners\": [\"%s\"]".formatted(partner)))
                .post("/api/v1/grants")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/partners"));
        Api.asUser("ab-lead")
                .body(grantBody(incident, "group", ""))
                .post("/api/v1/grants")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/group"));
        Api.asUser("ab-lead")
                .body(grantBody(incident, "group", ", \"group\": \"%s\"".formatted(UUID.randomUUID())))
                .post("/api/v1/grants")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/group"));
        Api.asUser("ab-lead")
                .body(grantBody(incident, "partners", ", \"partners\": [\"%s\"]".formatted(UUID.randomUUID())))
                .post("/api/v1/grants")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/partners/0"));
        Api.asUser("ab-lead")
                .body(grantBody(incident, "everyone", ""))
                .post("/api/v1/grants")
                .then()
                .statusCode(400);
        Api.asUser("ab-lead")
                .get("/api/v1/grants?objectType=incident&objectId=not-an-id")
                .then()
                .statusCode(400);
    }

    @Test
    void revokingKeepsTheGrantListedAndFreesItsPartnerAndGroup() {
        var partner = remotePartner("ab-admin", "Revoked partner " + UUID.randomUUID());
        var group = Api.asUser("ab-admin")
                .body("{\"name\": \"Revoked group %s\", \"members\": [\"%s\"]}".formatted(UUID.randomUUID(), partner))
                .post("/api/v1/sharing-groups")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        var incident = incident("AMBER");
        var direct = Api.asUser("ab-lead")
                .body(grantBody(incident, "partners", ", \"partners\": [\"%s\"]".formatted(partner)))
                .post("/api/v1/grants")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        var viaGroup = Api.asUser("ab-lead")
                .body(grantBody(incident, "group", ", \"group\": \"%s\"".formatted(group)))
                .post("/api/v1/grants")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");

        Api.asUser("ab-admin").delete("/api/v1/partners/" + partner).then().statusCode(409);
        Api.asUser("ab-admin").delete("/api/v1/sharing-groups/" + group).then().statusCode(409);

        Api.asUser("ab-lead").delete("/api/v1/grants/" + direct).then().statusCode(204);
        Api.asUser("ab-lead").delete("/api/v1/grants/" + viaGroup).then().statusCode(204);
        Api.asUser("ab-analyst")
                .get("/api/v1/grants?objectType=incident&objectId=" + incident)
                .then()
                .statusCode(200)
                .body("size()", equalTo(2))
                .body("revokedBy", not(hasItem(nullValue())))
                .body("revokedAt", not(hasItem(nullValue())));

        Api.asUser("ab-admin").delete("/api/v1/partners/" + partner).then().statusCode(204);
        Api.asUser("ab-admin")
                .get("/api/v1/sharing-groups/" + group)
                .then()
                .statusCode(200)
                .body("members", equalTo(List.of()));
        Api.asUser("ab-admin").delete("/api/v1/sharing-groups/" + group).then().statusCode(204);
    }
}
