package org.opencirt.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencirt.notification.mail.PgpMimeFixtures.NOW;
import static org.opencirt.notification.mail.PgpMimeFixtures.assertGoodGpgSignature;
import static org.opencirt.notification.mail.PgpMimeFixtures.letter;
import static org.opencirt.notification.mail.PgpMimeFixtures.signedParts;
import static org.opencirt.notification.mail.PgpMimeFixtures.signer;
import static org.opencirt.notification.mail.PgpMimeFixtures.verifyWithBouncyCastle;
import static org.opencirt.notification.mail.PgpMimeFixtures.verifyWithGpg;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.opencirt.advisory.Gpg;
import org.opencirt.advisory.signing.OpenPgp;
import org.opencirt.common.crypto.RecipientKey;

class PgpMimeEncryptedTest {

    static byte[] encryptedMessage() {
        var contact = RecipientKey.read(PgpMimeFixtures.armor(OpenPgp.publicRing(PgpMimeFixtures.contact())), NOW);
        return PgpMime.bytes(PgpMime.build(null, letter(), signer(), contact.encryptionKey(), "cert.example", NOW));
    }

    /** What {@code gpg --decrypt} makes of the armored OpenPGP message, with the contact's secret key imported. */
    static DecryptedByGpg decryptWithGpg(String armoredMessage) throws Exception {
        try (var gpg = new Gpg()) {
            var imported = gpg.run(
                    List.of("--pinentry-mode", "loopback", "--import"),
                    PgpMimeFixtures.armorSecret(PgpMimeFixtures.contact()).getBytes(StandardCharsets.US_ASCII));
            assertThat(imported.exitCode()).as(imported.stderr()).isZero();
            var output = gpg.home().resolve("decrypted.eml");
            var result = gpg.run(
                    List.of(
                            "--pinentry-mode",
                            "loopback",
                            "--status-fd",
                            "1",
                            "--output",
                            output.toString(),
                            "--decrypt"),
                    armoredMessage.getBytes(StandardCharsets.US_ASCII));
            return new DecryptedByGpg(result, Files.exists(output) ? Files.readAllBytes(output) : null);
        }
    }

    record DecryptedByGpg(Gpg.Result result, byte[] plaintext) {}

    /** The armored OpenPGP message of a multipart/encrypted message, its parts checked. */
    static String encryptedPayload(byte[] message) {
        var multipart = PgpMimeFixtures.split(message);
        assertThat(multipart.contentType().getBaseType()).isEqualTo("multipart/encrypted");
        assertThat(multipart.contentType().getParameter("protocol")).isEqualTo("application/pgp-encrypted");
        assertThat(multipart.parts()).hasSize(2);
        var version = new String(multipart.parts().get(0), StandardCharsets.US_ASCII);
        assertThat(version)
                .startsWith("Content-Type: application/pgp-encrypted\r\n")
                .endsWith("\r\n\r\nVersion: 1\r\n");
        var payload = new String(multipart.parts().get(1), StandardCharsets.US_ASCII);
        assertThat(payload).startsWith("Content-Type: application/octet-stream");
        return payload.substring(payload.indexOf("\r\n\r\n") + 4);
    }

    @Test
    void anEncryptedMessageIsMultipartEncryptedOfTheVersionThenAnArmoredMessage() throws Exception {
        var bytes = encryptedMessage();
        var payload = encryptedPayload(bytes);

        assertThat(payload).startsWith("-----BEGIN PGP MESSAGE-----\r\n").endsWith("-----END PGP MESSAGE-----");
        var parsed = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
        assertThat(parsed.getContentType()).startsWith("multipart/encrypted");
        assertThat(((MimeMultipart) parsed.getContent()).getCount()).isEqualTo(2);
        assertThat(parsed.getSubject()).isEqualTo(letter().subject());
        var text = new String(bytes, StandardCharsets.US_ASCII);
        assertThat(text).doesNotContain("Bonjour").doesNotContain("192.0.2.10").doesNotContain("events.csv");
    }

    @Test
    void gpgDecryptsItWithTheContactsKeyAsAes256WithIntegrityAndTheInnerSignedEntityVerifies() throws Exception {
        var decrypted = decryptWithGpg(encryptedPayload(encryptedMessage()));

        assertThat(decrypted.result().exitCode())
                .as(decrypted.result().stderr())
                .isZero();
        assertThat(decrypted.result().stdout())
                .contains("[GNUPG:] DECRYPTION_OKAY")
                .contains("[GNUPG:] GOODMDC")
                .contains("[GNUPG:] DECRYPTION_INFO 2 9"); // MDC, AES-256
        assertThat(decrypted.result().stderr()).doesNotContain("not integrity protected");
        var inner = signedParts(decrypted.plaintext());
        var verification = verifyWithBouncyCastle(inner);
        assertThat(verification.valid()).as(verification.reason()).isTrue();
        assertGoodGpgSignature(verifyWithGpg(inner));
        var parsed =
                new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(decrypted.plaintext()));
        var mixed = (MimeMultipart)
                ((MimeMultipart) parsed.getContent()).getBodyPart(0).getContent();
        assertThat(new String(mixed.getBodyPart(0).getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("مرحبا، لقد لاحظنا أجهزة معرضة للخطر في شبكتكم.")
                .contains("Nous avons observé des hôtes vulnérables");
        assertThat(mixed.getBodyPart(1).getInputStream().readAllBytes()).isEqualTo(PgpMimeFixtures.CSV);
    }

    @Test
    void anotherKeyCannotDecryptIt() throws Exception {
        var payload = encryptedPayload(encryptedMessage());
        try (var gpg = new Gpg()) {
            var other = PgpMimeFixtures.contactKey("Other <other@example.org>", false, NOW.minusSeconds(60), 0, true);
            gpg.run(List.of("--import"), PgpMimeFixtures.armorSecret(other).getBytes(StandardCharsets.US_ASCII));

            var result = gpg.run(
                    List.of("--pinentry-mode", "loopback", "--decrypt"), payload.getBytes(StandardCharsets.US_ASCII));

            assertThat(result.exitCode()).isNotZero();
            assertThat(result.stdout()).doesNotContain("Bonjour");
        }
    }
}
