package org.opencirt.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.opencirt.console.ConsoleBrowser;
import org.opencirt.console.ConsoleRealm;
import org.opencirt.incident.IncidentApiTest;
import org.opencirt.testing.Api;

/**
 * A referral to a remote partner whose message no relay takes (nothing listens on the test SMTP port in this class)
 * is tried a bounded number of times, then ends {@code failed} with a plain reason code, and the incident's timeline
 * says so.
 */
@QuarkusTest
class RemoteReferralFailureTest {

    @Inject
    Keycloak keycloak;

    @BeforeEach
    void realmKnowsTheTestPort() {
        ConsoleRealm.syncFromRealmFile(keycloak);
    }

    @Test
    void aReferralNoRelayTakesEndsFailedWithAReasonCode() {
        var m = "rf" + UUID.randomUUID().toString().substring(0, 8);
        var partner = Api.asUser("ab-admin")
                .body(
                        "{\"kind\": \"remote\", \"name\": \"Unreachable CERT %1$s\", \"contacts\": [\"soc-%1$s@partner.example\"]}"
                                .formatted(m))
                .post("/api/v1/partners")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        var incident = IncidentApiTest.create(
                        "ab-analyst",
                        "{\"title\": \"Failing %1$s\", \"tlp\": \"CLEAR\", \"observables\": [{\"value\": \"%1$s.example\"}]}"
                                .formatted(m))
                .getString("id");
        var id = Api.asUser("ab-analyst")
                .body("{\"incident\": \"%s\", \"partner\": \"%s\"}".formatted(incident, partner))
                .post("/api/v1/referrals")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");

        await().atMost(Duration.ofSeconds(90))
                .until(() -> "failed"
                        .equals(Api.asUser("ab-analyst")
                                .get("/api/v1/referrals/" + id)
                                .then()
                                .extract()
                                .path("state")));
        var referral =
                Api.asUser("ab-analyst").get("/api/v1/referrals/" + id).then().extract();
        assertThat(referral.<String>path("failure")).isEqualTo("mail-server-unreachable");
        assertThat(referral.<String>path("deliveredAt")).isNull();
        assertThat(Api.asUser("ab-analyst")
                        .get("/api/v1/incidents/%s/timeline".formatted(incident))
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("action", String.class))
                .contains("referred", "referral-failed");
        // the sender's console lists it as not delivered, with the reason
        var console = new ConsoleBrowser();
        var page = console.login("ab-analyst", "/console/incoming");
        assertThat(page.status()).isEqualTo(200);
        var row = page.body().substring(page.body().indexOf("data-referral=\"" + id + "\""));
        assertThat(row.substring(0, row.indexOf("</tr>")))
                .contains("Unreachable CERT " + m, "Not delivered", "mail-server-unreachable");
        // a failed referral may be sent again
        Api.asUser("ab-analyst")
                .body("{\"incident\": \"%s\", \"partner\": \"%s\"}".formatted(incident, partner))
                .post("/api/v1/referrals")
                .then()
                .statusCode(201);
    }
}
