package org.opencirt.observable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NormaliserTest {

    private static String normalised(String type, String raw) {
        return Normaliser.normalise(ObservableType.fromWire(type), raw).value();
    }

    private static void assertRefused(String type, String raw, String message) {
        assertThatThrownBy(() -> Normaliser.normalise(ObservableType.fromWire(type), raw))
                .isInstanceOf(InvalidObservableException.class)
                .hasMessage(message);
    }

    @Nested
    class Everything {

        @Test
        void valuesLongerThan4096CharactersAreRefusedUpFront() {
            String hash = "a".repeat(4097);
            assertRefused("filename", hash, "the value is longer than 4096 characters");
            assertRefused("domain", " ".repeat(4097), "the value is longer than 4096 characters");
        }

        @Test
        void blankAndMissingValuesAreRefused() {
            assertRefused("domain", "   ", "a value is required for a domain name");
            assertRefused("ipv4", null, "a value is required for an IPv4 address");
        }

        @Test
        void tryNormaliseAnswersEmptyInsteadOfThrowing() {
            assertThat(Normaliser.tryNormalise(ObservableType.IPV4, "999.1.1.1"))
                    .isEmpty();
            assertThat(Normaliser.tryNormalise(ObservableType.IPV4, "1.1.1[.]1"))
                    .contains(new Observable(ObservableType.IPV4, "1.1.1.1"));
        }
    }

    @Nested
    class Addresses {

        @ParameterizedTest(name = "{0} {1} -> {2}")
        @CsvSource(
                delimiter = '|',
                quoteCharacter = '"',
                value = {
                    "ipv4 | 198.51.100.7             | 198.51.100.7",
                    "ipv4 | \" 198.51.100.7 \"         | 198.51.100.7",
                    "ipv4 | 198[.]51[.]100[.]7       | 198.51.100.7",
                    "ipv4 | 0.0.0.0                  | 0.0.0.0",
                    "ipv4 | 255.255.255.255          | 255.255.255.255",
                    "ipv6 | 2001:DB8:0:0:0:0:0:1     | 2001:db8::1",
                    "ipv6 | 2001:0db8:0000:0000:0001:0000:0000:0001 | 2001:db8::1:0:0:1",
                    "ipv6 | 2001:db8:0:0:1:0:0:0     | 2001:db8:0:0:1::",
                    "ipv6 | 2001:db8:0:1:1:1:1:1     | 2001:db8:0:1:1:1:1:1",
                    "ipv6 | 0:0:0:0:0:0:0:1          | ::1",
                    "ipv6 | [2001:db8::1]            | 2001:db8::1",
                    "ipv6 | ::FFFF:198.51.100.7      | ::ffff:198.51.100.7",
                    "ipv6 | ::ffff:c633:6407         | ::ffff:198.51.100.7",
                    "cidr | 198.51.100.0/24          | 198.51.100.0/24",
                    "cidr | 198.51.100.7/24          | 198.51.100.0/24",
                    "cidr | 198.51.100.7             | 198.51.100.7/32",
                    "cidr | 10.1.2.3/8               | 10.0.0.0/8",
                    "cidr | 0.0.0.0/0                | 0.0.0.0/0",
                    "cidr | 2001:DB8::/32            | 2001:db8::/32",
                    "cidr | 2001:db8:1234::1/32      | 2001:db8::/32",
                    "cidr | 2001:db8::1              | 2001:db8::1/128",
                })
        void addressesAndNetworksTakeTheirCanonicalForm(String type, String raw, String expected) {
            assertThat(normalised(type, raw)).isEqualTo(expected);
        }

        @ParameterizedTest(name = "{0} {1}")
        @CsvSource(
                delimiter = '|',
                quoteCharacter = '"',
                value = {
                    "ipv4 | 999.1.1.1          | '999.1.1.1' is not an IPv4 address",
                    "ipv4 | 1.2.3              | '1.2.3' is not an IPv4 address",
                    "ipv4 | 1.2.3.4.5          | '1.2.3.4.5' is not an IPv4 address",
                    "ipv4 | 0x7f.0.0.1         | '0x7f.0.0.1' is not an IPv4 address",
                    "ipv4 | 2130706433         | '2130706433' is not an IPv4 address",
                    "ipv4 | 2001:db8::1        | '2001:db8::1' is not an IPv4 address",
                    "ipv4 | 010.1.1.1          | '010.1.1.1' is ambiguous: an IPv4 number with a leading zero may be read as octal; write it without leading zeros",
                    "ipv4 | 198.51.100.0/24    | '198.51.100.0/24' has a prefix length: it is a network, use type cidr",
                    "ipv6 | 198.51.100.7       | '198.51.100.7' is an IPv4 address, not an IPv6 address",
                    "ipv6 | 2001:db8::/32      | '2001:db8::/32' has a prefix length: it is a network, use type cidr",
                    "ipv6 | fe80::1%eth0       | 'fe80::1%eth0' is not an IPv6 address",
                    "ipv6 | 2001:db8::g        | '2001:db8::g' is not an IPv6 address",
                    "ipv6 | 1:2:3:4:5:6:7:8:9  | '1:2:3:4:5:6:7:8:9' is not an IPv6 address",
                    "cidr | 198.51.100.0/33    | '198.51.100.0/33' is not a CIDR network (address/prefix length)",
                    "cidr | 198.51.100.0/255.255.255.0 | '198.51.100.0/255.255.255.0' is not a CIDR network (address/prefix length)",
                    "cidr | 2001:db8::/129     | '2001:db8::/129' is not a CIDR network (address/prefix length)",
                    "ipv4 | 198.51.100.07      | '198.51.100.07' is ambiguous: an IPv4 number with a leading zero may be read as octal; write it without leading zeros",
                    "ipv4 | 198.51..7          | '198.51..7' is not an IPv4 address",
                    "ipv4 | 198.51.100.7.      | '198.51.100.7.' is not an IPv4 address",
                    "cidr | 10.01.0.0/16       | '10.01.0.0/16' is ambiguous: an IPv4 number with a leading zero may be read as octal; write it without leading zeros",
                    "cidr | 010.0.0.0/8        | '010.0.0.0/8' is ambiguous: an IPv4 number with a leading zero may be read as octal; write it without leading zeros",
                    "cidr | example.com/24     | 'example.com/24' is not a CIDR network (address/prefix length)",
                })
        void invalidAddressesAreRefusedWithTheReason(String type, String raw, String message) {
            assertRefused(type, raw, message);
        }
    }

    @Nested
    class Domains {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(
                delimiter = '|',
                quoteCharacter = '"',
                value = {
                    "example.com               | example.com",
                    "\"  Example.COM  \"         | example.com",
                    "example.com.              | example.com",
                    "www.example.co.uk         | www.example.co.uk",
                    "example[.]com             | example.com",
                    "bücher.example            | xn--bcher-kva.example",
                    "BÜCHER.de                 | xn--bcher-kva.de",
                    "xn--bcher-kva.de          | xn--bcher-kva.de",
                    "пример.рф                 | xn--e1afmkfd.xn--p1ai",
                    "example。com              | example.com",
                    "co.uk                     | co.uk",
                    "user.github.io            | user.github.io",
                    "github.io                 | github.io",
                    "invoice.zip               | invoice.zip",
                    "a-b.example.org           | a-b.example.org",
                    "123.example.net           | 123.example.net",
                })
        void domainsAreLowerCasePunycodeWithoutTrailingDot(String raw, String expected) {
            assertThat(normalised("domain", raw)).isEqualTo(expected);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(
                delimiter = '|',
                quoteCharacter = '"',
                value = {
                    "localhost            | 'localhost' is not a domain name: it has a single label; a domain needs a name and a public suffix",
                    "com                  | 'com' is not a domain name: it has a single label; a domain needs a name and a public suffix",
                    "report.pdf           | 'report.pdf' is not a domain name: 'pdf' is not a public suffix",
                    "setup.exe            | 'setup.exe' is not a domain name: 'exe' is not a public suffix",
                    "printer.corp.local   | 'printer.corp.local' is not a domain name: 'local' is not a public suffix",
                    "1.2.3.4              | '1.2.3.4' is not a domain name: '4' is not a public suffix",
                    "exa_mple.com         | 'exa_mple.com' is not a domain name: it contains '_'; labels are letters, digits and '-'",
                    "-example.com         | '-example.com' is not a domain name: label '-example' starts or ends with '-'",
                    "example-.com         | 'example-.com' is not a domain name: label 'example-' starts or ends with '-'",
                    "example..com         | 'example..com' is not a domain name: it has an empty label",
                    "example.com..        | 'example.com..' is not a domain name: it has an empty label",
                    "xn--zz.com           | 'xn--zz.com' is not a domain name: label 'xn--zz' is not valid punycode",
                    "http://example.com   | 'http://example.com' is not a domain name: it contains ':'; labels are letters, digits and '-'",
                })
        void invalidDomainsAreRefusedWithTheReason(String raw, String message) {
            assertRefused("domain", raw, message);
        }

        @Test
        void labelsAreAtMost63AndNamesAtMost253Characters() {
            String label63 = "a".repeat(63);
            assertThat(normalised("domain", label63 + ".com")).isEqualTo(label63 + ".com");
            assertRefused(
                    "domain",
                    "a".repeat(64) + ".com",
                    "'" + "a".repeat(64) + ".com' is not a domain name: label '" + "a".repeat(64)
                            + "' is longer than 63 characters");

            String name253 = (label63 + ".").repeat(3) + "a".repeat(57) + ".com"; // 192 + 57 + 4 = 253
            assertThat(name253).hasSize(253);
            assertThat(normalised("domain", name253)).isEqualTo(name253);
            assertThatThrownBy(() -> Normaliser.normalise(ObservableType.DOMAIN, "a" + name253))
                    .hasMessageEndingWith("is not a domain name: it is longer than 253 characters");
        }
    }

    @Nested
    class Urls {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(
                delimiter = '|',
                quoteCharacter = '"',
                value = {
                    "http://example.com/                          | http://example.com/",
                    "HTTP://EXAMPLE.COM/Path/To?Query=A#Frag       | http://example.com/Path/To?Query=A#Frag",
                    "hxxps://evil[.]example[.]com/gate.php         | https://evil.example.com/gate.php",
                    "hxxp[:]//evil(.)example(.)com                 | http://evil.example.com",
                    "http://example.com:80/a                       | http://example.com/a",
                    "https://example.com:443/a                     | https://example.com/a",
                    "http://example.com:443/a                      | http://example.com:443/a",
                    "https://example.com:8443                      | https://example.com:8443",
                    "http://example.com:/a                         | http://example.com/a",
                    "ftp://files.example.com:21/pub                | ftp://files.example.com/pub",
                    "sftp://files.example.com/pub                  | sftp://files.example.com/pub",
                    "http://bücher.example/Straße?q=ä              | http://xn--bcher-kva.example/Straße?q=ä",
                    "http://example.com/a%20b/%7Euser?x=%2F&y=a+b  | http://example.com/a%20b/%7Euser?x=%2F&y=a+b",
                    "http://example.com/a/../b/./c                 | http://example.com/a/../b/./c",
                    "http://198.51.100.7:8080/x                    | http://198.51.100.7:8080/x",
                    "http://[2001:DB8:0:0:0:0:0:1]:80/x            | http://[2001:db8::1]/x",
                    "http://[2001:db8::1]:8080                     | http://[2001:db8::1]:8080",
                    "http://User:Secret@Example.com/               | http://User:Secret@example.com/",
                    "http://paypal.com@evil.example.net/login      | http://paypal.com@evil.example.net/login",
                    "http://example.com?q=1                        | http://example.com?q=1",
                    "http://example.com#top                        | http://example.com#top",
                })
        void urlsHaveLowerCaseSchemeAndHostAndKeepTheRestAsWritten(String raw, String expected) {
            assertThat(normalised("url", raw)).isEqualTo(expected);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(
                delimiter = '|',
                quoteCharacter = '"',
                value = {
                    "example.com/path              | 'example.com/path' is not a URL: it must start with a scheme and '://' (http, https, ftp or sftp)",
                    "gopher://example.com/         | 'gopher://example.com/' is not a URL: scheme 'gopher' is not one of http, https, ftp, sftp",
                    "javascript:alert(1)           | 'javascript:alert(1)' is not a URL: it must start with a scheme and '://' (http, https, ftp or sftp)",
                    "http://                       | 'http://' is not a URL: it has no host",
                    "http:///path                  | 'http:///path' is not a URL: it has no host",
                    "http://exa mple.com/        | 'http://exa mple.com/' is not a URL: it contains white space",
                    "http://example.com/a b      | 'http://example.com/a b' is not a URL: it contains white space",
                    "http://localhost:8080/        | 'http://localhost:8080/' is not a URL: host 'localhost' is not a domain name: it has a single label; a domain needs a name and a public suffix",
                    "http://999.1.1.1/             | 'http://999.1.1.1/' is not a URL: host '999.1.1.1' is not an IPv4 address",
                    "http://[2001:db8::zz]/        | 'http://[2001:db8::zz]/' is not a URL: host '2001:db8::zz' is not an IPv6 address",
                    "http://[2001:db8::1/          | 'http://[2001:db8::1/' is not a URL: the IPv6 host has no closing ']'",
                    "http://example.com:99999/     | 'http://example.com:99999/' is not a URL: port '99999' is not a number from 1 to 65535",
                    "http://example.com:0/         | 'http://example.com:0/' is not a URL: port '0' is not a number from 1 to 65535",
                    "http://example.com:http/      | 'http://example.com:http/' is not a URL: port 'http' is not a number from 1 to 65535",
                })
        void invalidUrlsAreRefusedWithTheReason(String raw, String message) {
            assertRefused("url", raw, message);
        }

        @Test
        void urlsAreAtMost2048Characters() {
            String base = "http://example.com/";
            String longest = base + "a".repeat(2048 - base.length());
            assertThat(normalised("url", longest)).hasSize(2048);
            assertRefused(
                    "url",
                    longest + "a",
                    Refusals.quote(longest + "a") + " is not a URL: it is longer than 2048 characters");
        }

        @Test
        void controlCharactersInUrlsAreRefused() {
            assertThatThrownBy(() -> Normaliser.normalise(ObservableType.URL, "http://example.com/a\u0000b"))
                    .hasMessageEndingWith("is not a URL: it contains a NUL character");
        }
    }

    @Nested
    class Emails {

        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(
                delimiter = '|',
                quoteCharacter = '"',
                value = {
                    "John.Doe@Example.COM            | John.Doe@example.com",
                    "\" abuse@example.net \"           | abuse@example.net",
                    "abuse[at]example[.]net          | abuse@example.net",
                    "abuse [at] example [dot] net    | abuse@example.net",
                    "abuse(@)example(.)net           | abuse@example.net",
                    "first+tag@sub.example.org       | first+tag@sub.example.org",
                    "o'brien@example.ie              | o'brien@example.ie",
                    "user@bücher.de                  | user@xn--bcher-kva.de",
                    "mailto:abuse@example.net        | abuse@example.net",
                })
        void emailsKeepTheLocalPartAndNormaliseTheDomain(String raw, String expected) {
            assertThat(normalised("email", raw)).isEqualTo(expected);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(
                delimiter = '|',
                quoteCharacter = '"',
                value = {
                    "abuse                   | 'abuse' is not an e-mail address: expected local-part@domain",
                    "@example.com            | '@example.com' is not an e-mail address: expected local-part@domain",
                    "abuse@                  | 'abuse@' is not an e-mail address: expected local-part@domain",
                    "abuse@localhost         | 'abuse@localhost' is not an e-mail address: domain 'localhost' is not a domain name: it has a single label; a domain needs a name and a public suffix",
                    "abuse@report.pdf        | 'abuse@report.pdf' is not an e-mail address: domain 'report.pdf' is not a domain name: 'pdf' is not a public suffix",
                    "a@b@example.com         | 'a@b@example.com' is not an e-mail address: the local part contains '@'",
                    "a b@example.com       | 'a b@example.com' is not an e-mail address: it contains white space",
                    "a..b@example.com        | 'a..b@example.com' is not an e-mail address: the local part starts or ends with a dot, or has two dots in a row",
                    ".ab@example.com         | '.ab@example.com' is not an e-mail address: the local part starts or ends with a dot, or has two dots in a row",
                    "a(b)@example.com        | 'a(b)@example.com' is not an e-mail address: the local part contains '('",
                    "abuse@[198.51.100.7]    | 'abuse@[198.51.100.7]' is not an e-mail address: domain '[198.51.100.7]' is not a domain name: it contains '['; labels are letters, digits and '-'",
                })
        void invalidEmailsAreRefusedWithTheReason(String raw, String message) {
            assertRefused("email", raw, message);
        }

        @Test
        void emailsAreAtMost254CharactersWithALocalPartOfAtMost64() {
            String local64 = "l".repeat(64);
            assertThat(normalised("email", local64 + "@example.com")).isEqualTo(local64 + "@example.com");
            assertRefused(
                    "email",
                    local64 + "l@example.com",
                    Refusals.quote(local64 + "l@example.com")
                            + " is not an e-mail address: the local part is longer than 64 characters");

            String address254 = local64 + "@" + "d".repeat(63) + "." + "d".repeat(63) + "." + "d".repeat(57) + ".com";
            assertThat(address254).hasSize(254);
            assertThat(normalised("email", address254)).isEqualTo(address254);
            String address255 = local64 + "@" + "d".repeat(63) + "." + "d".repeat(63) + "." + "d".repeat(58) + ".com";
            assertRefused(
                    "email",
                    address255,
                    Refusals.quote(address255) + " is not an e-mail address: it is longer than 254 characters");
        }
    }

    @Nested
    class Identifiers {

        @ParameterizedTest(name = "{0} {1} -> {2}")
        @CsvSource(
                delimiter = '|',
                quoteCharacter = '"',
                value = {
                    "md5    | D41D8CD98F00B204E9800998ECF8427E | d41d8cd98f00b204e9800998ecf8427e",
                    "sha1   | DA39A3EE5E6B4B0D3255BFEF95601890AFD80709 | da39a3ee5e6b4b0d3255bfef95601890afd80709",
                    "sha256 | \" E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855 \" | e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                    "asn    | AS64500         | AS64500",
                    "asn    | as64500         | AS64500",
                    "asn    | ASN64500        | AS64500",
                    "asn    | 64500           | AS64500",
                    "asn    | 1               | AS1",
                    "asn    | AS4294967295    | AS4294967295",
                    "cve    | cve-2024-12345  | CVE-2024-12345",
                    "cve    | CVE-1999-0001   | CVE-1999-0001",
                    "cve    | CVE-2100-1234567 | CVE-2100-1234567",
                    "filename | invoice.pdf    | invoice.pdf",
                    "filename | \"  Rechnung 2024 (final).pdf.exe  \" | Rechnung 2024 (final).pdf.exe",
                    "filename | report[.]pdf   | report[.]pdf",
                })
        void identifiersTakeTheirCanonicalForm(String type, String raw, String expected) {
            assertThat(normalised(type, raw)).isEqualTo(expected);
        }

        @Test
        void sha512IsLowerCaseHexOf128Characters() {
            String digest = "CF83E1357EEFB8BDF1542850D66D8007D620E4050B5715DC83F4A921D36CE9CE"
                    + "47D0D13C5D85F2B0FF8318D2877EEC2F63B931BD47417A81A538327AF927DA3E";
            assertThat(normalised("sha512", digest)).isEqualTo(digest.toLowerCase());
            assertRefused(
                    "sha512",
                    digest.substring(1),
                    Refusals.quote(digest.substring(1))
                            + " is not a SHA-512 hash: expected 128 hexadecimal characters");
        }

        @Test
        void fileNamesKeepBidirectionalOverridesAnalystsNeedToSee() {
            assertThat(normalised("filename", "invoice\u202Efdp.exe")).isEqualTo("invoice\u202Efdp.exe");
        }

        @ParameterizedTest(name = "{0} {1}")
        @CsvSource(
                delimiter = '|',
                quoteCharacter = '"',
                value = {
                    "md5    | d41d8cd98f00b204e9800998ecf8427  | 'd41d8cd98f00b204e9800998ecf8427' is not an MD5 hash: expected 32 hexadecimal characters",
                    "md5    | g41d8cd98f00b204e9800998ecf8427e | 'g41d8cd98f00b204e9800998ecf8427e' is not an MD5 hash: expected 32 hexadecimal characters",
                    "sha1   | d41d8cd98f00b204e9800998ecf8427e | 'd41d8cd98f00b204e9800998ecf8427e' is not a SHA-1 hash: expected 40 hexadecimal characters",
                    "sha256 | da39a3ee5e6b4b0d3255bfef95601890afd80709 | 'da39a3ee5e6b4b0d3255bfef95601890afd80709' is not a SHA-256 hash: expected 64 hexadecimal characters",
                    "asn    | AS0             | 'AS0' is not an AS number: expected AS64500, ASN64500 or 64500, from 1 to 4294967295",
                    "asn    | AS4294967296    | 'AS4294967296' is not an AS number: expected AS64500, ASN64500 or 64500, from 1 to 4294967295",
                    "asn    | AS-64500        | 'AS-64500' is not an AS number: expected AS64500, ASN64500 or 64500, from 1 to 4294967295",
                    "asn    | AX64500         | 'AX64500' is not an AS number: expected AS64500, ASN64500 or 64500, from 1 to 4294967295",
                    "asn    | AS12345678901   | 'AS12345678901' is not an AS number: expected AS64500, ASN64500 or 64500, from 1 to 4294967295",
                    "cve    | CVE-2024-123    | 'CVE-2024-123' is not a CVE id: expected CVE-YYYY-NNNN (four or more digits)",
                    "cve    | CVE-24-1234     | 'CVE-24-1234' is not a CVE id: expected CVE-YYYY-NNNN (four or more digits)",
                    "cve    | 2024-1234       | '2024-1234' is not a CVE id: expected CVE-YYYY-NNNN (four or more digits)",
                    "cve    | CVE-1998-1234   | 'CVE-1998-1234' is not a CVE id: the year must be from 1999 to 2100",
                    "cve    | CVE-2101-1234   | 'CVE-2101-1234' is not a CVE id: the year must be from 1999 to 2100",
                    "filename | /tmp/evil.sh  | '/tmp/evil.sh' is not a file name: it contains '/' (a path, not a name)",
                    "filename | C:\\evil.exe  | 'C:\\evil.exe' is not a file name: it contains '\\' (a path, not a name)",
                    "filename | ..            | '..' is not a file name: '.' and '..' name directories",
                })
        void invalidIdentifiersAreRefusedWithTheReason(String type, String raw, String message) {
            assertRefused(type, raw, message);
        }

        @Test
        void fileNamesAreAtMost255CharactersWithoutControlCharacters() {
            assertThat(normalised("filename", "f".repeat(255))).hasSize(255);
            assertThatThrownBy(() -> Normaliser.normalise(ObservableType.FILENAME, "f".repeat(256)))
                    .hasMessageEndingWith("is not a file name: it is longer than 255 characters");
            assertRefused("filename", "a\u0000b", "'a\u0000b' is not a file name: it contains a NUL character");
            assertRefused(
                    "filename",
                    "a\nb.txt",
                    "'a\nb.txt' is not a file name: it contains the control or space character U+000A");
        }
    }

    @Nested
    class Detection {

        @ParameterizedTest(name = "{0} -> {1}:{2}")
        @CsvSource(
                delimiter = '|',
                quoteCharacter = '"',
                value = {
                    "hxxps://evil[.]example[.]com/x   | url    | https://evil.example.com/x",
                    "HTTP://Example.com               | url    | http://example.com",
                    "abuse[at]example[.]net           | email  | abuse@example.net",
                    "198.51.100.7/24                  | cidr   | 198.51.100.0/24",
                    "2001:db8::/32                    | cidr   | 2001:db8::/32",
                    "198.51.100[.]7                   | ipv4   | 198.51.100.7",
                    "1.2.3.4                          | ipv4   | 1.2.3.4",
                    "2001:DB8::1                      | ipv6   | 2001:db8::1",
                    "::ffff:198.51.100.7              | ipv6   | ::ffff:198.51.100.7",
                    "D41D8CD98F00B204E9800998ECF8427E | md5    | d41d8cd98f00b204e9800998ecf8427e",
                    "da39a3ee5e6b4b0d3255bfef95601890afd80709 | sha1 | da39a3ee5e6b4b0d3255bfef95601890afd80709",
                    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 | sha256 | e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                    "cve-2021-44228                   | cve    | CVE-2021-44228",
                    "AS64500                          | asn    | AS64500",
                    "asn64500                         | asn    | AS64500",
                    "Example.COM                      | domain | example.com",
                    "example . com                    | domain | example.com",
                    "deadbeef.com                     | domain | deadbeef.com",
                    "asia.example                     | domain | asia.example",
                    "invoice.zip                      | domain | invoice.zip",
                })
        void detectGuessesTheTypeOfABareValue(String raw, String type, String value) {
            assertThat(Normaliser.detect(raw)).contains(Normaliser.normalise(ObservableType.fromWire(type), value));
        }

        @Test
        void detectTriesSha512ByLength() {
            String digest = "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
                    + "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e";
            assertThat(Normaliser.detect(digest)).contains(new Observable(ObservableType.SHA512, digest));
        }

        @ParameterizedTest
        @CsvSource(
                delimiter = '|',
                quoteCharacter = '"',
                value = {
                    "64500", // a bare number is never an AS number
                    "invoice.pdf", // a file name is never guessed
                    "setup.exe",
                    "localhost",
                    "999.1.1.1",
                    "d41d8cd98f00b204e9800998ecf8427", // 31 hex digits
                    "gopher://example.com/",
                    "two words",
                    "\"   \"",
                    "v1.2.3",
                })
        void detectAnswersEmptyWhenNothingFits(String raw) {
            assertThat(Normaliser.detect(raw)).isEmpty();
        }

        @Test
        void detectAnswersEmptyForNullAndOverlongValues() {
            assertThat(Normaliser.detect(null)).isEmpty();
            assertThat(Normaliser.detect("a".repeat(4097) + ".com")).isEmpty();
        }
    }
}
