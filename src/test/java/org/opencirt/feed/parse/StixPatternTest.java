package org.opencirt.feed.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StixPatternTest {

    private static List<String> paths(String pattern) throws StixPattern.Unsupported {
        return StixPattern.parse(pattern).stream()
                .map(c -> c.path() + "=" + c.value())
                .toList();
    }

    @Test
    void aSingleComparisonGivesItsPathAndValue() throws StixPattern.Unsupported {
        assertThat(StixPattern.parse("[ipv4-addr:value = '198.51.100.7']"))
                .containsExactly(new StixPattern.Comparison("ipv4-addr", "value", "198.51.100.7", true));
    }

    @Test
    void comparisonsAndObservationsJoinedByOrGiveEachTheirOwn() throws StixPattern.Unsupported {
        assertThat(paths("[domain-name:value = 'a.example.com' OR url:value = 'http://a.example.com/x']"))
                .containsExactly("domain-name:value=a.example.com", "url:value=http://a.example.com/x");
        assertThat(
                        paths(
                                "([ipv4-addr:value = '192.0.2.1'] OR [ipv6-addr:value = '2001:db8::1']) OR "
                                        + "[(file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e' OR (autonomous-system:number = 64500))]"))
                .containsExactly(
                        "ipv4-addr:value=192.0.2.1",
                        "ipv6-addr:value=2001:db8::1",
                        "file:hashes.MD5=d41d8cd98f00b204e9800998ecf8427e",
                        "autonomous-system:number=64500");
    }

    @Test
    void quotedPathComponentsAndEscapesAreRead() throws StixPattern.Unsupported {
        assertThat(StixPattern.parse("[file:hashes.'SHA-256' = 'abc']").get(0).property())
                .isEqualTo("hashes.SHA-256");
        assertThat(StixPattern.parse("[url:value = 'http://x.example.com/it\\'s\\\\here']")
                        .get(0)
                        .value())
                .isEqualTo("http://x.example.com/it's\\here");
        assertThat(StixPattern.parse("[ipv4-addr:value=='192.0.2.1']")).hasSize(1);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "[ipv4-addr:value = '192.0.2.1' AND ipv4-addr:value = '192.0.2.2'] | comparisons joined by AND",
                "[ipv4-addr:value = '192.0.2.1'] AND [url:value = 'http://x.example.com/'] | observations joined by AND",
                "[ipv4-addr:value = '192.0.2.1'] FOLLOWEDBY [url:value = 'http://x.example.com/'] | FOLLOWEDBY",
                "[ipv4-addr:value = '192.0.2.1'] REPEATS 5 TIMES | qualifier REPEATS",
                "[ipv4-addr:value = '192.0.2.1'] WITHIN 300 SECONDS | qualifier WITHIN",
                "[ipv4-addr:value = '192.0.2.1'] START t'2024-01-01T00:00:00Z' STOP t'2024-02-01T00:00:00Z' | qualifier START",
                "[domain-name:value LIKE '%.example.com'] | operator LIKE",
                "[domain-name:value MATCHES '^x'] | operator MATCHES",
                "[domain-name:value ISSUBSET 'example.com'] | operator ISSUBSET",
                "[ipv4-addr:value != '192.0.2.1'] | operator !=",
                "[ipv4-addr:value NOT = '192.0.2.1'] | NOT",
                "[file:hashes.MD5 = h'00ff'] | literal h'00ff'",
                "[ipv4-addr:value = '192.0.2.1' | not a valid STIX pattern: expected ']', found the end",
                "ipv4-addr:value = '192.0.2.1' | not a valid STIX pattern: expected '[' or '(', found 'ipv4-addr:value'",
                "[ipv4-addr:value = '192.0.2.1 | not a valid STIX pattern: a string is not closed",
                "42 | not a valid STIX pattern: expected '[' or '(', found '42'",
            })
    void anythingMoreComplexIsRefusedWithTheReason(String pattern, String reason) {
        assertThatThrownBy(() -> StixPattern.parse(pattern))
                .isInstanceOf(StixPattern.Unsupported.class)
                .hasMessage(reason);
    }

    @Test
    void issubsetOfAnAddressStatesItsNetwork() throws StixPattern.Unsupported {
        var comparisons = StixPattern.parse(
                "[ipv4-addr:value ISSUBSET '198.51.100.0/24'] OR [ipv6-addr:value issubset '2001:db8::/32']");
        assertThat(comparisons)
                .extracting(StixPattern.Comparison::value)
                .containsExactly("198.51.100.0/24", "2001:db8::/32");
        assertThat(comparisons).allSatisfy(c -> assertThat(c.quoted()).isTrue());
    }

    @Test
    void anEmptyPatternIsRefused() {
        assertThatThrownBy(() -> StixPattern.parse(" ")).hasMessage("empty pattern");
        assertThatThrownBy(() -> StixPattern.parse(null)).hasMessage("empty pattern");
    }
}
