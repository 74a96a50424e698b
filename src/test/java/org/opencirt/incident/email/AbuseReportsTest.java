package org.opencirt.incident.email;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencirt.incident.email.InvalidEmailException.Kind;
import org.opencirt.observable.Observable;
import org.opencirt.observable.ObservableType;

class AbuseReportsTest {

    static ParsedEmail sample(String name) {
        return MailKindsTest.parse(MailKindsTest.resource("arf/" + name));
    }

    static String sampleText(String name) {
        return new String(MailKindsTest.resource("arf/" + name), UTF_8);
    }

    /** The login-attack sample with its report.txt lines changed. */
    static ParsedEmail xarfWith(String from, String to) {
        var text = sampleText("xarf-login-attack.eml");
        if (!text.contains(from)) {
            throw new IllegalStateException("the sample has no " + from);
        }
        return MailKindsTest.parse(text.replace(from, to));
    }

    static InvalidEmailException refusal(ParsedEmail email) {
        return catchThrowableOfType(InvalidEmailException.class, () -> AbuseReports.read(email));
    }

    @Test
    void anArfAbuseReportIsSpamWithTheReportedMessageKeptAsEvidence() {
        var report = AbuseReports.read(sample("arf-abuse-spam.eml"));

        assertThat(report.format()).isEqualTo(MailKinds.Kind.ARF);
        assertThat(report.reportType()).isEqualTo("abuse");
        assertThat(report.rsitCategory()).isEqualTo("abusive-content");
        assertThat(report.rsitType()).isEqualTo("spam");
        assertThat(report.reporter()).isEqualTo("fbl@mailbox-provider.example");
        assertThat(report.reportedAt()).isEqualTo(Instant.parse("2026-12-07T10:58:12Z"));
        assertThat(report.title()).isEqualTo("ARF abuse report: 192.0.2.55");
        assertThat(report.observables())
                .containsExactly(
                        new Observable(ObservableType.IPV4, "192.0.2.55"),
                        new Observable(ObservableType.DOMAIN, "spammer.example"));
        assertThat(report.evidence()).isNotNull();
        assertThat(report.evidence().contentType()).isEqualTo("message/rfc822");
        assertThat(report.evidence().filename()).endsWith(".eml");
        assertThat(new String(report.evidence().content(), UTF_8))
                .contains("Message-ID: <spam-0001@spammer.example>")
                .contains("Buy now at http://shop.spammer.example/watches");
        assertThat(report.description())
                .contains("received from IP")
                .contains("Feedback-Type: abuse")
                .contains(
                        "Authentication-Results: mx.mailbox-provider.example; spf=fail smtp.mailfrom=spammer.example");
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void anArfSourceIpAndReportedUrisBecomeObservablesAndInvalidOnesAreCounted() {
        var report = AbuseReports.read(sample("arf-fraud-uri.eml"));

        assertThat(report.rsitCategory()).isEqualTo("fraud");
        assertThat(report.rsitType()).isEqualTo("phishing");
        assertThat(report.observables())
                .containsExactly(
                        new Observable(ObservableType.IPV6, "2001:db8::25"),
                        new Observable(ObservableType.URL, "https://login-bank.example/secure/verify?id=42"),
                        new Observable(ObservableType.EMAIL, "payouts@fraudster.example"));
        assertThat(report.droppedObservables()).isEqualTo(1);
        assertThat(report.evidence().filename()).isEqualTo("original-headers.txt");
        assertThat(report.evidence().contentType()).isEqualTo("text/rfc822-headers");
        assertThat(report.reportedAt()).isEqualTo(Instant.parse("2026-12-08T06:41:09Z"));
    }

    @Test
    void anArfReportWithoutFeedbackTypeIsRefusedNamingTheField() {
        var text = sampleText("arf-abuse-spam.eml").replace("Feedback-Type: abuse\n", "");

        var e = refusal(MailKindsTest.parse(text));

        assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
        assertThat(e.getMessage()).isEqualTo("ARF report lacks the mandatory field 'Feedback-Type'");
    }

    @Test
    void anXarfLoginAttackIsBruteForceWithTheSourceIpPortAndServiceAndTheLogAsEvidence() {
        var report = AbuseReports.read(sample("xarf-login-attack.eml"));

        assertThat(report.format()).isEqualTo(MailKinds.Kind.XARF);
        assertThat(report.reportType()).isEqualTo("abuse/login-attack");
        assertThat(report.rsitCategory()).isEqualTo("intrusion-attempts");
        assertThat(report.rsitType()).isEqualTo("brute-force");
        assertThat(report.observables()).containsExactly(new Observable(ObservableType.IPV4, "198.51.100.23"));
        assertThat(report.port()).isEqualTo(22);
        assertThat(report.service()).isEqualTo("ssh");
        assertThat(report.reporter()).isEqualTo("reports@blocklist.example");
        assertThat(report.reportedAt()).isEqualTo(Instant.parse("2026-12-07T08:15:00Z"));
        assertThat(report.title()).isEqualTo("X-ARF abuse/login-attack report: 198.51.100.23");
        assertThat(report.evidence().filename()).isEqualTo("logfile.log");
        assertThat(new String(report.evidence().content(), UTF_8)).contains("Failed password for root");
        assertThat(report.description()).contains("64").contains("Report-ID: 4711@blocklist.example");
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void anXarfReportWithoutSourceIsRefusedNamingTheFieldWithoutQuotingTheReport() {
        var e = refusal(sample("xarf-missing-source.eml"));

        assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
        assertThat(e.getMessage()).isEqualTo("X-ARF report lacks the mandatory field 'Source'");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Reported-From: reports@blocklist.example|Reported-From: ''|Reported-From",
                "Category: abuse|Categorie: abuse|Category",
                "Report-ID: 4711@blocklist.example|Report-ID: [a, b]|Report-ID",
                "Date: 2026-12-07T08:15:00+00:00|Date:|Date"
            })
    void everyMandatoryXarfFieldIsRequired(String line, String replacement, String field) {
        var e = refusal(xarfWith(line, replacement));

        assertThat(e.getMessage()).contains("'" + field + "'").doesNotContain("blocklist.example");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Service: ssh|Service: !!binary c3No",
                "Service: ssh|Service: !custom ssh",
                "Port: 22|Port: 22\\nPort: 23",
                "Service: ssh|Service: [unclosed"
            })
    void anXarfReportThatIsNotPlainYamlIsRefused(String line, String replacement) {
        var e = refusal(xarfWith(line, replacement.replace("\\n", "\n")));

        assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
        assertThat(e.getMessage()).startsWith("X-ARF report.txt is not plain YAML (line ");
    }

    @Test
    void anXarfAliasIsRefusedRatherThanExpanded() {
        var e = refusal(xarfWith("Service: ssh", "Service: &s ssh\nTLP-Note: *s"));

        assertThat(e.getMessage()).startsWith("X-ARF report.txt is not plain YAML");
    }

    @Test
    void anXarfMessageWithoutReportTxtIsRefused() {
        var e = refusal(MailKindsTest.parse(sampleText("xarf-login-attack.eml").replace("report.txt", "notes.txt")));

        assertThat(e.getMessage()).isEqualTo("X-ARF message has no report.txt part");
    }

    @Test
    void anXarfReportedFromThatIsNoMailboxFallsBackToTheSenderWithAWarning() {
        var report = AbuseReports.read(xarfWith(
                "Reported-From: reports@blocklist.example", "Reported-From: reports@blocklist.example, x@y.example"));

        assertThat(report.reporter()).isEqualTo("reports@blocklist.example");
        assertThat(report.warnings()).anyMatch(w -> w.startsWith("Reported-From is not a valid address"));
    }

    @Test
    void anXarfSourceThatIsNoValidAddressIsDroppedAndCounted() {
        var report = AbuseReports.read(xarfWith("Source: 198.51.100.23", "Source: 198.51.100.300"));

        assertThat(report.observables()).isEmpty();
        assertThat(report.droppedObservables()).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({
        "abuse, abusive-content, spam",
        "fraud, fraud, phishing",
        "virus, malicious-code, malware-distribution",
        "auth-failure, fraud, masquerade",
        "not-spam, other, other",
        "other, other, undetermined",
        "opt-out, other, undetermined"
    })
    void arfFeedbackTypesMapToRsit(String feedbackType, String category, String type) {
        assertThat(AbuseReports.rsitOfFeedbackType(feedbackType)).isEqualTo(new AbuseReports.RsitType(category, type));
    }

    @ParameterizedTest
    @CsvSource({
        "abuse, login-attack, intrusion-attempts, brute-force",
        "abuse, port-scan, information-gathering, scanner",
        "info, scan, information-gathering, scanner",
        "abuse, spam, abusive-content, spam",
        "fraud, phishing-website, fraud, phishing",
        "fraud, something-new, fraud, phishing",
        "malware, malware-website, malicious-code, malware-distribution",
        "malware, malware, malicious-code, infected-system",
        "malware, botnet-drone, malicious-code, infected-system",
        "abuse, ddos, availability, ddos",
        "login-attack, anything, intrusion-attempts, brute-force",
        "private-message, harassment, other, undetermined",
        "abuse, something-new, other, undetermined"
    })
    void xarfCategoriesAndReportTypesMapToRsit(String category, String reportType, String rsitCategory, String type) {
        assertThat(AbuseReports.rsitOfXarf(category, reportType))
                .isEqualTo(new AbuseReports.RsitType(rsitCategory, type));
    }

    @Test
    void aMessageThatIsNoReportIsRefused() {
        var e = refusal(MailKindsTest.message("soc@bank.example", "Re: your notice"));

        assertThat(e.getMessage()).isEqualTo("the message is not an ARF or X-ARF abuse report");
    }
}
