package org.opencirt.feed.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opencirt.observable.ObservableType;

class StixBundleParserTest {

    static final Clock JUNE_2024 = Clock.fixed(Instant.parse("2024-06-11T12:00:00Z"), ZoneOffset.UTC);

    private static CollectingSink parse(FeedInput input, ParserOptions options) throws IOException {
        var sink = new CollectingSink();
        new StixBundleParser(JUNE_2024).parse(input, options, sink);
        return sink;
    }

    private static CollectingSink parse(String json) throws IOException {
        return parse(Inputs.text(json), ParserOptions.defaults());
    }

    private static String bundle(String... objects) {
        return "{\"type\": \"bundle\", \"id\": \"bundle--0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0\", \"objects\": ["
                + String.join(",", objects) + "]}";
    }

    private static String indicator(String pattern, String more) {
        return """
                {"type": "indicator", "spec_version": "2.1", "id": "indicator--11111111-2222-4333-8444-555555555555",
                 "created": "2024-06-01T00:00:00.000Z", "modified": "2024-06-02T00:00:00.000Z",
                 "pattern": "%s", "pattern_type": "stix", "valid_from": "2024-06-01T00:00:00Z"%s}
                """.formatted(pattern, more);
    }

    @Test
    void readsTheSampleBundle() throws IOException {
        var sink = parse(Inputs.sampleInput("stix-bundle.json"), ParserOptions.defaults());

        assertThat(sink.items).hasSize(14);
        assertThat(sink.invalid).hasSize(3);
        assertThat(sink.items.get(0))
                .isEqualTo(new RawItem(
                        "198.51.100.7",
                        ObservableType.IPV4,
                        "scanner",
                        List.of("scanner", "ssh", "malicious-activity"),
                        Instant.parse("2024-06-01T08:00:00Z"),
                        Instant.parse("2024-06-10T08:00:00Z"),
                        85,
                        "GREEN",
                        "SSH scanning seen by national sensors",
                        "indicator--a1b2c3d4-0001-4000-8000-000000000001",
                        2));
        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::type, RawItem::tlp, RawItem::position)
                .containsExactly(
                        tuple("198.51.100.7", ObservableType.IPV4, "GREEN", 2L),
                        tuple("malware-c2.example.net", ObservableType.DOMAIN, "AMBER", 3L),
                        tuple("http://malware-c2.example.net/gate.php", ObservableType.URL, "AMBER", 3L),
                        tuple(
                                "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
                                ObservableType.SHA256,
                                "CLEAR",
                                4L),
                        tuple("2001:db8::bad:1", ObservableType.IPV6, "AMBER", 5L),
                        tuple("2001:db8:bad::/48", ObservableType.CIDR, "AMBER", 5L),
                        tuple("invoice@example.org", ObservableType.EMAIL, "CLEAR", 6L),
                        tuple("AS64511", ObservableType.ASN, "GREEN", 7L),
                        tuple("9e107d9d372bb6826bd81d3542a419d6", ObservableType.MD5, "RED", 8L),
                        tuple("https://login.example.com/verify", ObservableType.URL, "AMBER+STRICT", 11L),
                        tuple("203.0.113.45", ObservableType.IPV4, null, 12L),
                        tuple("example.com", ObservableType.DOMAIN, "CLEAR", 13L),
                        tuple(
                                "fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9",
                                ObservableType.SHA256,
                                null,
                                14L),
                        tuple("d41d8cd98f00b204e9800998ecf8427e", ObservableType.MD5, null, 14L));
        assertThat(sink.item("malware-c2.example.net")).satisfies(item -> {
            assertThat(item.classification()).isEqualTo("c2-server");
            assertThat(item.description()).as("no description: the name").isEqualTo("Emotet C2 domain and gate");
            assertThat(item.confidence()).isEqualTo(90);
        });
        assertThat(sink.item("invoice@example.org").classification()).isEqualTo("phishing");
        assertThat(sink.item("203.0.113.45").sourceId()).isEqualTo("ipv4-addr--e0a1b2c3-0011-5000-8000-000000000011");
        assertThat(sink.invalid)
                .extracting(CollectingSink.Invalid::position, CollectingSink.Invalid::reason)
                .containsExactly(
                        tuple(9L, "unsupported pattern (comparisons joined by AND)"),
                        tuple(10L, "expired (valid_until 2021-01-01T00:00:00Z)"),
                        tuple(17L, "unsupported STIX object type 'x-example-sensor-reading'"));
    }

    @Test
    void anIndicatorIsValidUntilItsValidUntil() throws IOException {
        var sink = new CollectingSink();
        new StixBundleParser(Clock.fixed(Instant.parse("2020-06-01T00:00:00Z"), ZoneOffset.UTC))
                .parse(Inputs.sampleInput("stix-bundle.json"), ParserOptions.defaults(), sink);

        assertThat(sink.values()).contains("http://old.example.org/dl.exe");
    }

    @Test
    void revokedIndicatorsOtherPatternLanguagesAndUnsupportedPathsAreCounted() throws IOException {
        var sink = parse(bundle(
                indicator("[ipv4-addr:value = '192.0.2.1']", ", \"revoked\": true"),
                indicator("rule x { condition: true }", ", \"pattern_type\": \"yara\"")
                        .replace("\"pattern_type\": \"stix\", ", ""),
                indicator("[mac-addr:value = '00:00:5e:00:53:01' OR ipv4-addr:value = '192.0.2.2']", ""),
                "{\"type\": \"file\", \"id\": \"file--1\", \"name\": \"x.exe\"}"));

        assertThat(sink.values()).containsExactly("192.0.2.2");
        assertThat(sink.reasons())
                .containsExactly(
                        "revoked indicator",
                        "unsupported pattern_type 'yara'",
                        "unsupported object path 'mac-addr:value'",
                        "file without an MD5, SHA-1, SHA-256 or SHA-512 hash");
    }

    @Test
    void tlpMarkingDefinitionsMetInTheStreamAreUnderstood() throws IOException {
        var sink = parse(bundle(
                """
                {"type": "marking-definition", "id": "marking-definition--aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
                 "created": "2024-01-01T00:00:00.000Z", "definition_type": "tlp", "definition": {"tlp": "red"}}
                """,
                indicator(
                        "[ipv4-addr:value = '192.0.2.1']",
                        ", \"object_marking_refs\": [\"marking-definition--aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee\"]")));

        assertThat(sink.items.get(0).tlp()).isEqualTo("RED");
        assertThat(sink.invalid).isEmpty();
    }

    @Test
    void aStix20IndicatorWithoutPatternTypeReads() throws IOException {
        var sink = parse(bundle(
                indicator("[url:value = 'http://x.example.com/']", "").replace("\"pattern_type\": \"stix\", ", "")));

        assertThat(sink.values()).containsExactly("http://x.example.com/");
    }

    @Test
    void labelsMapToAClassificationThroughTheOptions() throws IOException {
        var sink = parse(
                Inputs.text(bundle(indicator(
                        "[ipv4-addr:value = '192.0.2.1']",
                        ", \"indicator_types\": [\"malicious-activity\"], \"labels\": [\"botnet-cc\"]"))),
                ParserOptions.defaults().withClassifications(Map.of("botnet-cc", "c2-server")));

        assertThat(sink.items.get(0).classification()).isEqualTo("c2-server");
        assertThat(sink.items.get(0).tags()).containsExactly("botnet-cc", "malicious-activity");
    }

    @Test
    void anEmptyBundleGivesNothing() throws IOException {
        var sink = parse("{\"type\": \"bundle\", \"id\": \"bundle--1\"}");

        assertThat(sink.items).isEmpty();
        assertThat(sink.invalid).isEmpty();
    }

    @Test
    void inputThatIsNoBundleIsUnusable() {
        assertThatThrownBy(() -> parse(""))
                .isInstanceOf(FeedFormatException.class)
                .hasMessage("empty input: no STIX bundle");
        assertThatThrownBy(() -> parse("not json"))
                .isInstanceOf(FeedFormatException.class)
                .hasMessageStartingWith("not a STIX bundle: Unrecognized token 'not'");
        assertThatThrownBy(() -> parse("\"x\""))
                .isInstanceOf(FeedFormatException.class)
                .hasMessage("not a STIX bundle: the JSON is a string, not an object or an array of objects");
        assertThatThrownBy(() -> parse("{\"hello\": \"world\"}"))
                .isInstanceOf(FeedFormatException.class)
                .hasMessage("not a STIX bundle: no type and no objects; expected a bundle "
                        + "{\"type\": \"bundle\", \"objects\": [...]}, one STIX object or an array of them");
        assertThatThrownBy(() -> parse("{\"type\": \"x-collection\", \"objects\": []}"))
                .isInstanceOf(FeedFormatException.class)
                .hasMessage("not a STIX bundle: its type is 'x-collection'");
    }

    @Test
    void aTruncatedBundleKeepsTheObjectsBeforeTheBreak() throws IOException {
        String whole = bundle(
                indicator("[ipv4-addr:value = '192.0.2.1']", ""), indicator("[ipv4-addr:value = '192.0.2.2']", ""));
        var sink = parse(whole.substring(0, whole.length() - 40));

        assertThat(sink.values()).containsExactly("192.0.2.1");
        assertThat(sink.invalid).hasSize(1);
        assertThat(sink.invalid.get(0).position()).isEqualTo(1);
        assertThat(sink.invalid.get(0).reason()).startsWith("JSON syntax error, the rest is not read: ");
    }

    @Test
    void aHundredThousandObjectsStreamThroughWithoutReadingAhead() throws IOException {
        int objects = 100_000;
        String object = indicator("[ipv4-addr:value = '198.51.100.1']", "").strip() + ",";
        String head = "{\"type\": \"bundle\", \"id\": \"bundle--1\", \"objects\": [";
        var input =
                new GeneratedInput(head, objects, i -> object, "{\"type\": \"ipv4-addr\", \"value\": \"192.0.2.1\"}]}");
        long[] count = {0};
        long[] maxAhead = {0};
        ItemSink counting = new ItemSink() {
            @Override
            public void item(RawItem item) {
                count[0]++;
                maxAhead[0] =
                        Math.max(maxAhead[0], input.bytesRead() - head.length() - item.position() * object.length());
            }

            @Override
            public void invalid(long position, String reason, String excerpt) {
                throw new AssertionError(reason);
            }
        };

        new StixBundleParser(JUNE_2024).parse(FeedInput.of(input), ParserOptions.defaults(), counting);

        assertThat(count[0]).isEqualTo(objects + 1);
        assertThat(maxAhead[0]).as("bytes read ahead of the current object").isLessThan(64 * 1024);
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }

    @Test
    void objectsThatAreNoIndicatorsAreCountedAsSkippedByType() throws IOException {
        var sink = parse(bundle(
                "{\"type\": \"identity\", \"id\": \"identity--1\", \"name\": \"CERT-AB\"}",
                indicator("[ipv4-addr:value = '192.0.2.1']", ""),
                "{\"type\": \"malware\", \"id\": \"malware--1\", \"name\": \"x\"}",
                "{\"type\": \"relationship\", \"id\": \"relationship--1\"}",
                "{\"type\": \"relationship\", \"id\": \"relationship--2\"}",
                """
                {"type": "marking-definition", "id": "marking-definition--aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
                 "definition_type": "tlp", "definition": {"tlp": "red"}}
                """));

        assertThat(sink.values()).containsExactly("192.0.2.1");
        assertThat(sink.invalid).isEmpty();
        assertThat(sink.skippedCounts())
                .containsExactly(
                        Map.entry("not an indicator: identity", 1L),
                        Map.entry("not an indicator: malware", 1L),
                        Map.entry("not an indicator: relationship", 2L),
                        Map.entry("not an indicator: marking-definition", 1L));
        assertThat(sink.skippedAt("not an indicator: relationship")).containsExactly(3L, 4L);
    }

    @Test
    void aSingleStixObjectOutsideABundleIsRead() throws IOException {
        var sink = parse(indicator("[ipv4-addr:value = '192.0.2.1' OR ipv4-addr:value = '192.0.2.2']", ""));

        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::type, RawItem::sourceId, RawItem::position)
                .containsExactly(
                        tuple("192.0.2.1", ObservableType.IPV4, "indicator--11111111-2222-4333-8444-555555555555", 0L),
                        tuple("192.0.2.2", ObservableType.IPV4, "indicator--11111111-2222-4333-8444-555555555555", 0L));
        assertThat(sink.invalid).isEmpty();

        var observable = parse("{\"type\": \"domain-name\", \"spec_version\": \"2.1\", \"id\": \"domain-name--1\", "
                + "\"value\": \"bad.example.com\"}");
        assertThat(observable.values()).containsExactly("bad.example.com");

        var report = parse("{\"type\": \"report\", \"id\": \"report--1\", \"name\": \"x\"}");
        assertThat(report.items).isEmpty();
        assertThat(report.skipped).containsExactly(new CollectingSink.Skipped(0, "not an indicator: report"));
    }

    @Test
    void aJsonArrayOfStixObjectsIsReadLikeABundlesObjects() throws IOException {
        var sink = parse("["
                + indicator("[url:value = 'http://x.example.com/a']", "") + ","
                + "{\"type\": \"identity\", \"id\": \"identity--1\", \"name\": \"CERT-AB\"},"
                + "42,"
                + indicator("[domain-name:value = 'y.example.com']", "") + "]");

        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::type, RawItem::position)
                .containsExactly(
                        tuple("http://x.example.com/a", ObservableType.URL, 0L),
                        tuple("y.example.com", ObservableType.DOMAIN, 3L));
        assertThat(sink.invalid)
                .extracting(CollectingSink.Invalid::position, CollectingSink.Invalid::reason)
                .containsExactly(tuple(2L, "not a STIX object"));
        assertThat(sink.skipped).containsExactly(new CollectingSink.Skipped(1, "not an indicator: identity"));
    }

    @Test
    void aTruncatedArrayKeepsTheObjectsBeforeTheBreak() throws IOException {
        String whole = "[" + indicator("[ipv4-addr:value = '192.0.2.1']", "") + ","
                + indicator("[ipv4-addr:value = '192.0.2.2']", "") + "]";

        var sink = parse(whole.substring(0, whole.length() - 40));

        assertThat(sink.values()).containsExactly("192.0.2.1");
        assertThat(sink.invalid).hasSize(1);
        assertThat(sink.invalid.get(0).reason()).startsWith("JSON syntax error, the rest is not read: ");
    }

    @Test
    void everySimplePatternOnOneObservableTypeGivesItems() throws IOException {
        String sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        String md5 = "d41d8cd98f00b204e9800998ecf8427e";
        var sink = parse(bundle(
                indicator("[ipv4-addr:value = '198.51.100.1' OR ipv4-addr:value = '198.51.100.2']", ""),
                indicator("[url:value = 'http://x.example.com/a'] OR [url:value = 'http://y.example.com/b']", ""),
                indicator("[domain-name:value = 'bad.example.com']", ""),
                indicator("[file:hashes.'SHA-256' = '" + sha256 + "']", ""),
                indicator("[file:hashes.MD5 = '" + md5 + "']", ""),
                indicator("[email-addr:value = 'phisher@example.net']", ""),
                indicator("[ipv6-addr:value = '2001:db8::1'] OR [ipv6-addr:value = '2001:db8:1::/48']", ""),
                indicator("[file:hashes.'SHA-1' = 'da39a3ee5e6b4b0d3255bfef95601890afd80709']", "")));

        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::type, RawItem::position)
                .containsExactly(
                        tuple("198.51.100.1", ObservableType.IPV4, 0L),
                        tuple("198.51.100.2", ObservableType.IPV4, 0L),
                        tuple("http://x.example.com/a", ObservableType.URL, 1L),
                        tuple("http://y.example.com/b", ObservableType.URL, 1L),
                        tuple("bad.example.com", ObservableType.DOMAIN, 2L),
                        tuple(sha256, ObservableType.SHA256, 3L),
                        tuple(md5, ObservableType.MD5, 4L),
                        tuple("phisher@example.net", ObservableType.EMAIL, 5L),
                        tuple("2001:db8::1", ObservableType.IPV6, 6L),
                        tuple("2001:db8:1::/48", ObservableType.CIDR, 6L),
                        tuple("da39a3ee5e6b4b0d3255bfef95601890afd80709", ObservableType.SHA1, 7L));
        assertThat(sink.invalid).isEmpty();
    }
}
