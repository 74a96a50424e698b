package org.opencirt.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencirt.incident.IncidentApiTest;
import org.opencirt.testing.Api;

/**
 * Referrals between the CIRTs of the platform: the recipient gets an incident of its own with the
 * parts chosen, accepts or declines it once, both timelines show each step, and the sender sees
 * the recipient's state but nothing else of its work; TLP caps what may be referred.
 */
@QuarkusTest
class ReferralsTest {

    private static String incident(String tlp, String marker) {
        return IncidentApiTest.create("ab-analyst", """
                        {"title": "Referred %1$s", "description": "Seen by %1$s", "tlp": "%2$s", "type": "phishing",
                         "reporter": {"name": "Private Person", "email": "private@victim.example"},
                         "observables": [{"value": "%1$s.example.org"}]}""".formatted(marker, tlp)).getString("id");
    }

    private static List<String> timeline(String user, String incident) {
        return Api.asUser(user)
                .get("/api/v1/incidents/%s/timeline".formatted(incident))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("action", String.class);
    }

    @Test
    void theRecipientGetsItsOwnIncidentAndTheSenderFollowsItsStateNotItsWork() {
        var marker = "rf" + UUID.randomUUID().toString().substring(0, 8);
        var original = incident("AMBER", marker);
        var sent = Api.asUser("ab-analyst")
                .body("{\"incident\": \"%s\", \"cirt\": \"cert-cd\", \"note\": \"Hosted in your constituency\"}"
                        .formatted(original))
                .post("/api/v1/referrals");
        sent.then().statusCode(201).body("state", equalTo("referred")).body("direction", equalTo("outgoing"));
        var id = sent.jsonPath().getString("id");
        assertThat(sent.header("Location")).endsWith("/api/v1/referrals/" + id);

        var incoming = Api.asUser("cd-analyst")
                .get("/api/v1/referrals/" + id)
                .then()
                .statusCode(200)
                .body("direction", equalTo("incoming"))
                .body("from.cirt", equalTo("cert-ab"))
                .extract()
                .jsonPath();
        var copy = incoming.getString("incident");
        assertThat(copy).isNotEqualTo(original);
        var received = Api.asUser("cd-analyst")
                .get("/api/v1/incidents/" + copy)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(received.getString("title")).isEqualTo("Referred " + marker);
        assertThat(received.getString("channel")).isEqualTo("referral");
        assertThat(received.getString("tlp")).isEqualTo("AMBER");
        assertThat(received.getString("description"))
                .contains("Hosted in your constituency")
                .contains("Seen by " + marker);
        assertThat(received.getList("observables.value", String.class)).contains(marker + ".example.org");
        assertThat(received.prettify()).doesNotContain("private@victim.example");
        assertThat(Api.asUser("cd-analyst")
                        .get("/api/v1/referrals?direction=incoming")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("id", String.class))
                .contains(id);

        // the recipient works on its incident; the sender sees its state, never its comments
        Api.asUser("cd-analyst")
                .body("{\"body\": \"CD internal %s\"}".formatted(marker))
                .post("/api/v1/incidents/%s/comments".formatted(copy))
                .then()
                .statusCode(201);
        Api.asUser("cd-analyst")
                .post("/api/v1/referrals/%s/acceptance".formatted(id))
                .then()
                .statusCode(200)
                .body("state", equalTo("accepted"));
        IncidentApiTest.move("cd-analyst", copy, "triaged");
        var outgoing = Api.asUser("ab-analyst")
                .get("/api/v1/referrals/" + id)
                .then()
                .statusCode(200)
                .extract();
        assertThat(outgoing.path("recipientState").toString()).isEqualTo("triaged");
        assertThat(outgoing.path("incident").toString()).isEqualTo(original);
        assertThat(outgoing.asString()).doesNotContain("CD internal");

        assertThat(timeline("ab-analyst", original)).contains("referred", "referral-accepted");
        assertThat(timeline("cd-analyst", copy)).contains("referral-accepted");
        // answered once, and only by the recipient
        Api.asUser("cd-analyst")
                .post("/api/v1/referrals/%s/decline".formatted(id))
                .then()
                .statusCode(409);
        Api.asUser("ab-analyst")
                .post("/api/v1/referrals/%s/acceptance".formatted(id))
                .then()
                .statusCode(403);
    }

    @Test
    void tlpAndTheRecipientAreCheckedAndAnIncidentGoesToACirtOnceUntilDeclined() {
        var marker = "rc" + UUID.randomUUID().toString().substring(0, 8);
        Api.asUser("ab-analyst")
                .body("{\"incident\": \"%s\", \"cirt\": \"cert-cd\"}".formatted(incident("RED", marker)))
                .post("/api/v1/referrals")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/incident"))
                .body("errors[0].message", containsString("TLP:RED"));
        var original = incident("GREEN", marker);
        for (var cirt : List.of("cert-ab", "cert-nowhere")) {
            Api.asUser("ab-analyst")
                    .body("{\"incident\": \"%s\", \"cirt\": \"%s\"}".formatted(original, cirt))
                    .post("/api/v1/referrals")
                    .then()
                    .statusCode(400)
                    .body("errors[0].pointer", equalTo("/cirt"));
        }
        Api.asUser("ab-analyst")
                .body("{\"incident\": \"%s\", \"cirt\": \"cert-cd\", \"parts\": [\"comments\"]}".formatted(original))
                .post("/api/v1/referrals")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/parts"));
        // CD cannot refer AB's incident
        Api.asUser("cd-analyst")
                .body("{\"incident\": \"%s\", \"cirt\": \"cert-ab\"}".formatted(original))
                .post("/api/v1/referrals")
                .then()
                .statusCode(404);

        var body = "{\"incident\": \"%s\", \"cirt\": \"cert-cd\", \"parts\": [\"observables\"]}".formatted(original);
        var id = Api.asUser("ab-analyst")
                .body(body)
                .post("/api/v1/referrals")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        Api.asUser("ab-analyst").body(body).post("/api/v1/referrals").then().statusCode(409);
        var copy = Api.asUser("cd-analyst")
                .get("/api/v1/referrals/" + id)
                .then()
                .extract()
                .<String>path("incident");
        // only the observables went: the title names the sender, not the original's
        Api.asUser("cd-analyst")
                .get("/api/v1/incidents/" + copy)
                .then()
                .statusCode(200)
                .body("title", containsString("Referred by"))
                .body("type", org.hamcrest.Matchers.nullValue());

        Api.asUser("cd-lead")
                .post("/api/v1/referrals/%s/decline".formatted(id))
                .then()
                .statusCode(200)
                .body("state", equalTo("declined"));
        assertThat(timeline("ab-analyst", original)).contains("referral-declined");
        Api.asUser("ab-analyst").body(body).post("/api/v1/referrals").then().statusCode(201);
        Api.asUser("ab-analyst")
                .get("/api/v1/referrals?direction=sideways")
                .then()
                .statusCode(400);
    }
}
