package org.opencirt.incident.email;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencirt.incident.email.InvalidEmailException.Kind;
import org.opencirt.incident.email.ParsedEmail.Attachment;

class EmailParserTest {

    // ---- helpers ----------------------------------------------------------------------

    /**
     * The ZIP attached to {@code mixed-attachments.eml}, decoded here from the message's own base64
     * with the JDK's MIME decoder: the expected bytes, independent of the parser under test.
     */
    static byte[] evidenceZip() {
        var eml = new String(resource("mixed-attachments.eml"), UTF_8).replace("\r\n", "\n");
        var part = eml.substring(eml.indexOf("filename=\"evidence.zip\""));
        var body = part.substring(part.indexOf("\n\n") + 2, part.indexOf("\n--"));
        return java.util.Base64.getMimeDecoder().decode(body);
    }

    static byte[] resource(String name) {
        try (var in = EmailParserTest.class.getResourceAsStream("/email/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource /email/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ParsedEmail parse(byte[] raw, EmailLimits limits) {
        return EmailParser.parse(new ByteArrayInputStream(raw), limits);
    }

    static ParsedEmail parse(byte[] raw) {
        return parse(raw, EmailLimits.defaults());
    }

    static ParsedEmail parseResource(String name) {
        return parse(resource(name));
    }

    static InvalidEmailException rejection(byte[] raw, EmailLimits limits) {
        var thrown = catchThrowable(() -> parse(raw, limits));
        assertThat(thrown).isInstanceOf(InvalidEmailException.class);
        return (InvalidEmailException) thrown;
    }

    static InvalidEmailException rejection(byte[] raw) {
        return rejection(raw, EmailLimits.defaults());
    }

    /** A message written with {@code \n}, sent with CRLF as on the wire. */
    static byte[] mail(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(UTF_8);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String base64Lines(byte[] bytes) {
        return java.util.Base64.getMimeEncoder(76, "\n".getBytes(UTF_8)).encodeToString(bytes);
    }

    /** Only an {@link InvalidEmailException} may come out of the parser, whatever the bytes. */
    static void parsesOrIsRejectedAsInvalid(byte[] raw, String what) {
        try {
            parse(raw);
        } catch (InvalidEmailException expected) {
            assertThat(expected.getMessage()).as(what).isNotBlank();
            assertThat(expected.kind()).as(what).isNotNull();
        } catch (RuntimeException | Error e) {
            fail("%s: parser threw %s instead of InvalidEmailException".formatted(what, e), e);
        }
    }

    static String attachmentPart(String filename, byte[] content) {
        return """
                --b
                Content-Type: application/octet-stream
                Content-Transfer-Encoding: base64
                Content-Disposition: attachment; filename="%s"

                %s
                """.formatted(filename, base64Lines(content));
    }

    static byte[] mixedWith(String parts) {
        return mail("""
                From: analyst@cert-ab.example
                Subject: evidence
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="b"

                --b
                Content-Type: text/plain

                see attachments
                %s--b--
                """.formatted(parts));
    }

    /** {@code levels} multiparts inside each other around one text part. */
    static byte[] nested(int levels) {
        var text = new StringBuilder("""
                From: analyst@cert-ab.example
                Subject: nested
                MIME-Version: 1.0
                """);
        for (var level = 1; level <= levels; level++) {
            text.append("Content-Type: multipart/mixed; boundary=\"level%d\"\n\n--level%d\n".formatted(level, level));
        }
        text.append("Content-Type: text/plain\n\ndeep inside\n");
        for (var level = levels; level >= 1; level--) {
            text.append("--level%d--\n".formatted(level));
        }
        return mail(text.toString());
    }

    static byte[] inlineTextParts(int count) {
        var parts = new StringBuilder();
        for (var k = 1; k <= count; k++) {
            parts.append("--b\nContent-Type: text/plain\n\npart %d\n".formatted(k));
        }
        return mail("""
                From: analyst@cert-ab.example
                Subject: many parts
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="b"

                %s--b--
                """.formatted(parts));
    }

    // ---- well-formed mail -------------------------------------------------------------

    @Nested
    class WellFormedMail {

        @Test
        void plainTextMailGivesSubjectBodySenderDateAndIds() {
            var email = parseResource("plain.eml");

            assertThat(email.subject()).isEqualTo("Re: [CERT-AB-2025-0042] Credential phishing against our customers");
            assertThat(email.from().name()).isEqualTo("Jana Novák (SOC)");
            assertThat(email.from().address()).isEqualTo("Jana.Novak@soc.bank.example");
            assertThat(email.date()).isEqualTo(Instant.parse("2025-01-14T08:12:40Z"));
            assertThat(email.messageId()).isEqualTo("<20250114081240.GA31337@soc.bank.example>");
            assertThat(email.inReplyTo()).isEqualTo("<CERT-AB-2025-0042@cert-ab.example>");
            assertThat(email.textBody())
                    .startsWith("Hello,\n\nthe phishing site is still up at hxxps://login-bank-example[.]top/secure/\n")
                    .contains("credentials since yesterday.")
                    .endsWith("Jana Novák\nSOC, Bank Example")
                    .doesNotContain("\r");
            assertThat(email.attachments()).isEmpty();
            assertThat(email.warnings()).isEmpty();
        }

        @Test
        void multipartAlternativePicksTheTextPartAndDropsTheHtmlAlternative() {
            var email = parseResource("alternative.eml");

            assertThat(email.textBody())
                    .startsWith("Dear CERT,")
                    .contains("a fake browser update (update.js)")
                    .doesNotContain("HTML VERSION")
                    .doesNotContain("<p>");
            assertThat(email.attachments()).isEmpty();
            assertThat(email.warnings()).isEmpty();
        }

        @Test
        void htmlOnlyMailIsConvertedToTextWithAWarning() {
            var email = parseResource("html-only.eml");

            assertThat(email.warnings()).containsExactly("HTML-only message: text extracted from HTML");
            assertThat(email.from().name()).isEqualTo("Service Clientèle");
            assertThat(email.textBody()).isEqualTo("""
                    Cher client,

                    Votre compte sera suspendu dans 24 heures. Veuillez confirmer vos données & votre mot de passe :

                    Confirmer mon compte <https://bank-secure.example/login?id=1&s=2>

                    Montant bloqué : 1\u202F250 € <urgent> "Sécurité" 'Banque' ✓

                    Réf. FR-2025-77""");
        }

        @Test
        void mixedMailKeepsPdfAndZipAttachmentsWithTheirExactBytesAndDigests() {
            var pdf = resource("attachments/incident-report.pdf");
            var zip = evidenceZip();

            var email = parseResource("mixed-attachments.eml");

            assertThat(email.from().address()).isEqualTo("petr.svoboda@isp.example");
            assertThat(email.textBody()).startsWith("Hello CERT-AB,\n\nwe found a phishing kit on a customer server");
            assertThat(email.attachments())
                    .extracting(Attachment::filename, Attachment::contentType)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("incident-report.pdf", "application/pdf"),
                            org.assertj.core.groups.Tuple.tuple("evidence.zip", "application/x-zip-compressed"));
            var report = email.attachments().get(0);
            var evidence = email.attachments().get(1);
            assertThat(report.content()).isEqualTo(pdf);
            assertThat(report.sha256()).isEqualTo(sha256(pdf)).matches("[0-9a-f]{64}");
            assertThat(evidence.content()).isEqualTo(zip);
            assertThat(evidence.sha256()).isEqualTo(sha256(zip)).matches("[0-9a-f]{64}");
            assertThat(email.warnings()).isEmpty();
        }

        @Test
        void encodedWordSubjectAndRfc2231FilenameAreDecoded() {
            var email = parseResource("encoded-subject.eml");

            assertThat(email.subject()).isEqualTo("Phishing : faux site « Banque Nationale » – données volées ✓");
            assertThat(email.from().name()).isEqualTo("Renée Dubois");
            assertThat(email.from().address()).isEqualTo("renee.dubois@banque-nationale.example");
            assertThat(email.textBody()).isEqualTo("Bonjour,\n\nci-joint le relevé reçu par notre cliente.");
            assertThat(email.attachments()).singleElement().satisfies(attachment -> {
                assertThat(attachment.filename()).isEqualTo("relevé de compte frauduleux – Überweisung.pdf");
                assertThat(attachment.contentType()).isEqualTo("application/pdf");
                assertThat(attachment.content()).isEqualTo(resource("attachments/incident-report.pdf"));
            });
        }

        @Test
        void isoLatin1QuotedPrintableBodyIsDecodedWithSoftLineBreaksJoined() {
            var email = parseResource("latin1-qp.eml");

            assertThat(email.subject()).isEqualTo("Rançongiciel sur un poste de la mairie");
            assertThat(email.textBody()).isEqualTo("""
                    Bonjour,

                    un poste de l'état civil a été chiffré cette nuit. La note de rançon demande 2 BTC ; \
                    le coût estimé dépasse 5000 €.

                    Cordialement,
                    Le service informatique""");
        }

        @Test
        void forwardedMessageIsKeptWholeAsAnEmlAttachmentNamedAfterItsSubject() {
            var raw = resource("forwarded.eml");
            var text = new String(raw, StandardCharsets.US_ASCII);
            var inner = text.substring(text.indexOf("Return-Path:"), text.indexOf("\n--------------fwd0A1B2C3D4E5F6--"))
                    .getBytes(StandardCharsets.US_ASCII);

            var email = parse(raw);

            assertThat(email.textBody()).startsWith("Hello,\n\nthree people in our finance department");
            assertThat(email.attachments()).singleElement().satisfies(forwarded -> {
                assertThat(forwarded.filename()).isEqualTo("Your account has been locked – invoice 2025_01.eml");
                assertThat(forwarded.contentType()).isEqualTo("message/rfc822");
                assertThat(forwarded.content()).isEqualTo(inner);
                assertThat(forwarded.sha256()).isEqualTo(sha256(inner));
            });
            var phish = parse(email.attachments().getFirst().content());
            assertThat(phish.from().address()).isEqualTo("billing@m1crosoft-support.example");
            assertThat(phish.textBody())
                    .contains("Unlock my account <https://m1crosoft-support.example/unlock?u=finance>");
        }

        @Test
        void forwardedMessageWithoutSubjectIsNamedByItsPosition() {
            var raw = mixedWith("""
                    --b
                    Content-Type: message/rfc822

                    From: someone@example.org
                    To: finance@ministry.example

                    no subject here
                    """);

            var email = parse(raw);

            assertThat(email.attachments())
                    .singleElement()
                    .extracting(Attachment::filename)
                    .isEqualTo("forwarded-1.eml");
        }

        @Test
        void senderAddressKeepsItsLocalPartAndLowerCasesItsDomain() {
            var email = parse(mail("""
                    From: John.DOE@Mail.Example.ORG
                    Subject: case

                    body
                    """));

            assertThat(email.from().address()).isEqualTo("John.DOE@mail.example.org");
            assertThat(email.from().name()).isNull();
        }

        @Test
        void headerSentAsRawUtf8IsReadAsUtf8() {
            var email = parse(mail("""
                    From: Zoë Ålund <zoe@example.se>
                    Subject: Nätfiske mot kunder – brådskande

                    body
                    """));

            assertThat(email.subject()).isEqualTo("Nätfiske mot kunder – brådskande");
            assertThat(email.from().name()).isEqualTo("Zoë Ålund");
        }

        @Test
        void missingOrBlankSubjectBecomesNoSubject() {
            assertThat(parse(mail("From: a@example.org\n\nbody\n")).subject()).isEqualTo("(no subject)");
            assertThat(parse(mail("From: a@example.org\nSubject:   \n\nbody\n")).subject())
                    .isEqualTo("(no subject)");
        }

        @Test
        void subjectOfAThousandCharactersIsTruncatedToThreeHundred() {
            var subject = "x".repeat(1000);

            var email = parse(mail("From: a@example.org\nSubject: " + subject + "\n\nbody\n"));

            assertThat(email.subject()).hasSize(300).isEqualTo(subject.substring(0, 300));
            assertThat(email.warnings()).contains("subject truncated to 300 characters");
        }

        @Test
        void encodedWordInAnUnknownCharsetStaysAsSentWhileTheOthersAreDecoded() {
            var email = parse(mail("""
                    From: a@example.org
                    Subject: =?x-no-such-charset?Q?abc?= and =?UTF-8?Q?caf=C3=A9?=
                     =?UTF-8?B?IGNyw6htZQ==?=

                    body
                    """));

            assertThat(email.subject()).isEqualTo("=?x-no-such-charset?Q?abc?= and café crème");
        }

        @Test
        void foldedSubjectIsUnfoldedToOneLine() {
            var email = parse(mail("""
                    From: a@example.org
                    Subject: Urgent: suspicious
                    \tlogin from
                      203.0.113.5

                    body
                    """));

            assertThat(email.subject()).isEqualTo("Urgent: suspicious login from 203.0.113.5");
        }

        @Test
        void bodyLongerThanTheLimitIsTruncatedWithAWarning() {
            var email = parse(
                    mail("From: a@example.org\nSubject: long\n\n" + "abcdefghij".repeat(10) + "\n"),
                    EmailLimits.defaults().withMaxBodyChars(25));

            assertThat(email.textBody()).isEqualTo("abcdefghijabcdefghijabcde");
            assertThat(email.warnings()).contains("body truncated to 25 characters");
        }

        @Test
        void unparseableDateIsDroppedWithAWarning() {
            var email = parse(mail("From: a@example.org\nDate: yesterday at noon\nSubject: s\n\nbody\n"));

            assertThat(email.date()).isNull();
            assertThat(email.warnings()).anyMatch(w -> w.startsWith("Date header 'yesterday at noon'"));
        }

        @Test
        void missingIdsAreNull() {
            var email = parse(mail("From: a@example.org\nSubject: s\n\nbody\n"));

            assertThat(email.messageId()).isNull();
            assertThat(email.inReplyTo()).isNull();
            assertThat(email.date()).isNull();
        }

        @Test
        void leadingMboxFromLineIsSkipped() {
            var email = parse(mail("""
                    From soc@bank.example Tue Jan 14 09:12:40 2025
                    From: soc@bank.example
                    Subject: exported from a mailbox

                    body
                    """));

            assertThat(email.from().address()).isEqualTo("soc@bank.example");
            assertThat(email.subject()).isEqualTo("exported from a mailbox");
        }

        @Test
        void bodyDeclaredWithAnUnknownCharsetIsStillReadWithAWarning() {
            var email = parse(mail("""
                    From: a@example.org
                    Subject: s
                    Content-Type: text/plain; charset=x-no-such-charset

                    caf\u00e9 au lait
                    """));

            assertThat(email.textBody()).isEqualTo("café au lait");
            assertThat(email.warnings()).anyMatch(w -> w.contains("unknown charset 'x-no-such-charset'"));
        }

        @Test
        void unknownTransferEncodingKeepsTheContentAsSentWithAWarning() {
            var email = parse(mail("""
                    From: a@example.org
                    Subject: s
                    Content-Transfer-Encoding: x-rot13

                    uryyb
                    """));

            assertThat(email.textBody()).isEqualTo("uryyb");
            assertThat(email.warnings())
                    .contains("the message body has an unknown Content-Transfer-Encoding 'x-rot13'; kept as sent");
        }

        @Test
        void controlCharactersOtherThanTabAndNewlineAreRemovedFromTheBody() {
            var email = parse(mail("From: a@example.org\nSubject: s\n\ncol1\tcol2\u0000\u0007end\n"));

            assertThat(email.textBody()).isEqualTo("col1\tcol2end");
        }
    }

    // ---- attachments ------------------------------------------------------------------

    @Nested
    class Attachments {

        @Test
        void filenamesLoseTheirPathAndControlCharactersAndGetANameWhenTheyHaveNone() {
            var raw = mixedWith(attachmentPart("..\\\\..\\\\Windows\\\\System32\\\\evil.exe", "a".getBytes(UTF_8))
                    + attachmentPart("/etc/cron.d/job", "b".getBytes(UTF_8))
                    + attachmentPart("=?UTF-8?Q?invoice=E2=80=AEfdp.exe?=", "c".getBytes(UTF_8))
                    + """
                    --b
                    Content-Type: application/octet-stream
                    Content-Disposition: attachment

                    d
                    """);

            var email = parse(raw);

            assertThat(email.attachments())
                    .extracting(Attachment::filename)
                    .containsExactly("evil.exe", "job", "invoicefdp.exe", "attachment-4");
        }

        @Test
        void longFilenameIsCutTo255CharactersKeepingItsExtension() {
            var name = "Rechnung-".repeat(50) + ".pdf";

            var email = parse(mixedWith(attachmentPart(name, new byte[] {1})));

            var filename = email.attachments().getFirst().filename();
            assertThat(filename).hasSize(255).startsWith("Rechnung-Rechnung-").endsWith("-Rechnung.pdf");
        }

        @Test
        void inlinePartWithAFilenameIsAnAttachmentButTheInlineTextIsNot() {
            var email = parse(mail("""
                    From: a@example.org
                    Subject: screenshot
                    Content-Type: multipart/related; boundary="r"

                    --r
                    Content-Type: text/plain; charset=utf-8

                    See the screenshot.
                    --r
                    Content-Type: image/png; name="screenshot.png"
                    Content-Disposition: inline; filename="screenshot.png"
                    Content-Transfer-Encoding: base64
                    Content-ID: <shot1>

                    iVBORw0KGgo=
                    --r
                    Content-Type: image/gif
                    Content-Transfer-Encoding: base64
                    Content-ID: <logo>

                    R0lGODlh
                    --r--
                    """));

            assertThat(email.textBody()).isEqualTo("See the screenshot.");
            assertThat(email.attachments())
                    .extracting(Attachment::filename, Attachment::contentType)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("screenshot.png", "image/png"),
                            org.assertj.core.groups.Tuple.tuple("attachment-2", "image/gif"));
            assertThat(email.attachments().getFirst().content())
                    .isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        }

        @Test
        void textFileMarkedAsAttachmentIsNotMistakenForTheBody() {
            var email = parse(mail("""
                    From: a@example.org
                    Subject: logs
                    Content-Type: multipart/mixed; boundary="m"

                    --m
                    Content-Type: text/plain
                    Content-Disposition: attachment; filename="auth.log"

                    Jan 14 03:12:01 sshd[811]: Failed password for root from 203.0.113.77
                    --m
                    Content-Type: text/html

                    <p>Logs attached.</p>
                    --m--
                    """));

            assertThat(email.textBody()).isEqualTo("Logs attached.");
            assertThat(email.attachments()).singleElement().satisfies(log -> {
                assertThat(log.filename()).isEqualTo("auth.log");
                assertThat(log.contentType()).isEqualTo("text/plain");
                assertThat(new String(log.content(), UTF_8)).startsWith("Jan 14 03:12:01 sshd[811]");
            });
        }
    }

    // ---- refusals ---------------------------------------------------------------------

    @Nested
    class Refusals {

        @Test
        void mailWithoutFromIsMalformed() {
            var error = rejection(resource("missing-from.eml"));

            assertThat(error.kind()).isEqualTo(Kind.MALFORMED);
            assertThat(error.getMessage()).isEqualTo("no From address");
        }

        @Test
        void senderHeaderDoesNotStandInForAMissingFrom() {
            var error = rejection(mail("Sender: relay@example.org\nSubject: s\n\nbody\n"));

            assertThat(error.kind()).isEqualTo(Kind.MALFORMED);
            assertThat(error.getMessage()).isEqualTo("no From address");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "John Smith",
                    "john@",
                    "@example.org",
                    "undisclosed-recipients:;",
                    "<>",
                    "security@paypal.com@evil.example",
                    "john@exa mple.org"
                })
        void fromThatIsNotAnAddressIsMalformed(String from) {
            var error = rejection(mail("From: " + from + "\nSubject: s\n\nbody\n"));

            assertThat(error.kind()).isEqualTo(Kind.MALFORMED);
            assertThat(error.getMessage()).contains("From");
        }

        static Stream<Arguments> notEmail() {
            var random = new Random(20250114);
            var noise = new byte[4096];
            random.nextBytes(noise);
            return Stream.of(
                    Arguments.of("random bytes", noise),
                    Arguments.of("a PDF", resource("attachments/incident-report.pdf")),
                    Arguments.of("a ZIP", evidenceZip()),
                    Arguments.of("prose", "Hello, I would like to report a phishing site.\n".getBytes(UTF_8)),
                    Arguments.of("a blank line first", "\r\nFrom: a@example.org\r\n\r\nbody".getBytes(UTF_8)),
                    Arguments.of("HTML", "<!DOCTYPE html>\n<html><p>From: a@example.org</p></html>".getBytes(UTF_8)),
                    Arguments.of("JSON", "{\n  \"from\": \"a@example.org\",\n  \"subject\": \"x\"\n}".getBytes(UTF_8)));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("notEmail")
        void bytesWithoutAHeaderBlockAreMalformed(String what, byte[] raw) {
            var error = rejection(raw);

            assertThat(error.kind()).isEqualTo(Kind.MALFORMED);
            assertThat(error.getMessage()).isEqualTo("not an RFC 822 message: no header block");
        }

        @Test
        void emptyUploadIsMalformed() {
            var error = rejection(new byte[0]);

            assertThat(error.kind()).isEqualTo(Kind.MALFORMED);
            assertThat(error.getMessage()).startsWith("not an RFC 822 message");
        }

        @Test
        void messageOverTheByteLimitIsTooLargeAndTheStreamIsReadNoFurtherThanOneByteBeyond() {
            var endless = new EndlessMail();

            var thrown = catchThrowable(() -> EmailParser.parse(endless, EmailLimits.defaults()));

            assertThat(thrown).isInstanceOfSatisfying(InvalidEmailException.class, error -> {
                assertThat(error.kind()).isEqualTo(Kind.TOO_LARGE);
                assertThat(error.getMessage()).isEqualTo("message exceeds 10485760 bytes");
            });
            assertThat(endless.served).isEqualTo(10L * 1024 * 1024 + 1);
        }

        @Test
        void messageOfExactlyTheByteLimitIsAccepted() {
            var head = "From: a@example.org\r\nSubject: s\r\n\r\n";
            var raw = (head + "x".repeat(1000 - head.length())).getBytes(UTF_8);

            assertThat(parse(raw, EmailLimits.defaults().withMaxMessageBytes(1000))
                            .textBody())
                    .hasSize(1000 - head.length());
            assertThat(rejection(raw, EmailLimits.defaults().withMaxMessageBytes(999))
                            .kind())
                    .isEqualTo(Kind.TOO_LARGE);
        }

        @Test
        void attachmentOverItsLimitIsTooLargeAndTheMessageSaysBySize() {
            var raw = mixedWith(attachmentPart("dump.bin", new byte[2048]));

            var error = rejection(raw, EmailLimits.defaults().withMaxAttachmentBytes(1024));

            assertThat(error.kind()).isEqualTo(Kind.TOO_LARGE);
            assertThat(error.getMessage()).isEqualTo("attachment 'dump.bin' is 2048 bytes; the limit is 1024");
            assertThat(parse(raw, EmailLimits.defaults().withMaxAttachmentBytes(2048))
                            .attachments())
                    .hasSize(1);
        }

        @Test
        void forwardedMessageOverTheAttachmentLimitIsTooLarge() {
            var error =
                    rejection(resource("forwarded.eml"), EmailLimits.defaults().withMaxAttachmentBytes(100));

            assertThat(error.kind()).isEqualTo(Kind.TOO_LARGE);
            assertThat(error.getMessage()).startsWith("attachment 'Your account has been locked.eml' is ");
        }

        @Test
        void moreAttachmentsThanAllowedIsTooManyParts() {
            var parts = attachmentPart("1.txt", new byte[] {1})
                    + attachmentPart("2.txt", new byte[] {2})
                    + attachmentPart("3.txt", new byte[] {3})
                    + attachmentPart("4.txt", new byte[] {4});
            var raw = mixedWith(parts);

            var error = rejection(raw, EmailLimits.defaults().withMaxAttachments(3));

            assertThat(error.kind()).isEqualTo(Kind.TOO_MANY_PARTS);
            assertThat(error.getMessage()).isEqualTo("message has 4 attachments; the limit is 3");
            assertThat(parse(raw, EmailLimits.defaults().withMaxAttachments(4)).attachments())
                    .hasSize(4);
        }

        @Test
        void nestingDeeperThanMaxDepthIsTooManyParts() {
            var error = rejection(nested(11));

            assertThat(error.kind()).isEqualTo(Kind.TOO_MANY_PARTS);
            assertThat(error.getMessage()).isEqualTo("MIME parts are nested more than 10 levels deep");
            assertThat(parse(nested(10)).textBody()).isEqualTo("deep inside");
        }

        @Test
        void morePartsThanAllowedIsTooManyPartsEvenWhenNoneIsAnAttachment() {
            var error = rejection(inlineTextParts(101));

            assertThat(error.kind()).isEqualTo(Kind.TOO_MANY_PARTS);
            assertThat(error.getMessage()).isEqualTo("message has more than 100 MIME parts");
            assertThat(parse(inlineTextParts(100)).textBody()).isEqualTo("part 1");
        }

        @Test
        void nestedPartsCountTowardsThePartLimit() {
            // 2 parts at the top, 3 inside the second: 5 parts
            var raw = mail("""
                    From: a@example.org
                    Subject: s
                    Content-Type: multipart/mixed; boundary="outer"

                    --outer
                    Content-Type: text/plain

                    body
                    --outer
                    Content-Type: multipart/alternative; boundary="inner"

                    --inner
                    Content-Type: text/plain

                    one
                    --inner
                    Content-Type: text/plain

                    two
                    --inner
                    Content-Type: text/plain

                    three
                    --inner--
                    --outer--
                    """);

            assertThat(parse(raw, EmailLimits.defaults().withMaxParts(5)).textBody())
                    .isEqualTo("body");
            assertThat(rejection(raw, EmailLimits.defaults().withMaxParts(4)).kind())
                    .isEqualTo(Kind.TOO_MANY_PARTS);
        }
    }

    // ---- mangled input ----------------------------------------------------------------

    @Nested
    class MangledInput {

        @Test
        void truncationInsideABase64AttachmentIsMalformedAndNamesTheAttachment() {
            var raw = resource("mixed-attachments.eml");
            var text = new String(raw, StandardCharsets.US_ASCII);
            var base64Start = text.indexOf("JVBERi0x");
            // 4n + 2 base64 characters: not a whole number of bytes
            var cut = Arrays.copyOf(raw, base64Start + 42);

            var error = rejection(cut);

            assertThat(error.kind()).isEqualTo(Kind.MALFORMED);
            assertThat(error.getMessage())
                    .startsWith("attachment 'incident-report.pdf' could not be decoded")
                    .endsWith("the message may be truncated");
        }

        @Test
        void boundaryNeverClosedStillYieldsBodyAndAttachmentsWithAWarning() {
            var raw = mail("""
                    From: a@example.org
                    Subject: cut off
                    Content-Type: multipart/mixed; boundary="m"

                    --m
                    Content-Type: text/plain

                    the report
                    --m
                    Content-Type: text/csv
                    Content-Disposition: attachment; filename="ips.csv"

                    ip,first_seen
                    203.0.113.7,2025-01-14
                    """);

            var email = parse(raw);

            assertThat(email.textBody()).isEqualTo("the report");
            assertThat(email.attachments())
                    .singleElement()
                    .extracting(Attachment::filename)
                    .isEqualTo("ips.csv");
            assertThat(email.warnings()).contains("the message has no closing boundary; the message may be truncated");
        }

        @Test
        void headerLineWithoutColonIsToleratedWithAWarning() {
            var email = parse(mail("""
                    From: a@example.org
                    this line is not a header
                    Subject: still read

                    body
                    """));

            assertThat(email.subject()).isEqualTo("still read");
            assertThat(email.textBody()).isEqualTo("body");
            assertThat(email.warnings()).contains("1 header line(s) without a field name ignored");
        }

        @Test
        void multipartWithoutBoundaryParameterIsMalformed() {
            var error = rejection(mail("""
                    From: a@example.org
                    Subject: s
                    Content-Type: multipart/mixed

                    --x
                    Content-Type: text/plain

                    body
                    --x--
                    """));

            assertThat(error.kind()).isEqualTo(Kind.MALFORMED);
            assertThat(error.getMessage()).isEqualTo("the message is multipart/mixed without a boundary parameter");
        }

        @Test
        void multipartWhoseBoundaryNeverAppearsIsMalformed() {
            var error = rejection(mail("""
                    From: a@example.org
                    Subject: s
                    Content-Type: multipart/alternative; boundary="zz"

                    the parts were lost on the way
                    """));

            assertThat(error.kind()).isEqualTo(Kind.MALFORMED);
            assertThat(error.getMessage())
                    .startsWith(
                            "the message is multipart/alternative but could not be split into parts with boundary 'zz'");
        }

        @ParameterizedTest
        @ValueSource(
                strings = {
                    "plain.eml",
                    "alternative.eml",
                    "html-only.eml",
                    "mixed-attachments.eml",
                    "encoded-subject.eml",
                    "latin1-qp.eml",
                    "forwarded.eml"
                })
        void everyTruncationOfARealMailEitherParsesOrIsRejectedAsInvalid(String name) {
            var raw = resource(name);
            // every cut for small files, about 800 evenly spread cuts for larger ones
            var step = Math.max(1, raw.length / 800);
            for (var length = 0; length < raw.length; length += step) {
                parsesOrIsRejectedAsInvalid(Arrays.copyOf(raw, length), "%s cut at %d".formatted(name, length));
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"mixed-attachments.eml", "encoded-subject.eml", "forwarded.eml", "html-only.eml"})
        void randomlyCorruptedMailEitherParsesOrIsRejectedAsInvalid(String name) {
            var original = resource(name);
            var random = new Random(name.hashCode());
            byte[] interesting = "\r\n:;=\"-?@<>/\\ \t%&#".getBytes(StandardCharsets.US_ASCII);
            for (var round = 0; round < 400; round++) {
                var raw = original.clone();
                for (var flips = 1 + random.nextInt(8); flips > 0; flips--) {
                    var at = random.nextInt(raw.length);
                    raw[at] = random.nextBoolean()
                            ? interesting[random.nextInt(interesting.length)]
                            : (byte) random.nextInt(256);
                }
                parsesOrIsRejectedAsInvalid(raw, "%s round %d".formatted(name, round));
            }
        }
    }

    /** An upload that never ends: a valid header block, then text forever. */
    static final class EndlessMail extends InputStream {

        private final byte[] head = "From: a@example.org\r\nSubject: endless\r\n\r\n".getBytes(UTF_8);
        long served;

        @Override
        public int read() {
            var b = served < head.length ? head[(int) served] : 'x';
            served++;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            for (var k = 0; k < length; k++) {
                buffer[offset + k] = (byte) read();
            }
            return length;
        }
    }
}
