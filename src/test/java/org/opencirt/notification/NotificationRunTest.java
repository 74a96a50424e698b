package org.opencirt.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opencirt.advisory.Gpg;
import org.opencirt.advisory.service.SigningKeyService;
import org.opencirt.common.Tlp;
import org.opencirt.incident.service.ConstituentEvents;
import org.opencirt.incident.service.ConstituentEvents.EventInput;
import org.opencirt.notification.mail.PgpMimeFixtures;
import org.opencirt.tenant.constituency.ConstituencyService;
import org.opencirt.testing.Api;
import org.opencirt.testing.Smtp;

/** A notification run tells each contact of its constituent's events, once, within what the sources allow. */
@QuarkusTest
class NotificationRunTest {

    @RegisterExtension
    static final GreenMailExtension MAIL = Smtp.server();

    @Inject
    ConstituentEvents events;

    @Inject
    ConstituencyService constituency;

    @Inject
    SigningKeyService signingKeys;

    private static String resource(String path) {
        try (var in = NotificationRunTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EventInput event(String ip, String reportType, String classification) {
        var fields = new LinkedHashMap<String, String>();
        fields.put("tag", "=HYPERLINK(\"http://evil.example\")");
        return new EventInput(
                UUID.randomUUID().toString().replace("-", ""),
                reportType,
                classification,
                "open-" + reportType,
                Instant.parse("2026-12-07T03:12:44Z"),
                ip,
                3389,
                "tcp",
                "AS64496",
                null,
                fields);
    }

    private static byte[] bytes(MimeMessage message) throws Exception {
        var out = new ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    private List<MimeMessage> receivedBy(String address) throws Exception {
        var found = new java.util.ArrayList<MimeMessage>();
        for (var message : MAIL.getReceivedMessages()) {
            if (message.getAllRecipients()[0].toString().equals(address)) {
                found.add(message);
            }
        }
        return found;
    }

    @Test
    void eachContactGetsOneSignedMessageInItsLanguageOnceAndOnlyWhatTheSourcesAllow() throws Exception {
        var net = "2001:db8:%x".formatted(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        var tag = UUID.randomUUID().toString().substring(0, 8);
        var encrypted = "abuse-%s@isp.example".formatted(tag);
        var plain = "noc-%s@isp.example".formatted(tag);
        var constituent = Api.asUser("cd-admin")
                .body(Map.of(
                        "name", "Notified ISP " + tag,
                        "entries", List.of(Map.of("kind", "network", "value", net + "::/48")),
                        "contacts",
                                List.of(
                                        Map.of(
                                                "email",
                                                encrypted,
                                                "language",
                                                "fr",
                                                "cadence",
                                                "immediate",
                                                "openpgpKey",
                                                resource("/openpgp/contact-public.asc")),
                                        Map.of("email", plain, "language", "ar", "format", "json"))))
                .post("/api/v1/constituents")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        // a feed whose AMBER data may go to the affected party
        var feed = "pass-" + tag;
        Api.asUser("cd-admin")
                .contentType("application/yaml")
                .body("""
                        id: %s
                        name: Reports that may be passed on
                        url: http://127.0.0.1:9/2026-12-07-scan_rdp-country-geo.csv
                        format: shadowserver
                        pass-on: {amber-to-affected: true}
                        """.formatted(feed))
                .post("/api/v1/feeds")
                .then()
                .statusCode(201);
        var owners = constituency.owners("cert-cd");
        events.record(
                "cert-cd",
                feed,
                Tlp.AMBER,
                List.of(
                        event(net + "::1", "scan_rdp", "potentially-unwanted-accessible"),
                        event(net + "::2", "scan_rdp", "potentially-unwanted-accessible")),
                owners);
        events.record(
                "cert-cd",
                "unknown-" + tag,
                Tlp.GREEN,
                List.of(event(net + "::3", "scan_smb", "vulnerable-system")),
                owners);
        // AMBER from a source that does not allow it, and RED: never sent
        events.record(
                "cert-cd",
                "other-" + tag,
                Tlp.AMBER,
                List.of(event(net + "::4", "scan_vnc", "potentially-unwanted-accessible")),
                owners);
        events.record(
                "cert-cd",
                feed,
                Tlp.RED,
                List.of(event(net + "::5", "scan_ftp", "potentially-unwanted-accessible")),
                owners);

        // a dry run shows the messages and sends nothing
        var dry = Api.asUser("cd-lead")
                .queryParam("dryRun", true)
                .post("/api/v1/notification-runs")
                .then()
                .statusCode(201)
                .body("dryRun", equalTo(true))
                .body("status", equalTo("succeeded"))
                .extract()
                .jsonPath();
        var preview = dry.getMap("notifications.find { it.email == '%s' }".formatted(encrypted));
        assertThat(preview.get("events")).isEqualTo(3);
        assertThat(preview.get("encrypted")).isEqualTo(true);
        assertThat((String) preview.get("text"))
                .contains("Bonjour")
                .contains("3 événement(s)")
                .contains("scan_rdp");
        assertThat((String) dry.getMap("notifications.find { it.email == '%s' }".formatted(plain))
                        .get("text"))
                .contains("مرحبًا");
        assertThat(dry.getInt("withheld")).isGreaterThanOrEqualTo(4);
        assertThat(receivedBy(encrypted)).isEmpty();

        var run = Api.asUser("cd-lead")
                .post("/api/v1/notification-runs")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        var sent = run.getMap("notifications.find { it.email == '%s' }".formatted(encrypted));
        assertThat(sent.get("status")).isEqualTo("sent");
        var reference = (String) sent.get("reference");
        assertThat(reference).startsWith("CERT-CD-N-");

        // the encrypted one: gpg decrypts it with the contact's key, and the CIRT's signature inside holds
        var toEncrypted = receivedBy(encrypted);
        assertThat(toEncrypted).hasSize(1);
        assertThat(toEncrypted.getFirst().getSubject()).startsWith("[" + reference + "]");
        var outer = PgpMimeFixtures.split(bytes(toEncrypted.getFirst()));
        assertThat(outer.contentType().getBaseType()).isEqualTo("multipart/encrypted");
        var armored = new String(outer.parts().get(1), StandardCharsets.US_ASCII);
        armored = armored.substring(armored.indexOf("\r\n\r\n") + 4);
        byte[] inner;
        try (var gpg = new Gpg()) {
            var imported = gpg.run(
                    List.of("--pinentry-mode", "loopback", "--import"),
                    resource("/openpgp/contact-secret.asc").getBytes(StandardCharsets.US_ASCII));
            assertThat(imported.exitCode()).as(imported.stderr()).isZero();
            var output = gpg.home().resolve("decrypted.eml");
            var decrypted = gpg.run(
                    List.of("--pinentry-mode", "loopback", "--output", output.toString(), "--decrypt"),
                    armored.getBytes(StandardCharsets.US_ASCII));
            assertThat(decrypted.exitCode()).as(decrypted.stderr()).isZero();
            inner = Files.readAllBytes(output);
        }
        var signed = PgpMimeFixtures.signedParts(inner);
        try (var gpg = new Gpg()) {
            signingKeys.publicKeysArmored("cert-cd").forEach(gpg::importKey);
            var verified = gpg.verify(signed.content(), signed.signature());
            assertThat(verified.exitCode()).as(verified.stderr()).isZero();
            assertThat(verified.stdout()).contains("[GNUPG:] GOODSIG");
        }
        var content = new String(signed.content(), StandardCharsets.UTF_8);
        assertThat(content).contains("text/csv");

        // the plain one: signed, its JSON attachment holds the three events that may go, the formula kept as text
        var toPlain = receivedBy(plain);
        assertThat(toPlain).hasSize(1);
        var plainSigned = PgpMimeFixtures.signedParts(bytes(toPlain.getFirst()));
        try (var gpg = new Gpg()) {
            signingKeys.publicKeysArmored("cert-cd").forEach(gpg::importKey);
            assertThat(gpg.verify(plainSigned.content(), plainSigned.signature())
                            .exitCode())
                    .isZero();
        }
        var parts = PgpMimeFixtures.split(plainSigned.content());
        var attachment = new String(parts.parts().get(1), StandardCharsets.US_ASCII);
        var json = new String(
                java.util.Base64.getMimeDecoder().decode(attachment.substring(attachment.indexOf("\r\n\r\n") + 4)),
                StandardCharsets.UTF_8);
        var listed = new ObjectMapper().readTree(json);
        assertThat(listed).hasSize(3);
        assertThat(json).doesNotContain(net + "::4").doesNotContain(net + "::5");

        // recorded: the run, the constituent's messages, the incidents' timelines, the audit trail
        Api.asUser("cd-analyst")
                .queryParam("constituent", constituent)
                .get("/api/v1/notifications")
                .then()
                .statusCode(200)
                .body("", hasSize(2))
                .body("reference", hasItem(reference));
        var incident = Api.asUser("cd-analyst")
                .queryParam("constituent", constituent)
                .queryParam("reportType", "scan_rdp")
                .get("/api/v1/constituent-events")
                .then()
                .extract()
                .jsonPath()
                .getString("items[0].incident");
        Api.asUser("cd-analyst")
                .get("/api/v1/incidents/%s/timeline".formatted(incident))
                .then()
                .statusCode(200)
                .body("action", hasItem("notified"));
        Api.asUser("cd-lead")
                .queryParam("action", "notification.sent")
                .queryParam("objectId", reference)
                .get("/api/v1/audit")
                .then()
                .statusCode(200)
                .body("entries", hasSize(1));

        // again: nothing new for the immediate contact, the daily one is not due
        var again = Api.asUser("cd-lead")
                .post("/api/v1/notification-runs")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        assertThat(again.getList("notifications.email")).doesNotContain(encrypted, plain);
        assertThat(receivedBy(encrypted)).hasSize(1);

        // the contact answers: its reply goes to the incidents the notification was about
        Api.asUser("cd-analyst")
                .contentType("message/rfc822")
                .body("""
                        From: %s\r
                        To: cert@cert-cd.example.org\r
                        Subject: Re: [%s] fixed\r
                        \r
                        We closed RDP on these hosts.\r
                        """.formatted(encrypted, reference).getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/intake/email")
                .then()
                .statusCode(200)
                .body("outcome", equalTo("notification-reply"));
        Api.asUser("cd-analyst")
                .get("/api/v1/incidents/%s/comments".formatted(incident))
                .then()
                .statusCode(200)
                .body("body", hasItem(containsString("We closed RDP on these hosts.")));
        // the other address bounces for good: its contact is marked and is not notified again
        Api.asUser("cd-analyst")
                .contentType("message/rfc822")
                .body(resource("/email/bounces/postfix-dsn-user-unknown.eml")
                        .replace("soc@bank.example", plain)
                        .getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/intake/email")
                .then()
                .statusCode(202)
                .body("outcome", equalTo("bounce"));
        Api.asUser("cd-analyst")
                .get("/api/v1/constituents/" + constituent)
                .then()
                .body("contacts.find { it.email == '%s' }.bouncedAt".formatted(plain), notNullValue())
                .body("contacts.find { it.email == '%s' }.bounceReason".formatted(plain), containsString("5.1.1"))
                .body("contacts.find { it.email == '%s' }.bouncedAt".formatted(encrypted), nullValue());

        // another CIRT sees none of it
        Api.asUser("ab-lead")
                .get("/api/v1/notification-runs/" + run.getString("id"))
                .then()
                .statusCode(404);
        Api.asUser("ab-analyst")
                .queryParam("constituent", constituent)
                .get("/api/v1/notifications")
                .then()
                .statusCode(404);
        Api.asUser("cd-analyst").post("/api/v1/notification-runs").then().statusCode(403);
    }
}
