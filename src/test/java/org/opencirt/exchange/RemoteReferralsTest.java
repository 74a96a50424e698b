package org.opencirt.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.Keycloak;
import org.opencirt.console.ConsoleBrowser;
import org.opencirt.console.ConsoleRealm;
import org.opencirt.incident.IncidentApiTest;
import org.opencirt.testing.Api;
import org.opencirt.testing.Smtp;

/**
 * A referral to a remote partner travels by e-mail to the partner's contacts, through the real SMTP server of the test
 * stack: a message in plain words with the STIX 2.1 bundle of the chosen parts attached, and the referral ends
 * {@code delivered}. The TLP rules for a named partner hold, and only the sender's own remote partners may be named.
 */
@QuarkusTest
class RemoteReferralsTest {

    @Inject
    Keycloak keycloak;

    @BeforeEach
    void realmKnowsTheTestPort() {
        ConsoleRealm.syncFromRealmFile(keycloak);
    }

    @RegisterExtension
    static final GreenMailExtension SMTP = Smtp.server();

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String partner(String admin, String name, String contact) {
        return Api.asUser(admin)
                .body("{\"kind\": \"remote\", \"name\": \"%s\", \"country\": \"SN\", \"contacts\": [\"%s\"]}"
                        .formatted(name, contact))
                .post("/api/v1/partners")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static String incident(String tlp, String m) {
        return IncidentApiTest.create("ab-analyst", """
                        {"title": "Remote %1$s", "description": "Internal notes %1$s", "tlp": "%2$s", "type": "phishing",
                         "reporter": {"name": "Private Person", "email": "private-%1$s@victim.example"},
                         "observables": [{"value": "%1$s.example.org"}, {"value": "198.51.100.7"}]}""".formatted(m, tlp)).getString("id");
    }

    private static Optional<MimeMessage> receivedBy(String address) throws Exception {
        for (var message : SMTP.getReceivedMessages()) {
            if (Arrays.stream(message.getAllRecipients())
                    .anyMatch(r -> r.toString().equals(address))) {
                return Optional.of(message);
            }
        }
        return Optional.empty();
    }

    private static List<BodyPart> parts(Part part) throws Exception {
        var found = new ArrayList<BodyPart>();
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                found.add(multipart.getBodyPart(i));
                found.addAll(parts(multipart.getBodyPart(i)));
            }
        }
        return found;
    }

    @Test
    void thePartnersContactGetsTheChosenPartsAsAStixBundleAndTheReferralIsDelivered() throws Exception {
        var m = "rr" + UUID.randomUUID().toString().substring(0, 8);
        var contact = "soc-%s@ports-cert.example".formatted(m);
        var partner = partner("ab-admin", "Ports CERT " + m, contact);
        var original = incident("GREEN", m);

        var sent = Api.asUser("ab-analyst")
                .body(
                        "{\"incident\": \"%s\", \"partner\": \"%s\", \"parts\": [\"classification\", \"observables\"], \"note\": \"Your port's network %s\"}"
                                .formatted(original, partner, m))
                .post("/api/v1/referrals")
                .then()
                .statusCode(201)
                .body("to.partner", equalTo(partner))
                .body("to.name", equalTo("Ports CERT " + m))
                .body("delivery", equalTo("email"))
                .extract();
        var id = sent.<String>path("id");

        await().atMost(Duration.ofSeconds(90)).until(() -> receivedBy(contact).isPresent());
        var message = receivedBy(contact).orElseThrow();
        assertThat(message.getSubject()).startsWith("[TLP:GREEN] Referral from ");
        assertThat(message.getSubject()).doesNotContain("Remote " + m);
        var parts = parts(message);
        var text = parts.stream()
                .filter(p -> {
                    try {
                        return p.isMimeType("text/plain") && p.getFileName() == null;
                    } catch (Exception e) {
                        return false;
                    }
                })
                .findFirst()
                .orElseThrow();
        assertThat(text.getContent().toString())
                .contains("Your port's network " + m)
                .contains("TLP:GREEN");
        var attachment = parts.stream()
                .filter(p -> {
                    try {
                        return ("referral-" + id + ".json").equals(p.getFileName());
                    } catch (Exception e) {
                        return false;
                    }
                })
                .findFirst()
                .orElseThrow();
        assertThat(attachment.getContentType()).startsWith("application/stix+json");
        JsonNode bundle;
        try (var in = attachment.getInputStream()) {
            bundle = JSON.readTree(in);
        }
        assertThat(bundle.path("type").asText()).isEqualTo("bundle");
        var types = new ArrayList<String>();
        bundle.path("objects").forEach(o -> types.add(o.path("type").asText()));
        assertThat(types).contains("incident", "domain-name", "ipv4-addr");
        var incidentObject = findType(bundle, "incident");
        assertThat(incidentObject.path("labels").toString()).contains("phishing");
        // the summary was not chosen: no title, description or reference; never the reporter
        assertThat(bundle.toString())
                .doesNotContain("Remote " + m, "Internal notes", "private-" + m, "external_references")
                .contains(m + ".example.org", "198.51.100.7");

        await().atMost(Duration.ofSeconds(90))
                .until(() -> "delivered"
                        .equals(Api.asUser("ab-analyst")
                                .get("/api/v1/referrals/" + id)
                                .then()
                                .statusCode(200)
                                .extract()
                                .path("state")));
        assertThat(Api.asUser("ab-analyst")
                        .get("/api/v1/incidents/%s/timeline".formatted(original))
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("action", String.class))
                .contains("referred", "referral-delivered");
        assertThat(Api.asUser("ab-analyst")
                        .get("/api/v1/referrals?direction=outgoing")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("id", String.class))
                .contains(id);
        var page = new ConsoleBrowser().login("ab-analyst", "/console/incoming");
        var row = page.body().substring(page.body().indexOf("data-referral=\"" + id + "\""));
        assertThat(row.substring(0, row.indexOf("</tr>"))).contains("Ports CERT " + m, "Delivered", "email");
        // the recipient is not a CIRT of the platform: nobody here answers it
        Api.asUser("cd-analyst").get("/api/v1/referrals/" + id).then().statusCode(404);
        Api.asUser("ab-analyst")
                .post("/api/v1/referrals/%s/acceptance".formatted(id))
                .then()
                .statusCode(403);
        // delivered once: the same incident does not go again, one observable of it may
        Api.asUser("ab-analyst")
                .body("{\"incident\": \"%s\", \"partner\": \"%s\"}".formatted(original, partner))
                .post("/api/v1/referrals")
                .then()
                .statusCode(409);
        Api.asUser("ab-analyst")
                .body("{\"incident\": \"%s\", \"partner\": \"%s\", \"observable\": \"198.51.100.7\"}"
                        .formatted(original, partner))
                .post("/api/v1/referrals")
                .then()
                .statusCode(201)
                .body("observable", equalTo("198.51.100.7"))
                .body("parts", equalTo(List.of("observables")));
    }

    private static JsonNode findType(JsonNode bundle, String type) {
        for (var o : bundle.path("objects")) {
            if (type.equals(o.path("type").asText())) {
                return o;
            }
        }
        throw new AssertionError("no " + type + " in the bundle");
    }

    @Test
    void labelsThatMayNotGoToAPartnerAndOtherCirtsPartnersAreRefused() throws Exception {
        var m = "rx" + UUID.randomUUID().toString().substring(0, 8);
        var contact = "soc-%s@partner.example".formatted(m);
        var partner = partner("ab-admin", "Refused CERT " + m, contact);
        for (var tlp : List.of("AMBER+STRICT", "RED")) {
            Api.asUser("ab-analyst")
                    .body("{\"incident\": \"%s\", \"partner\": \"%s\"}".formatted(incident(tlp, m), partner))
                    .post("/api/v1/referrals")
                    .then()
                    .statusCode(400)
                    .body("errors[0].pointer", equalTo("/incident"))
                    .body("errors[0].message", containsString("TLP:" + tlp));
        }
        var green = incident("GREEN", m);
        Api.asUser("ab-analyst")
                .body("{\"incident\": \"%s\", \"partner\": \"%s\", \"cirt\": \"cert-cd\"}".formatted(green, partner))
                .post("/api/v1/referrals")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/cirt"));
        // B's partner is not A's
        var theirs = partner("cd-admin", "CD's CERT " + m, "soc-cd-%s@partner.example".formatted(m));
        Api.asUser("ab-analyst")
                .body("{\"incident\": \"%s\", \"partner\": \"%s\"}".formatted(green, theirs))
                .post("/api/v1/referrals")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/partner"))
                .body("errors[0].message", containsString("no partner"));
        // nothing left for the refused ones
        assertThat(receivedBy(contact)).isEmpty();
        assertThat(Api.asUser("ab-analyst")
                        .get("/api/v1/incidents/%s/timeline".formatted(green))
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("action", String.class))
                .doesNotContain("referred");
    }
}
