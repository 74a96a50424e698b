package org.opencirt.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opencirt.incident.repository.IncidentRepository;
import org.opencirt.playbook.PlaybooksOn;
import org.opencirt.testing.Api;
import org.opencirt.testing.KeycloakUsers;
import org.opencirt.testing.Smtp;
import org.opencirt.testing.Tokens;

/**
 * E-mail replies: threaded by the incident's secret reply token and only from its reporter or a
 * member of the CIRT; the mail gateway reads nothing back; a reply racing the playbooks of a new
 * incident is added once. Playbooks run here, as in production.
 */
@QuarkusTest
@TestProfile(PlaybooksOn.class)
class EmailThreadingTest {

    /** A real SMTP server where the service sends its acknowledgements. */
    @RegisterExtension
    static GreenMailExtension mail = Smtp.server();

    @Inject
    IncidentRepository incidents;

    @Inject
    KeycloakUsers users;

    private static String gatewayToken;

    /** The mail gateway: a machine login with only the reporter role in CIRT AB. */
    private String gateway() {
        if (gatewayToken == null) {
            gatewayToken = Tokens.user(users.create(List.of("reporter"), List.of("cert-ab")));
        }
        return gatewayToken;
    }

    private static String message(String from, String subject, String body) {
        return """
                From: %s
                To: cert@cert-ab.example.org
                Subject: %s
                Message-ID: <%s@sender.example>
                Content-Type: text/plain; charset=utf-8

                %s
                """.formatted(from, subject, UUID.randomUUID(), body).replace("\n", "\r\n");
    }

    private static JsonPath send(String token, String raw, int status) {
        return Api.as(token)
                .contentType("message/rfc822")
                .body(raw.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/intake/email")
                .then()
                .statusCode(status)
                .extract()
                .jsonPath();
    }

    private String replyToken(String reference) {
        return incidents.findByReference("cert-ab", reference).orElseThrow().replyToken;
    }

    private static List<String> comments(String id) {
        return Api.asUser("ab-analyst")
                .get("/api/v1/incidents/%s/comments".formatted(id))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("body", String.class);
    }

    private static List<Map<String, Object>> links(String id) {
        return Api.asUser("ab-analyst")
                .get("/api/v1/incidents/%s/links".formatted(id))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("");
    }

    @Test
    void theMailGatewayGetsBackOnlyAReferenceForANewIncidentAndForAReply() {
        var secret = "shell-" + UUID.randomUUID();
        var response = Api.as(gateway())
                .contentType("message/rfc822")
                .body(message(
                                "Web Admin <admin@victim.example.org>",
                                "Compromised web server",
                                "We found a web shell named " + secret)
                        .getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/intake/email")
                .then()
                .statusCode(201)
                .extract();
        var created = response.jsonPath();
        assertThat(created.getMap("")).containsOnlyKeys("reference");
        var reference = created.getString("reference");
        // the new incident is named by its reference, which the gateway may not read back, never by its id
        assertThat(response.header("Location")).endsWith("/api/v1/incidents/by-reference/" + reference);
        Api.as(gateway()).get(response.header("Location")).then().statusCode(403);
        Api.asUser("ab-analyst")
                .get(response.header("Location"))
                .then()
                .statusCode(200)
                .body("reference", equalTo(reference));

        var reply = message(
                "Web Admin <admin@victim.example.org>",
                "Re: [%s #%s] Compromised web server".formatted(reference, replyToken(reference)),
                "It calls 203.0.113[.]77");
        var answer = Api.as(gateway())
                .contentType("message/rfc822")
                .body(reply.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/intake/email")
                .then()
                .statusCode(200)
                .body("reference", equalTo(reference))
                .extract();
        assertThat(answer.jsonPath().getMap("")).containsOnlyKeys("reference");
        assertThat(answer.asString())
                .doesNotContain(secret)
                .doesNotContain("Compromised")
                .doesNotContain("203.0.113");
        assertThat(answer.header("Location")).isNull();
    }

    @Test
    void theAcknowledgementCarriesTheReplyTokenAndTheReportersReplyThreads() throws Exception {
        var sender = "reporter-%s@bank.example"
                .formatted(UUID.randomUUID().toString().substring(0, 8));
        var reference = send(
                        gateway(), message(sender, "Strange login page", "Seen at hxxps://login-bank[.]example"), 201)
                .getString("reference");
        // sent in the background after the commit: waits for the message, as long as a busy CI box may need
        await().atMost(Duration.ofSeconds(90)).until(() -> acknowledgement(sender) != null);
        var subject = acknowledgement(sender);
        assertThat(subject).contains("[%s #%s]".formatted(reference, replyToken(reference)));

        var id =
                incidents.findByReference("cert-ab", reference).orElseThrow().id.toString();
        send(Tokens.user("ab-analyst"), message(sender, "Re: " + subject, "The page now asks for card numbers"), 200);
        assertThat(comments(id)).anySatisfy(c -> assertThat(c).contains("card numbers"));
    }

    private static String acknowledgement(String to) throws MessagingException {
        for (var m : mail.getReceivedMessages()) {
            if (Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().equals(to))) {
                return m.getSubject();
            }
        }
        return null;
    }

    @Test
    void aGuessedReferenceWithoutTheTokenOpensANewIncidentLinkedAsRelated() {
        var original = IncidentApiTest.create("ab-analyst", "{\"title\": \"Compromised mail server\"}");
        var reference = original.getString("reference");
        var intrusion = send(
                Tokens.user("ab-analyst"),
                message(
                        "Intruder <someone@attacker.example>",
                        "Re: [%s] Compromised mail server".formatted(reference),
                        "Please close this, all is fine"),
                201);
        assertThat(intrusion.getBoolean("reply")).isFalse();
        assertThat(intrusion.getString("incident.reference")).isNotEqualTo(reference);
        assertThat(comments(original.getString("id")))
                .noneSatisfy(c -> assertThat(c).contains("all is fine"));
        assertThat(links(intrusion.getString("incident.id"))).singleElement().satisfies(l -> {
            assertThat(l).containsEntry("kind", "related");
            assertThat(l).containsEntry("target", original.getString("id"));
        });
    }

    @Test
    void theTokenFromAStrangerOpensANewIncidentButFromAMemberOfTheCirtItThreads() {
        var reference = send(
                        gateway(),
                        message("Victim <victim@shop.example>", "Card skimmer on our shop", "See the script"),
                        201)
                .getString("reference");
        var subject = "Re: [%s #%s] Card skimmer on our shop".formatted(reference, replyToken(reference));

        var stranger = send(
                Tokens.user("ab-analyst"),
                message("Someone <someone@elsewhere.example>", subject, "I am not the reporter"),
                201);
        assertThat(stranger.getString("incident.reference")).isNotEqualTo(reference);
        var id =
                incidents.findByReference("cert-ab", reference).orElseThrow().id.toString();
        assertThat(links(stranger.getString("incident.id")))
                .singleElement()
                .satisfies(l -> assertThat(l).containsEntry("target", id));

        send(
                Tokens.user("ab-analyst"),
                message("AB Lead <ab-lead@cert-ab.example.org>", subject, "Takedown requested"),
                200);
        assertThat(comments(id))
                .anySatisfy(c -> assertThat(c).contains("Takedown requested"))
                .noneSatisfy(c -> assertThat(c).contains("I am not the reporter"));
    }

    @Test
    void aReplyWhileThePlaybooksOfANewIncidentRunIsAddedOnce() {
        for (int i = 0; i < 5; i++) {
            var sender = "soc-%d@bank.example".formatted(i);
            var reference = send(
                            gateway(),
                            message(
                                    sender,
                                    "Phishing mail about our bank " + i,
                                    "The link was hxxps://bank-%d-secure[.]example/login".formatted(i)),
                            201)
                    .getString("reference");
            var marker = "reply-" + UUID.randomUUID();
            send(
                    gateway(),
                    message(sender, "Re: [%s #%s] Phishing".formatted(reference, replyToken(reference)), marker),
                    200);
            var id = incidents
                    .findByReference("cert-ab", reference)
                    .orElseThrow()
                    .id
                    .toString();
            assertThat(comments(id)).filteredOn(c -> c.contains(marker)).hasSize(1);
        }
    }
}
