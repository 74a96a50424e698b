package org.opencirt.observable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ObservableExtractorTest {

    private static final String SHA256 = "9f86d081884c7d659a2feae0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private static final String ANALYST_MAIL = """
            Subject: FW: [CERT-AB] Phishing wave against banks - IOCs

            Hi all,

            since this morning we see a phishing wave. Victims receive a mail from
            billing[at]secure-payments[.]example[.]net with an attachment Invoice_2024-11.pdf.exe
            (also seen as invoice.pdf and readme.txt in the same archive invoice.zip).

            The link in the mail points to hxxps://login[.]bank-example[.]com/verify?id=4711 which
            redirects to hxxp://198.51.100[.]23:8080/gate.php. The kit also talks to
            2001:DB8:0:0:0:0:0:42 and to the network 203.0.113.0/24 (hosted at AS64500).

            SHA256 of the dropper: 9F86D081884C7D659A2FEAE0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08
            It exploits CVE-2024-3400, see https://nvd.example.org/vuln/detail/CVE-2024-3400).
            Our scanner version 2.4.1 flagged it, v1.2.3 did not. Version 10.2.0.1 of the agent is fine.

            Please block login.bank-example.com. e.g. at the proxy; i.e. do not only rely on DNS.
            Mail abuse@bank-example.com or ABUSE@BANK-EXAMPLE.COM with questions.

            Thanks,
            J. Analyst
            """;

    private static Observable o(ObservableType type, String value) {
        return new Observable(type, value);
    }

    @Test
    void findsEveryObservableOfAnAnalystMailInOrderOfAppearance() {
        assertThat(ObservableExtractor.extract(ANALYST_MAIL, 100))
                .containsExactly(
                        o(ObservableType.EMAIL, "billing@secure-payments.example.net"),
                        o(ObservableType.DOMAIN, "secure-payments.example.net"),
                        o(ObservableType.DOMAIN, "invoice.zip"),
                        o(ObservableType.URL, "https://login.bank-example.com/verify?id=4711"),
                        o(ObservableType.DOMAIN, "login.bank-example.com"),
                        o(ObservableType.URL, "http://198.51.100.23:8080/gate.php"),
                        o(ObservableType.IPV4, "198.51.100.23"),
                        o(ObservableType.IPV6, "2001:db8::42"),
                        o(ObservableType.CIDR, "203.0.113.0/24"),
                        o(ObservableType.ASN, "AS64500"),
                        o(ObservableType.SHA256, SHA256),
                        o(ObservableType.CVE, "CVE-2024-3400"),
                        o(ObservableType.URL, "https://nvd.example.org/vuln/detail/CVE-2024-3400"),
                        o(ObservableType.DOMAIN, "nvd.example.org"),
                        o(ObservableType.IPV4, "10.2.0.1"),
                        o(ObservableType.EMAIL, "abuse@bank-example.com"),
                        o(ObservableType.DOMAIN, "bank-example.com"),
                        o(ObservableType.EMAIL, "ABUSE@bank-example.com"));
    }

    @Test
    void theMaxCapKeepsTheFirstObservables() {
        assertThat(ObservableExtractor.extract(ANALYST_MAIL, 3))
                .containsExactly(
                        o(ObservableType.EMAIL, "billing@secure-payments.example.net"),
                        o(ObservableType.DOMAIN, "secure-payments.example.net"),
                        o(ObservableType.DOMAIN, "invoice.zip"));
        assertThat(ObservableExtractor.extract(ANALYST_MAIL, 0)).isEmpty();
    }

    @Test
    void aNegativeMaxIsRefused() {
        assertThatThrownBy(() -> ObservableExtractor.extract("1.2.3.4", -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eachObservableIsReportedOnceEvenWhenWrittenDifferently() {
        String text = "198.51.100.7, 198.51.100[.]7 and 198.51.100.7; EXAMPLE.com, example[.]com, example.com. "
                + "d41d8cd98f00b204e9800998ecf8427e D41D8CD98F00B204E9800998ECF8427E";
        assertThat(ObservableExtractor.extract(text, 100))
                .containsExactly(
                        o(ObservableType.IPV4, "198.51.100.7"),
                        o(ObservableType.DOMAIN, "example.com"),
                        o(ObservableType.MD5, "d41d8cd98f00b204e9800998ecf8427e"));
    }

    @Test
    void theHostOfAUrlIsReportedAsDomainOrAddress() {
        String text = "hxxp://[2001:db8::1]:8443/x and http://198.51.100.9/a and ftp://Files.Example.org/pub";
        assertThat(ObservableExtractor.extract(text, 100))
                .containsExactly(
                        o(ObservableType.URL, "http://[2001:db8::1]:8443/x"),
                        o(ObservableType.IPV6, "2001:db8::1"),
                        o(ObservableType.URL, "http://198.51.100.9/a"),
                        o(ObservableType.IPV4, "198.51.100.9"),
                        o(ObservableType.URL, "ftp://files.example.org/pub"),
                        o(ObservableType.DOMAIN, "files.example.org"));
    }

    @Test
    void nothingElseIsTakenFromInsideAUrl() {
        String text = "https://example.com/dl/d41d8cd98f00b204e9800998ecf8427e?next=evil.example.net";
        assertThat(ObservableExtractor.extract(text, 100))
                .containsExactly(o(ObservableType.URL, text), o(ObservableType.DOMAIN, "example.com"));
    }

    @Test
    void urlsEndBeforePunctuationAndUnbalancedBrackets() {
        String text = "See <http://example.com/a>, (https://example.com/b) and [x](https://example.com/wiki/A_(b)). "
                + "Also 'http://example.com/c'! \"http://example.com/d\"";
        assertThat(ObservableExtractor.extract(text, 100))
                .containsExactly(
                        o(ObservableType.URL, "http://example.com/a"),
                        o(ObservableType.DOMAIN, "example.com"),
                        o(ObservableType.URL, "https://example.com/b"),
                        o(ObservableType.URL, "https://example.com/wiki/A_(b)"),
                        o(ObservableType.URL, "http://example.com/c"),
                        o(ObservableType.URL, "http://example.com/d"));
    }

    @Test
    void fileNamesAreNotDomainsUnlessTheirExtensionIsARealTld() {
        String text = "Attachments: invoice.pdf, setup.exe, readme.txt, report.docx, data.json, run.js, "
                + "and also invoice.zip and clip.mov.";
        assertThat(ObservableExtractor.extract(text, 100))
                .containsExactly(o(ObservableType.DOMAIN, "invoice.zip"), o(ObservableType.DOMAIN, "clip.mov"));
    }

    @Test
    void dottedVersionNumbersAreAddressesOnlyWhenTheyAreValidAddresses() {
        String text = "Upgrade from 1.2.3.4 to v1.2.3, not 1.2.3, 2.0, 1.2.3.4.5, 256.1.1.1 or 01.02.03.04.";
        assertThat(ObservableExtractor.extract(text, 100)).containsExactly(o(ObservableType.IPV4, "1.2.3.4"));
    }

    @Test
    void addressesWithPortsPathsAndBracketsAreFound() {
        String text = "198.51.100.7:8080 example.com/path/x.php [2001:db8::5]:443 10.0.0.0/8, fe80::1 "
                + "IP:203.0.113.9 2001:db8::/48.";
        assertThat(ObservableExtractor.extract(text, 100))
                .containsExactly(
                        o(ObservableType.IPV4, "198.51.100.7"),
                        o(ObservableType.DOMAIN, "example.com"),
                        o(ObservableType.IPV6, "2001:db8::5"),
                        o(ObservableType.CIDR, "10.0.0.0/8"),
                        o(ObservableType.IPV6, "fe80::1"),
                        o(ObservableType.IPV4, "203.0.113.9"),
                        o(ObservableType.CIDR, "2001:db8::/48"));
    }

    @Test
    void timesMacAddressesAndCodeAreNotIpv6() {
        String text = "at 12:30:45, MAC 00:11:22:33:44:55, std::vector and a::b";
        assertThat(ObservableExtractor.extract(text, 100)).isEmpty();
    }

    @Test
    void hashesAreHexRunsOfExactLengthBoundedByNonWordCharacters() {
        String md5 = "d41d8cd98f00b204e9800998ecf8427e";
        String sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
        String text = "md5:" + md5.toUpperCase() + " sha1=" + sha1 + " x" + md5 + " " + md5 + "_ " + md5.substring(1)
                + " " + md5 + "0 " + SHA256 + "-tail";
        assertThat(ObservableExtractor.extract(text, 100))
                .containsExactly(
                        o(ObservableType.MD5, md5), o(ObservableType.SHA1, sha1), o(ObservableType.SHA256, SHA256));
    }

    @Test
    void cveIdsAndPrefixedAsNumbersAreFound() {
        String text = "cve-2021-44228 and CVE-2024-12345; AS64500, ASN64501, as64502 but not 64503, AS64504x, "
                + "BAS64505, CVE-1998-1234 or CVE-2024-123";
        assertThat(ObservableExtractor.extract(text, 100))
                .containsExactly(
                        o(ObservableType.CVE, "CVE-2021-44228"),
                        o(ObservableType.CVE, "CVE-2024-12345"),
                        o(ObservableType.ASN, "AS64500"),
                        o(ObservableType.ASN, "AS64501"),
                        o(ObservableType.ASN, "AS64502"));
    }

    @Test
    void defangedAndSpacedIndicatorsAreFound() {
        String text = "C2 at evil . example . com and evil2 dot example dot org; contact john (at) example (dot) net.";
        assertThat(ObservableExtractor.extract(text, 100))
                .containsExactly(
                        o(ObservableType.DOMAIN, "evil.example.com"),
                        o(ObservableType.DOMAIN, "evil2.example.org"),
                        o(ObservableType.EMAIL, "john@example.net"),
                        o(ObservableType.DOMAIN, "example.net"));
    }

    @Test
    void internationalisedDomainsAreFoundInPunycode() {
        assertThat(ObservableExtractor.extract("Fake shop at bücher-shop.de and пример.рф.", 10))
                .containsExactly(
                        o(ObservableType.DOMAIN, "xn--bcher-shop-9db.de"),
                        o(ObservableType.DOMAIN, "xn--e1afmkfd.xn--p1ai"));
    }

    @Test
    void valuesThatFailNormalisationAreSkipped() {
        String text = "http://localhost:8080/ 999.999.1.1 user@localhost printer.corp.local "
                + "http://999.1.1.1/ 010.1.1.1 then 198.51.100.1";
        assertThat(ObservableExtractor.extract(text, 100)).containsExactly(o(ObservableType.IPV4, "198.51.100.1"));
    }

    @Test
    void onlyTheFirstMillionCharactersAreRead() {
        String padding = " ".repeat(ObservableExtractor.MAX_TEXT - 20);
        assertThat(ObservableExtractor.extract(padding + "198.51.100.1 " + "198.51.100.2", 10))
                .containsExactly(o(ObservableType.IPV4, "198.51.100.1"));
    }

    @Test
    void emptyAndNullTextsHaveNoObservables() {
        assertThat(ObservableExtractor.extract("", 10)).isEmpty();
        assertThat(ObservableExtractor.extract(null, 10)).isEmpty();
        assertThat(ObservableExtractor.extract("Nothing to see here. Really.", 10))
                .isEmpty();
    }

    static Stream<Arguments> adversarialTexts() {
        int n = ObservableExtractor.MAX_TEXT;
        return Stream.of(
                Arguments.of("a.a.a.a", (Supplier<String>) () -> "a.".repeat(n / 2)),
                Arguments.of("1.1.1.1", (Supplier<String>) () -> "1.".repeat(n / 2)),
                Arguments.of("one hex run", (Supplier<String>) () -> "a".repeat(n)),
                Arguments.of("hex runs of hash length", (Supplier<String>) () -> (SHA256 + " ").repeat(n / 65)),
                Arguments.of("at signs", (Supplier<String>) () -> "a@".repeat(n / 2)),
                Arguments.of("e-mail lookalikes", (Supplier<String>) () -> "a@b.".repeat(n / 4)),
                Arguments.of("schemes", (Supplier<String>) () -> "http://".repeat(n / 7)),
                Arguments.of("url with brackets", (Supplier<String>) () -> "http://a.com/" + ")]".repeat(n / 2)),
                Arguments.of("spaced dots", (Supplier<String>) () -> "a . ".repeat(n / 4)),
                Arguments.of("spaced domains", (Supplier<String>) () -> "example . com ".repeat(n / 14)),
                Arguments.of("dot words", (Supplier<String>) () -> "a dot ".repeat(n / 6)),
                Arguments.of("nested brackets", (Supplier<String>) () -> "[".repeat(n / 2) + "." + "]".repeat(n / 2)),
                Arguments.of("colons", (Supplier<String>) () -> "1:".repeat(n / 2)),
                Arguments.of("slashes", (Supplier<String>) () -> "1/".repeat(n / 2)),
                Arguments.of("cve prefixes", (Supplier<String>) () -> "CVE-2024-".repeat(n / 9)),
                Arguments.of("digits", (Supplier<String>) () -> "AS" + "1".repeat(n - 2)),
                Arguments.of("addresses", (Supplier<String>) () -> "198.51.100.7 ".repeat(n / 13)),
                Arguments.of("blanks", (Supplier<String>) () -> " \t".repeat(n / 2)),
                Arguments.of("backslashes", (Supplier<String>) () -> "\\".repeat(n)),
                Arguments.of("distinct e-mail lookalikes", (Supplier<String>) () -> numbered(n, "u%d@h%d.notatld ")),
                Arguments.of("distinct domains", (Supplier<String>) () -> numbered(n, "h%d.example.com ")),
                Arguments.of("distinct spaced domains", (Supplier<String>) () -> numbered(n, "h%d . example . com ")),
                Arguments.of("longer than the limit", (Supplier<String>) () -> "a.".repeat(n)));
    }

    /** Text of about {@code length} characters: the pattern repeated with a growing number. */
    private static String numbered(int length, String pattern) {
        StringBuilder text = new StringBuilder(length + 100);
        for (int i = 0; text.length() < length; i++) {
            text.append(pattern.replace("%d", Integer.toString(i)));
        }
        return text.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adversarialTexts")
    void aMillionCharactersOfAdversarialTextAreExtractedQuickly(String name, Supplier<String> text) {
        String input = text.get();
        List<Observable> found =
                assertTimeoutPreemptively(Duration.ofSeconds(5), () -> ObservableExtractor.extract(input, 1000));
        assertThat(found).hasSizeLessThanOrEqualTo(1000);
    }
}
