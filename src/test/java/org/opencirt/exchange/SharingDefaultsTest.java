package org.opencirt.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opencirt.incident.IncidentApiTest;
import org.opencirt.testing.Api;
import org.opencirt.testing.KeycloakUsers;

/**
 * Sharing defaults: a CIRT admin sets a default grant per TLP label, and each incident created with that label is
 * shared with its audience at once, within the same TLP rules as a grant. The CIRT is onboarded here, so that its
 * defaults share none of the incidents other tests create.
 */
@QuarkusTest
class SharingDefaultsTest {

    private static String cirt;
    private static String admin;
    private static String analyst;

    @Inject
    KeycloakUsers users;

    @BeforeEach
    void aCirtOfItsOwn() {
        if (cirt != null) {
            return;
        }
        var id = "cert-d" + UUID.randomUUID().toString().substring(0, 6);
        Api.asUser("platform-admin")
                .body("""
                {"id": "%1$s", "name": "Defaults %1$s", "countryCode": "WS", "contactEmail": "cert@%1$s.example.org",
                 "constituency": "A CIRT with sharing defaults"}
                """.formatted(id))
                .post("/api/v1/tenants")
                .then()
                .statusCode(201);
        admin = users.create(List.of("cirt-admin"), List.of(id));
        analyst = users.create(List.of("analyst"), List.of(id));
        cirt = id;
    }

    private static String remotePartner() {
        return Api.asUser(admin)
                .body("{\"kind\": \"remote\", \"name\": \"Default partner %s\"}".formatted(UUID.randomUUID()))
                .post("/api/v1/partners")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static String incident(String tlp) {
        return IncidentApiTest.create(
                        analyst, "{\"title\": \"Defaulted %s\", \"tlp\": \"%s\"}".formatted(UUID.randomUUID(), tlp))
                .getString("id");
    }

    private static List<java.util.Map<String, Object>> grantsOf(String incident) {
        return Api.asUser(analyst)
                .get("/api/v1/grants?objectType=incident&objectId=" + incident)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    @Test
    void anIncidentCreatedWithALabelIsSharedByItsDefaultAndNoOtherLabelIs() {
        var partner = remotePartner();
        Api.asUser(admin)
                .body("{\"audience\": \"partners\", \"partners\": [\"%s\"], \"parts\": [\"summary\"]}"
                        .formatted(partner))
                .put("/api/v1/sharing-defaults/AMBER")
                .then()
                .statusCode(201)
                .header("Location", containsString("/api/v1/sharing-defaults/AMBER"))
                .body("tlp", equalTo("AMBER"))
                .body("audience", equalTo("partners"))
                .body("partners", equalTo(List.of(partner)))
                .body("parts", equalTo(List.of("summary")));
        // a partner a default names cannot be removed
        Api.asUser(admin)
                .delete("/api/v1/partners/" + partner)
                .then()
                .statusCode(409)
                .body("detail", containsString("sharing default"));

        var amber = incident("AMBER");
        var grants = grantsOf(amber);
        assertThat(grants).hasSize(1);
        assertThat(grants.getFirst())
                .containsEntry("audience", "partners")
                .containsEntry("partners", List.of(partner))
                .containsEntry("parts", List.of("summary"))
                .containsEntry("grantedBy", "sharing-default");
        assertThat(grantsOf(incident("GREEN"))).isEmpty();

        // replacing the default answers 200; removing it stops sharing new incidents, and keeps what was shared
        Api.asUser(admin)
                .body("{\"audience\": \"partners\", \"partners\": [\"%s\"]}".formatted(partner))
                .put("/api/v1/sharing-defaults/amber")
                .then()
                .statusCode(200)
                .body("parts", equalTo(List.of("summary", "classification", "observables")));
        Api.asUser(analyst)
                .get("/api/v1/sharing-defaults")
                .then()
                .statusCode(200)
                .body("tlp", equalTo(List.of("AMBER")));
        Api.asUser(admin).delete("/api/v1/sharing-defaults/AMBER").then().statusCode(204);
        assertThat(grantsOf(incident("AMBER"))).isEmpty();
        assertThat(grantsOf(amber)).hasSize(1);
        Api.asUser(admin).get("/api/v1/sharing-defaults/AMBER").then().statusCode(404);
    }

    @Test
    void theLabelCapsADefaultAsItCapsAGrant() {
        Api.asUser(admin)
                .body("{\"audience\": \"community\"}")
                .put("/api/v1/sharing-defaults/AMBER")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/audience"))
                .body("errors[0].message", containsString("AMBER"));
        Api.asUser(admin)
                .body("{\"audience\": \"partners\", \"partners\": [\"%s\"]}".formatted(remotePartner()))
                .put("/api/v1/sharing-defaults/RED")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/audience"));
        Api.asUser(admin)
                .body("{\"audience\": \"community\"}")
                .put("/api/v1/sharing-defaults/PURPLE")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("tlp"));
        Api.asUser(admin)
                .body("{\"audience\": \"partners\", \"partners\": [\"%s\"]}".formatted(UUID.randomUUID()))
                .put("/api/v1/sharing-defaults/GREEN")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", containsString("/partners"));
        Api.asUser(admin).get("/api/v1/sharing-defaults/GREEN").then().statusCode(404);
    }

    @Test
    void onlyTheCirtAdminSetsDefaultsAndNoOtherCirtSeesThem() {
        Api.asUser(analyst)
                .body("{\"audience\": \"community\"}")
                .put("/api/v1/sharing-defaults/CLEAR")
                .then()
                .statusCode(403);
        Api.asUser(admin)
                .body("{\"audience\": \"community\"}")
                .put("/api/v1/sharing-defaults/CLEAR")
                .then()
                .statusCode(201);
        Api.asUser("cd-admin").get("/api/v1/sharing-defaults/CLEAR").then().statusCode(404);
        Api.asUser("cd-admin")
                .get("/api/v1/sharing-defaults")
                .then()
                .statusCode(200)
                .body("setBy.flatten()", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(admin)));
        Api.asUser(admin).delete("/api/v1/sharing-defaults/CLEAR").then().statusCode(204);
    }
}
