package org.opencirt.incident.email;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencirt.incident.email.MailKinds.Kind;

class MailKindsTest {

    static byte[] resource(String name) {
        try (var in = MailKindsTest.class.getResourceAsStream("/email/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource /email/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ParsedEmail parse(byte[] raw) {
        return EmailParser.parse(new ByteArrayInputStream(raw));
    }

    static ParsedEmail parse(String raw) {
        return parse(raw.getBytes(UTF_8));
    }

    /** A plain one-part message with these extra header lines and this subject. */
    static ParsedEmail message(String from, String subject, String... headers) {
        var raw = new StringBuilder()
                .append("From: ")
                .append(from)
                .append("\n")
                .append("To: notifications@cirt.example\n")
                .append("Subject: ")
                .append(subject)
                .append("\n")
                .append("Date: Mon, 7 Dec 2026 12:00:00 +0000\n");
        for (var header : headers) {
            raw.append(header).append("\n");
        }
        raw.append("MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nHello,\n\nthank you.\n");
        return parse(raw.toString());
    }

    @Test
    void aPostfixDsnWithStatus511IsAPermanentBounceOfItsFinalRecipientWithTheReason() {
        var kind = MailKinds.classify(parse(resource("bounces/postfix-dsn-user-unknown.eml")));

        assertThat(kind.kind()).isEqualTo(Kind.BOUNCE);
        assertThat(kind.permanentlyFailed()).containsExactly("soc@bank.example");
        var recipient = kind.recipients().getFirst();
        assertThat(recipient.status()).isEqualTo("5.1.1");
        assertThat(recipient.permanent()).isTrue();
        assertThat(recipient.reason())
                .startsWith("5.1.1 failed: smtp; 550 5.1.1")
                .contains("User unknown in virtual mailbox table")
                .doesNotContain("\n", "\r", "\t");
        assertThat(kind.onlyDelayed()).isFalse();
    }

    @Test
    void aDelayedDsnWithStatus4xxIsABounceThatMarksNoContact() {
        var kind = MailKinds.classify(parse(resource("bounces/delayed-dsn.eml")));

        assertThat(kind.kind()).isEqualTo(Kind.BOUNCE);
        assertThat(kind.recipients()).singleElement().satisfies(r -> {
            assertThat(r.address()).isEqualTo("noc@isp.example");
            assertThat(r.status()).isEqualTo("4.4.1");
            assertThat(r.permanent()).isFalse();
            assertThat(r.reason()).startsWith("4.4.1 delayed:");
        });
        assertThat(kind.permanentlyFailed()).isEmpty();
        assertThat(kind.onlyDelayed()).isTrue();
    }

    @Test
    void aPlainTextMailerDaemonBounceNamesTheOneFailedAddressOfItsOwnText() {
        var kind = MailKinds.classify(parse(resource("bounces/exim-mail-delivery-failed.eml")));

        assertThat(kind.kind()).isEqualTo(Kind.BOUNCE);
        // help@cirt.example stands in the returned copy, below the marker: not a failed address
        assertThat(kind.permanentlyFailed()).containsExactly("abuse@hosting.example");
        assertThat(kind.recipients().getFirst().reason()).startsWith("5.1.1 ").contains("No such user here");
    }

    @Test
    void anExchangeNdrIsABounceOfItsFinalRecipientWithTheExtendedStatus() {
        var kind = MailKinds.classify(parse(resource("bounces/exchange-ndr.eml")));

        assertThat(kind.kind()).isEqualTo(Kind.BOUNCE);
        assertThat(kind.recipients()).singleElement().satisfies(r -> {
            assertThat(r.address()).isEqualTo("it-security@ministry.example");
            assertThat(r.status()).isEqualTo("5.1.10");
            assertThat(r.permanent()).isTrue();
            assertThat(r.reason()).contains("RESOLVER.ADR.RecipientNotFound");
        });
    }

    @Test
    void aBounceWinsOverItsAutoSubmittedHeader() {
        var email = parse(resource("bounces/postfix-dsn-user-unknown.eml"));

        assertThat(email.headers().first("Auto-Submitted")).contains("auto-replied");
        assertThat(MailKinds.classify(email).kind()).isEqualTo(Kind.BOUNCE);
    }

    @Test
    void theReasonIsOneLineWithoutControlCharactersAndAtMost200Chars() {
        var long_ = "x".repeat(500);
        var raw = """
                From: MAILER-DAEMON@mx1.cirt.example
                To: notifications@cirt.example
                Subject: Undelivered Mail Returned to Sender
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="b"

                --b
                Content-Type: text/plain

                failed
                --b
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx1.cirt.example

                Final-Recipient: rfc822; soc@bank.example
                Action: failed
                Status: 5.7.1
                Diagnostic-Code: smtp; 550 \u0007rejected\u202e %s
                --b--
                """.formatted(long_);

        var reason = MailKinds.classify(parse(raw)).recipients().getFirst().reason();

        assertThat(reason).hasSizeLessThanOrEqualTo(MailKinds.MAX_REASON_CHARS);
        assertThat(reason).startsWith("5.7.1 failed: smtp; 550 rejected xxx");
        assertThat(reason.codePoints())
                .noneMatch(cp -> Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT);
    }

    @Test
    void aFinalRecipientThatIsNoValidMailboxIsNotReported() {
        var raw = """
                From: MAILER-DAEMON@mx1.cirt.example
                To: notifications@cirt.example
                Subject: Undelivered Mail Returned to Sender
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="b"

                --b
                Content-Type: text/plain

                failed
                --b
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx1.cirt.example

                Final-Recipient: rfc822; soc@bank.example, boss@bank.example
                Action: failed
                Status: 5.1.1
                --b--
                """;

        var kind = MailKinds.classify(parse(raw));

        assertThat(kind.kind()).isEqualTo(Kind.BOUNCE);
        assertThat(kind.recipients()).isEmpty();
    }

    @Test
    void aPostmasterMessageWithoutABounceSubjectIsNoBounce() {
        var kind = MailKinds.classify(message("postmaster@bank.example", "Question about your notice"));

        assertThat(kind.kind()).isEqualTo(Kind.ORDINARY);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Out of Office: Security events concerning your network",
                "Automatic reply: [CERT-CD-N-20261207-4K7Q2M] Security events",
                "Auto: Security events",
                "Réponse automatique : Événements de sécurité",
                "Absence du bureau",
                "Abwesenheitsnotiz: Sicherheitsereignisse",
                "Respuesta automática: Eventos de seguridad",
                "رد تلقائي: أحداث أمنية"
            })
    void anOutOfOfficeSubjectInAnyOfTheFiveLanguagesIsAnAutoReply(String subject) {
        var kind = MailKinds.classify(message("soc@bank.example", subject));

        assertThat(kind.kind()).isEqualTo(Kind.AUTO_REPLY);
        assertThat(kind.evidence()).isEqualTo("out-of-office subject");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Auto-Submitted: auto-replied",
                "Auto-Submitted: auto-generated; owner-email=\"ops@bank.example\"",
                "X-Autoreply: yes",
                "X-Autorespond: vacation",
                "X-Auto-Response-Suppress: OOF",
                "X-Auto-Response-Suppress: All",
                "Precedence: bulk",
                "Precedence: auto_reply",
                "Precedence: junk"
            })
    void aMessageMarkedAutomaticByItsHeadersIsAnAutoReplyWhateverItsSubject(String header) {
        var kind = MailKinds.classify(message("soc@bank.example", "Re: your notice", header));

        assertThat(kind.kind()).isEqualTo(Kind.AUTO_REPLY);
    }

    @Test
    void autoSubmittedNoIsAPersonsMessage() {
        var kind = MailKinds.classify(message("soc@bank.example", "Re: your notice", "Auto-Submitted: no"));

        assertThat(kind.kind()).isEqualTo(Kind.ORDINARY);
    }

    @Test
    void aMailingListMessageIsTreatedAsAutomatic() {
        var kind = MailKinds.classify(message(
                "someone@lists.example",
                "[sec-announce] New advisory",
                "List-Id: Security announcements <sec-announce.lists.example>",
                "List-Unsubscribe: <mailto:sec-announce-leave@lists.example>",
                "Precedence: list"));

        assertThat(kind.kind()).isEqualTo(Kind.AUTO_REPLY);
        assertThat(kind.evidence()).containsAnyOf("Precedence: list", "mailing-list");
    }

    @Test
    void aPersonsSubjectThatMerelyContainsAbsenceIsNoAutoReply() {
        var kind = MailKinds.classify(message("soc@bank.example", "Re: Absence of logs in your notice"));

        assertThat(kind.kind()).isEqualTo(Kind.ORDINARY);
    }

    @Test
    void anArfMessageIsArfEvenThoughReportsAreAutomatic() {
        assertThat(MailKinds.classify(parse(resource("arf/arf-abuse-spam.eml"))).kind())
                .isEqualTo(Kind.ARF);
    }

    @Test
    void anXarfMessageIsXarfEvenWithAutoSubmitted() {
        var email = parse(resource("arf/xarf-login-attack.eml"));

        assertThat(email.headers().first("Auto-Submitted")).contains("auto-generated");
        assertThat(MailKinds.classify(email).kind()).isEqualTo(Kind.XARF);
    }

    @Test
    void aPersonsReplyIsOrdinaryAndItsReferenceIsFoundInTheSubject() {
        var email =
                message("soc@bank.example", "Re: [CERT-CD-N-20261207-4K7Q2M] Security events concerning your network");

        assertThat(MailKinds.classify(email).kind()).isEqualTo(Kind.ORDINARY);
        assertThat(MailKinds.referenceIn(email.subject())).contains("CERT-CD-N-20261207-4K7Q2M");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "AW: [CERT-CD-N-20261207-4K7Q2M] Sicherheitsereignisse",
                "TR: RE: [CERT-CD-N-20261207-4K7Q2M] Événements",
                "Fwd: Re:[CERT-CD-N-20261207-4K7Q2M]",
                "[CERT-CD-N-20261207-4K7Q2M]"
            })
    void theReferenceIsFoundAfterReplyAndForwardPrefixes(String subject) {
        assertThat(MailKinds.referenceIn(subject)).contains("CERT-CD-N-20261207-4K7Q2M");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Re: [CERT-CD-N-20261207-4K7Q2O] letter O is not in the alphabet",
                "Re: [CERT-CD-N-20261207-4K7Q21] digit 1 is not in the alphabet",
                "Re: [cert-cd-n-20261207-4k7q2m] lower case",
                "Re: [CERT-CD-N-20261307-4K7Q2M] no thirteenth month",
                "Re: [CERT-CD-N-20260230-4K7Q2M] no 30 February",
                "Re: [CERT-CD-N-2026127-4K7Q2M] seven digits",
                "Re: [CERT-CD-N-20261207-4K7Q2MX] seven characters",
                "Re: [CERT-CD-N-20261207-4K7Q2] five characters",
                "Re: CERT-CD-N-20261207-4K7Q2M without brackets",
                "Re: [\u0421ERT-CD-N-20261207-4K7Q2M] Cyrillic Es",
                "Re: [CERT-CD-N-\uff12\uff10\uff12\uff16\uff11\uff12\uff10\uff17-4K7Q2M] full-width digits",
                "Re: [CERT-CD-2026-000123] an incident reference",
                "Re: [CERT-CD-N-20261207-4K7Q2M] and [CERT-CD-N-20261208-7HX3PQ] two of them"
            })
    void aLookalikeTokenIsNotAccepted(String subject) {
        assertThat(MailKinds.referenceIn(subject)).isEmpty();
    }
}
