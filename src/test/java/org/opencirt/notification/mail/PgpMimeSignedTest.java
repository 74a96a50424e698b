package org.opencirt.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.opencirt.notification.mail.PgpMimeFixtures.NOW;
import static org.opencirt.notification.mail.PgpMimeFixtures.assertGoodGpgSignature;
import static org.opencirt.notification.mail.PgpMimeFixtures.letter;
import static org.opencirt.notification.mail.PgpMimeFixtures.signedParts;
import static org.opencirt.notification.mail.PgpMimeFixtures.signer;
import static org.opencirt.notification.mail.PgpMimeFixtures.verifyWithBouncyCastle;
import static org.opencirt.notification.mail.PgpMimeFixtures.verifyWithGpg;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PgpMimeSignedTest {

    private static final Session SESSION = Session.getInstance(new Properties());

    private static byte[] signedMessage() {
        return PgpMime.bytes(PgpMime.build(null, letter(), signer(), null, "cert.example", NOW));
    }

    private static MimeMessage parse(byte[] bytes) throws Exception {
        return new MimeMessage(SESSION, new ByteArrayInputStream(bytes));
    }

    @Test
    void aSignedMessageIsMultipartSignedOfTheContentThenTheSignature() throws Exception {
        var message = parse(signedMessage());

        assertThat(message.getContentType()).startsWith("multipart/signed");
        var signed = (MimeMultipart) message.getContent();
        assertThat(signed.getCount()).isEqualTo(2);
        var content = signed.getBodyPart(0);
        assertThat(content.getContentType()).startsWith("multipart/mixed");
        var mixed = (MimeMultipart) content.getContent();
        assertThat(mixed.getCount()).isEqualTo(3);
        var text = (MimeBodyPart) mixed.getBodyPart(0);
        assertThat(text.getContentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(text.getEncoding()).isEqualTo("quoted-printable");
        var csv = (MimeBodyPart) mixed.getBodyPart(1);
        assertThat(csv.getFileName()).isEqualTo("events.csv");
        assertThat(csv.getContentType()).startsWith("text/csv; charset=utf-8");
        assertThat(csv.getEncoding()).isEqualTo("base64");
        assertThat(csv.getInputStream().readAllBytes()).isEqualTo(PgpMimeFixtures.CSV);
        var signature = signed.getBodyPart(1);
        assertThat(signature.getContentType()).startsWith("application/pgp-signature");
        assertThat(new String(signature.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
                .startsWith("-----BEGIN PGP SIGNATURE-----");
    }

    @Test
    void theFirstPartAsTransmittedVerifiesWithBouncyCastle() {
        var verification = verifyWithBouncyCastle(signedParts(signedMessage()));

        assertThat(verification.valid()).as(verification.reason()).isTrue();
        assertThat(verification.signingFingerprint())
                .isEqualTo(PgpMimeFixtures.cirt().signingFingerprint());
        assertThat(verification.signedAt()).isEqualTo(NOW);
    }

    @Test
    void theFirstPartAsTransmittedVerifiesWithGpg() {
        assertGoodGpgSignature(verifyWithGpg(signedParts(signedMessage())));
    }

    @Test
    void aChangedByteInTheSignedPartFailsBothVerifications() {
        var parts = signedParts(signedMessage());
        var content = parts.content().clone();
        var at = PgpMimeFixtures.indexOf(content, "Bonjour".getBytes(StandardCharsets.US_ASCII), 0);
        content[at] = 'b';
        var tampered = new PgpMimeFixtures.Signed(content, parts.signature());

        assertThat(verifyWithBouncyCastle(tampered).valid()).isFalse();
        var gpg = verifyWithGpg(tampered);
        assertThat(gpg.exitCode()).isNotZero();
        assertThat(gpg.stdout()).contains("[GNUPG:] BADSIG").doesNotContain("GOODSIG");
    }

    @Test
    void theSignatureCoversTheFirstPartsHeadersToo() {
        var parts = signedParts(signedMessage());
        var content = parts.content().clone();
        var at = PgpMimeFixtures.indexOf(content, "multipart/mixed".getBytes(StandardCharsets.US_ASCII), 0);
        assertThat(at).isLessThan(20);
        content[at + "multipart/".length()] = 'M';

        assertThat(verifyWithBouncyCastle(new PgpMimeFixtures.Signed(content, parts.signature()))
                        .valid())
                .isFalse();
        assertThat(verifyWithGpg(new PgpMimeFixtures.Signed(content, parts.signature()))
                        .exitCode())
                .isNotZero();
    }

    @Test
    void frenchAndArabicTextSubjectAndFileNamesSurvive() throws Exception {
        var message = parse(signedMessage());

        assertThat(message.getSubject()).isEqualTo("Hôtes vulnérables — أجهزة معرضة للخطر [OC-2026-0042]");
        var mixed = (MimeMultipart)
                ((MimeMultipart) message.getContent()).getBodyPart(0).getContent();
        assertThat(new String(mixed.getBodyPart(0).getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEqualTo(PgpMimeFixtures.TEXT.replace("\n", "\r\n"));
        assertThat(MimeUtility.decodeText(mixed.getBodyPart(2).getFileName())).isEqualTo("événements-أحداث.csv");
        assertThat(new String(mixed.getBodyPart(2).getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("ligne 1\nligne 2 — é");
        assertThat(((jakarta.mail.internet.InternetAddress) message.getFrom()[0]).getPersonal())
                .isEqualTo("CERT Exemple — فريق");
    }

    @Test
    void theMessageIsSevenBitWithCrlfLineEndsAndShortLines() {
        var bytes = signedMessage();

        for (int i = 0; i < bytes.length; i++) {
            assertThat(bytes[i] & 0xff).as("byte %d", i).isLessThan(128);
            if (bytes[i] == '\n') {
                assertThat(bytes[i - 1]).as("LF at %d preceded by CR", i).isEqualTo((byte) '\r');
            }
            if (bytes[i] == '\r') {
                assertThat(bytes[i + 1]).as("CR at %d followed by LF", i).isEqualTo((byte) '\n');
            }
        }
        var lines = new String(bytes, StandardCharsets.US_ASCII).split("\r\n");
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(78));
    }

    @Test
    void theSignedTextHasNoTrailingBlankNoFromLineAndNoLoneDot() {
        var content = new String(signedParts(signedMessage()).content(), StandardCharsets.US_ASCII);

        assertThat(content.split("\r\n"))
                .noneMatch(line -> line.endsWith(" ") || line.endsWith("\t"))
                .noneMatch(line -> line.startsWith("From "))
                .noneMatch(line -> line.equals("."));
        assertThat(content).contains("\r\n=46rom the CERT: please patch.  =09\r\n=2E\r\n");
    }

    @Test
    void messageIdDateAndTheExtraHeadersAreThoseGiven() throws Exception {
        var message = parse(signedMessage());

        assertThat(message.getMessageID()).matches("<[0-9a-f]{32}@cert\\.example>");
        assertThat(message.getSentDate().toInstant()).isEqualTo(NOW);
        assertThat(message.getHeader("Date")[0]).endsWith("+0000");
        assertThat(message.getHeader("X-OpenCIRT-Reference")).containsExactly("OC-2026-0042");
        assertThat(message.getHeader("References")).containsExactly("<OC-2026-0042@cert.example>");
        assertThat(message.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        assertThat(message.getHeader("MIME-Version")).containsExactly("1.0");
        assertThat(message.getRecipients(MimeMessage.RecipientType.TO))
                .extracting(Object::toString)
                .containsExactly("abuse@isp.example");
    }

    @Test
    void savingChangesAgainAsSendingDoesLeavesTheBytesAlone() throws Exception {
        var message = PgpMime.build(null, letter(), signer(), null, "cert.example", NOW);
        var before = PgpMime.bytes(message);

        message.saveChanges();

        assertThat(PgpMime.bytes(message)).isEqualTo(before);
    }

    @Test
    void aTextWithoutAttachmentsIsSignedToo() {
        var bytes =
                PgpMime.bytes(PgpMime.build(null, letter("Court.", List.of()), signer(), null, "cert.example", NOW));

        var parts = signedParts(bytes);
        assertThat(verifyWithBouncyCastle(parts).valid()).isTrue();
        assertGoodGpgSignature(verifyWithGpg(parts));
    }

    @Test
    void aHeaderTheMessageWritesOrAValueOnTwoLinesIsRefused() {
        var subject = new PgpMime.Letter(
                letter().from(),
                letter().to(),
                "s",
                List.of(new PgpMime.Header("Content-Type", "text/html")),
                "t",
                List.of());
        var injected = new PgpMime.Letter(
                letter().from(),
                letter().to(),
                "s",
                List.of(new PgpMime.Header("X-OpenCIRT-Reference", "a\r\nBcc: x@example.org")),
                "t",
                List.of());

        assertThatThrownBy(() -> PgpMime.build(null, subject, signer(), null, "cert.example", NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Content-Type");
        assertThatThrownBy(() -> PgpMime.build(null, injected, signer(), null, "cert.example", NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one line");
        assertThatThrownBy(() -> PgpMime.build(null, letter(), signer(), null, "cert.example>\r\nBcc: x", NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aGroupAsTheRecipientIsRefused() throws Exception {
        var group = new jakarta.mail.internet.InternetAddress("isp: a@isp.example, b@isp.example;");
        var letter = new PgpMime.Letter(letter().from(), group, "s", List.of(), "t", List.of());

        assertThatThrownBy(() -> PgpMime.build(null, letter, signer(), null, "cert.example", NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one mailbox");
    }

    @Test
    void anAttachmentNamedWithAPathIsRefused() {
        var letter = letter("t", List.of(new PgpMime.Attachment("../etc/passwd", "text/plain", new byte[0])));

        assertThatThrownBy(() -> PgpMime.build(null, letter, signer(), null, "cert.example", NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no path");
    }
}
