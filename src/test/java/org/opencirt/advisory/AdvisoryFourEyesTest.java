package org.opencirt.advisory;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.Api;
import org.opencirt.testing.KeycloakUsers;

/**
 * Four eyes on publication: no author of a version (who wrote, edited or submitted it) publishes it,
 * unless the CIRT admin turns on single-person publishing; each version records who published it and
 * whether four eyes were waived.
 */
@QuarkusTest
class AdvisoryFourEyesTest {

    static final String FORBIDDEN = "https://opencirt.org/problems/forbidden";

    @Inject
    KeycloakUsers users;

    private static String inReview(String author, String submitter) {
        var id = Advisories.createDraft(
                        author, Advisories.form("Four eyes " + UUID.randomUUID(), "WHITE", Advisories.uniqueCve()))
                .getString("id");
        Api.asUser(submitter)
                .post("/api/v1/advisories/" + id + "/submission")
                .then()
                .statusCode(200);
        return id;
    }

    private static void refusedToPublish(String lead, String id) {
        Api.asUser(lead)
                .post("/api/v1/advisories/" + id + "/publication")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo(FORBIDDEN))
                .body("detail", containsString("Four eyes"))
                .body("detail", containsString("another lead must publish it"));
        Api.asUser(lead)
                .get("/api/v1/advisories/" + id)
                .then()
                .statusCode(200)
                .body("state", equalTo("in_review"))
                .body("publishedVersion", equalTo(0));
        Api.asUser(lead)
                .get("/api/v1/advisories/" + id + "/versions")
                .then()
                .statusCode(200)
                .body("$", hasSize(0));
    }

    @Test
    void aLeadCannotPublishAnAdvisoryTheyWroteAndSubmitted() {
        refusedToPublish("ab-lead", inReview("ab-lead", "ab-lead"));
    }

    @Test
    void aLeadCannotPublishAnAdvisoryTheyOnlySubmitted() {
        refusedToPublish("ab-lead", inReview("ab-analyst", "ab-lead"));
    }

    @Test
    void aLeadWhoEditedTheVersionCannotPublishItButASecondLeadCan() {
        var id = Advisories.createDraft(
                        "ab-analyst", Advisories.form("Edited by a lead", "WHITE", Advisories.uniqueCve()))
                .getString("id");
        Api.asUser("ab-lead")
                .body(Advisories.form("Edited by a lead, v2", "WHITE", Advisories.uniqueCve()))
                .put("/api/v1/advisories/" + id + "/form")
                .then()
                .statusCode(200)
                .body("draftEditors", equalTo(List.of("ab-analyst", "ab-lead")));
        Api.asUser("ab-analyst")
                .post("/api/v1/advisories/" + id + "/submission")
                .then()
                .statusCode(200);
        refusedToPublish("ab-lead", id);

        var secondLead = users.create(List.of("lead"), List.of("cert-ab"));
        Api.asUser(secondLead)
                .post("/api/v1/advisories/" + id + "/publication")
                .then()
                .statusCode(201)
                .body("publishedBy", equalTo(secondLead))
                .body("submittedBy", equalTo("ab-analyst"))
                .body("fourEyesWaived", equalTo(false));
        Api.asUser("ab-lead")
                .get("/api/v1/advisories/" + id)
                .then()
                .body("state", equalTo("published"))
                .body("draftEditors", hasSize(0));
    }

    @Test
    void theNextVersionHasItsOwnAuthors() {
        // ab-lead wrote version 1 (a second lead published it); version 2 is edited by the analyst only
        var secondLead = users.create(List.of("lead"), List.of("cert-ab"));
        var id = inReview("ab-lead", "ab-lead");
        Api.asUser(secondLead)
                .post("/api/v1/advisories/" + id + "/publication")
                .then()
                .statusCode(201);
        Api.asUser("ab-analyst")
                .body(Advisories.form("Version 2", "WHITE", Advisories.uniqueCve()))
                .put("/api/v1/advisories/" + id + "/form")
                .then()
                .statusCode(200)
                .body("draftEditors", equalTo(List.of("ab-analyst")));
        Api.asUser("ab-analyst")
                .post("/api/v1/advisories/" + id + "/submission")
                .then()
                .statusCode(200);
        Api.asUser("ab-lead")
                .post("/api/v1/advisories/" + id + "/publication")
                .then()
                .statusCode(201)
                .body("number", equalTo(2))
                .body("publishedBy", equalTo("ab-lead"))
                .body("fourEyesWaived", equalTo(false));
    }

    @Test
    void withSinglePersonPublishingTheAuthorPublishesAndTheWaiverIsRecorded() {
        var cirt = "cert-fe" + UUID.randomUUID().toString().substring(0, 6);
        Api.asUser("platform-admin")
                .body("""
                {"id": "%s", "name": "CERT Small", "countryCode": "WS", "contactEmail": "cert@%s.example.org"}
                """.formatted(cirt, cirt))
                .post("/api/v1/tenants")
                .then()
                .statusCode(201);
        var lead = users.create(List.of("lead"), List.of(cirt));
        var admin = users.create(List.of("cirt-admin"), List.of(cirt));

        Api.asUser(lead)
                .get("/api/v1/advisory-settings")
                .then()
                .statusCode(200)
                .body("singlePersonPublishing", equalTo(false));
        var first = inReview(lead, lead);
        refusedToPublish(lead, first);

        Api.asUser(lead)
                .body("{\"singlePersonPublishing\": true}")
                .put("/api/v1/advisory-settings")
                .then()
                .statusCode(403);
        Api.asUser(admin).body("{}").put("/api/v1/advisory-settings").then().statusCode(400);
        Api.asUser(admin)
                .body("{\"singlePersonPublishing\": true}")
                .put("/api/v1/advisory-settings")
                .then()
                .statusCode(200)
                .body("singlePersonPublishing", equalTo(true))
                .body("updatedBy", equalTo(admin));
        // the setting is the CIRT's own: CERT-AB still needs four eyes
        Api.asUser("ab-lead")
                .get("/api/v1/advisory-settings")
                .then()
                .statusCode(200)
                .body("singlePersonPublishing", equalTo(false));
        refusedToPublish("ab-lead", inReview("ab-lead", "ab-lead"));

        Api.asUser(lead)
                .post("/api/v1/advisories/" + first + "/publication")
                .then()
                .statusCode(201)
                .body("publishedBy", equalTo(lead))
                .body("fourEyesWaived", equalTo(true));
        Api.asUser(lead)
                .get("/api/v1/advisories/" + first + "/versions")
                .then()
                .statusCode(200)
                .body("[0].publishedBy", equalTo(lead))
                .body("[0].fourEyesWaived", equalTo(true));

        Api.asUser(admin)
                .body("{\"singlePersonPublishing\": false}")
                .put("/api/v1/advisory-settings")
                .then()
                .statusCode(200);
        refusedToPublish(lead, inReview(lead, lead));
    }
}
