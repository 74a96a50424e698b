package org.opencirt.feed.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.opencirt.feed.parse.Inputs.parse;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opencirt.observable.ObservableType;

class SpamhausDropParserTest {

    @Test
    void readsTheTextSampleAsNetworksWithTheirSblIds() throws IOException {
        var sink = Inputs.parseSample(FeedFormat.SPAMHAUS_DROP, "spamhaus-drop.txt", ParserOptions.defaults());

        assertThat(sink.items).hasSize(12);
        assertThat(sink.invalid).hasSize(3);
        assertThat(sink.items.get(0))
                .isEqualTo(new RawItem(
                        "192.0.2.0/24",
                        ObservableType.CIDR,
                        null,
                        List.of(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        "SBL900001",
                        7));
        assertThat(sink.item("10.0.0.0/8").sourceId()).isEqualTo("SBL900011");
        assertThat(sink.item("203.0.113.300/24").position())
                .as("values are not checked here")
                .isEqualTo(18);
        assertThat(sink.invalid).extracting(CollectingSink.Invalid::position).containsExactly(19L, 20L, 21L);
        assertThat(sink.reasons().get(0))
                .isEqualTo("more than one value: white space inside '203.0.113.128/25 SBL900013'");
        assertThat(sink.reasons().get(2)).startsWith("not a JSON line: Unexpected end-of-input");
    }

    @Test
    void readsTheJsonLinesSampleOfIpv6Networks() throws IOException {
        var sink = Inputs.parseSample(FeedFormat.SPAMHAUS_DROP, "spamhaus-drop-v6.json", ParserOptions.defaults());

        assertThat(sink.items).hasSize(10);
        assertThat(sink.invalid).hasSize(3);
        assertThat(sink.items.get(0))
                .isEqualTo(new RawItem(
                        "2001:db8::/48",
                        ObservableType.CIDR,
                        null,
                        List.of("rir:ripencc"),
                        null,
                        null,
                        null,
                        null,
                        null,
                        "SBL900101",
                        1));
        assertThat(sink.item("fc00::/7").position()).isEqualTo(9);
        assertThat(sink.invalid)
                .extracting(CollectingSink.Invalid::position, CollectingSink.Invalid::reason)
                .startsWith(org.assertj.core.groups.Tuple.tuple(11L, "JSON line has neither cidr nor asn"));
        assertThat(sink.invalid).extracting(CollectingSink.Invalid::position).containsExactly(11L, 12L, 13L);
    }

    @Test
    void readsTheAsnDropSampleAsAsNumbers() throws IOException {
        var sink = Inputs.parseSample(FeedFormat.SPAMHAUS_DROP, "spamhaus-asndrop.json", ParserOptions.defaults());

        assertThat(sink.items).hasSize(10);
        assertThat(sink.invalid).hasSize(2);
        assertThat(sink.items.get(0))
                .isEqualTo(new RawItem(
                        "AS64496",
                        ObservableType.ASN,
                        null,
                        List.of("rir:ripencc", "cc:NL"),
                        null,
                        null,
                        null,
                        null,
                        "EXAMPLE-BULLETPROOF-NL (example.net)",
                        null,
                        1));
        assertThat(sink.item("AS64501").description()).isEqualTo("EXAMPLE-AS-ZA");
        assertThat(sink.invalid).extracting(CollectingSink.Invalid::position).containsExactly(11L, 12L);
    }

    @Test
    void textAndJsonLinesMayMixAndTheForcedTypeAppliesToNetworksOnly() throws IOException {
        var sink = parse(
                FeedFormat.SPAMHAUS_DROP,
                Inputs.text("""
                ; Last-Modified: Tue, 11 Jun 2024 10:17:04 GMT
                192.0.2.0/24 ; SBL1
                {"cidr":"198.51.100.0/24","sblid":"SBL2","rir":"arin"}
                {"asn":64500,"rir":"arin"}
                203.0.113.0/24
                """),
                ParserOptions.defaults().withType("cidr").withClassifications(Map.of("*", "spam")));

        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::type, RawItem::sourceId, RawItem::classification)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("192.0.2.0/24", ObservableType.CIDR, "SBL1", "spam"),
                        org.assertj.core.groups.Tuple.tuple("198.51.100.0/24", ObservableType.CIDR, "SBL2", "spam"),
                        org.assertj.core.groups.Tuple.tuple("AS64500", ObservableType.ASN, null, "spam"),
                        org.assertj.core.groups.Tuple.tuple("203.0.113.0/24", ObservableType.CIDR, null, "spam"));
    }

    @Test
    void emptyInputOnlyCommentsAndTheMetadataLineGiveNothing() throws IOException {
        assertThat(parse(FeedFormat.SPAMHAUS_DROP, "").items).isEmpty();
        var sink = parse(
                FeedFormat.SPAMHAUS_DROP, "; comment\r\n; Expires: x\r\n{\"type\":\"metadata\",\"records\":0}\r\n");
        assertThat(sink.items).isEmpty();
        assertThat(sink.invalid).isEmpty();
    }

    @Test
    void aLineLongerThan64KibIsInvalidAndTheReadingGoesOn() throws IOException {
        String padding = " ".repeat(70_000);
        var sink = parse(
                FeedFormat.SPAMHAUS_DROP,
                "{\"cidr\":\"192.0.2.0/24\",\"x\":\"" + padding + "\"}\n198.51.100.0/24 ; SBL2\n");

        assertThat(sink.values()).containsExactly("198.51.100.0/24");
        assertThat(sink.invalid)
                .extracting(CollectingSink.Invalid::position, CollectingSink.Invalid::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "line longer than 65536 characters (70030)"));
    }

    @Test
    void aJsonLineThatIsNoObjectIsInvalid() throws IOException {
        var sink = parse(FeedFormat.SPAMHAUS_DROP, "{\"cidr\":\"192.0.2.0/24\"} trailing\n");

        assertThat(sink.invalid).hasSize(1);
        assertThat(sink.invalid.get(0).reason()).startsWith("not a JSON line: ");
    }

    @Test
    void commentsBlankLinesAndTheMetadataLineAreCountedByReason() throws IOException {
        var sink = parse(FeedFormat.SPAMHAUS_DROP, """
                ; Spamhaus DROP List 2024/06/11
                ; Last-Modified: Tue, 11 Jun 2024 08:00:00 GMT
                192.0.2.0/24 ; SBL1

                ; a comment in the middle
                {"cidr":"198.51.100.0/24","sblid":"SBL2","rir":"arin"}
                {"type":"metadata","timestamp":1718092800,"size":123,"records":2}
                """);

        assertThat(sink.values()).containsExactly("192.0.2.0/24", "198.51.100.0/24");
        assertThat(sink.skipped)
                .containsExactly(
                        new CollectingSink.Skipped(1, "comment"),
                        new CollectingSink.Skipped(2, "comment"),
                        new CollectingSink.Skipped(4, "blank line"),
                        new CollectingSink.Skipped(5, "comment"),
                        new CollectingSink.Skipped(7, "metadata"));
    }

    @Test
    void theTextAsnDropListGivesAsNumbersWithTheirCountryAndName() throws IOException {
        var sink = parse(FeedFormat.SPAMHAUS_DROP, """
                ; Spamhaus ASN-DROP List 2023/01/17 - (c) 2023 The Spamhaus Project
                AS64500 ; US | EXAMPLE-AS
                as64501 ; NL | EXAMPLE, with a comma
                AS64502 ; no country here
                AS64503
                """);

        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::type, RawItem::tags, RawItem::description)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "AS64500", ObservableType.ASN, List.of("cc:US"), "EXAMPLE-AS"),
                        org.assertj.core.groups.Tuple.tuple(
                                "as64501", ObservableType.ASN, List.of("cc:NL"), "EXAMPLE, with a comma"),
                        org.assertj.core.groups.Tuple.tuple(
                                "AS64502", ObservableType.ASN, List.of(), "no country here"),
                        org.assertj.core.groups.Tuple.tuple("AS64503", ObservableType.ASN, List.of(), null));
        assertThat(sink.items).allSatisfy(item -> assertThat(item.sourceId()).isNull());
        assertThat(sink.invalid).isEmpty();
        assertThat(sink.skippedCounts()).containsExactly(Map.entry("comment", 1L));
    }
}
