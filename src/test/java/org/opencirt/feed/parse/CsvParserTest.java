package org.opencirt.feed.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.opencirt.feed.parse.Inputs.parse;
import static org.opencirt.feed.parse.Inputs.text;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opencirt.observable.ObservableType;

class CsvParserTest {

    /** The mapping of the shipped generic.csv sample (first_seen, last_seen and confidence match by name). */
    static final ParserOptions GENERIC = ParserOptions.defaults()
            .withFields(Map.of(
                    "value",
                    "indicator",
                    "type",
                    "kind",
                    "classification",
                    "category",
                    "tags",
                    "labels",
                    "description",
                    "comment",
                    "source_id",
                    "ref"));

    @Test
    void readsTheGenericSampleWithColumnsMappedByName() throws IOException {
        var sink = Inputs.parseSample(FeedFormat.CSV, "generic.csv", GENERIC);

        assertThat(sink.items).hasSize(13);
        assertThat(sink.invalid).hasSize(3);
        assertThat(sink.items.get(0))
                .isEqualTo(new RawItem(
                        "198.51.100.7",
                        ObservableType.IPV4,
                        "scanner",
                        List.of("ssh", "telnet"),
                        Instant.parse("2024-06-01T10:00:00Z"),
                        Instant.parse("2024-06-11T08:00:00Z"),
                        80,
                        null,
                        "Port scanning seen by sensors",
                        "GEN-0001",
                        4));
        assertThat(sink.item("malware-c2.example.net").tags()).containsExactly("botnet", "emotet");
        assertThat(sink.item("2001:db8::1337").firstSeen()).isEqualTo(Instant.parse("2024-06-06T04:06:06Z"));
        assertThat(sink.item("AS64496")).satisfies(item -> {
            assertThat(item.type()).isEqualTo(ObservableType.ASN);
            assertThat(item.classification()).isNull();
            assertThat(item.firstSeen()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        });
        assertThat(sink.item("d41d8cd98f00b204e9800998ecf8427e")).satisfies(item -> {
            assertThat(item.classification()).as("'botnet' is no RSIT type").isNull();
            assertThat(item.tags()).containsExactly("botnet");
        });
        assertThat(sink.item("login-verify.example.com")).satisfies(item -> {
            assertThat(item.description()).isEqualTo("Phishing kit.\nThe description runs over two lines, quoted.");
            assertThat(item.position()).isEqualTo(14);
        });
        assertThat(sink.item("203.0.113.44")).satisfies(item -> {
            assertThat(item.type()).isNull();
            assertThat(item.confidence()).isNull();
        });
        assertThat(sink.item("cdn.example.org").position()).isEqualTo(20);
        assertThat(sink.invalid).extracting(CollectingSink.Invalid::position).containsExactly(17L, 18L, 19L);
        assertThat(sink.reasons().get(0)).startsWith("not a CSV record: ");
        assertThat(sink.reasons().subList(1, 3))
                .containsExactly("no value", "more than one value: white space inside '198.51.100.99 198.51.100.100'");
    }

    @Test
    void columnsNamedLikeItemFieldsNeedNoMapping() throws IOException {
        var sink = parse(FeedFormat.CSV, "Value,TYPE,tags,extra\n198.51.100.1,ipv4,a b,ignored\n");

        assertThat(sink.items)
                .containsExactly(new RawItem(
                        "198.51.100.1",
                        ObservableType.IPV4,
                        null,
                        List.of("a", "b"),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        2));
    }

    @Test
    void unknownColumnsAreIgnored() throws IOException {
        var sink = parse(
                FeedFormat.CSV,
                text("x,ip,y,z\n1,192.0.2.1,2,3\n"),
                ParserOptions.defaults().withFields(Map.of("value", "ip")));

        assertThat(sink.values()).containsExactly("192.0.2.1");
    }

    @Test
    void aMappedColumnMissingFromTheHeaderMakesTheInputUnusable() {
        var options = ParserOptions.defaults().withFields(Map.of("value", "ip", "first_seen", "seen"));

        assertThatThrownBy(() -> parse(FeedFormat.CSV, text("# report\nip,when\n192.0.2.1,2024-06-01\n"), options))
                .isInstanceOf(FeedFormatException.class)
                .hasMessage("the CSV header on line 2 has no column for first_seen -> 'seen'; its columns: ip, when");
    }

    @Test
    void aHeaderWithoutAValueColumnMakesTheInputUnusable() {
        assertThatThrownBy(() -> parse(FeedFormat.CSV, "ip,port\n192.0.2.1,22\n"))
                .isInstanceOf(FeedFormatException.class)
                .hasMessageStartingWith("the CSV header on line 1 has no 'value' column");
    }

    @Test
    void withoutAHeaderColumnsAreGivenByIndex() throws IOException {
        var options = ParserOptions.defaults()
                .withHeader(false)
                .withFields(Map.of("value", "1", "first_seen", "0", "classification", "2"));

        var sink = parse(
                FeedFormat.CSV,
                text("2024-06-01 10:00:00,192.0.2.1,scanner\n2024-06-02 10:00:00,192.0.2.2\n"),
                options);

        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::firstSeen, RawItem::classification)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "192.0.2.1", Instant.parse("2024-06-01T10:00:00Z"), "scanner"),
                        org.assertj.core.groups.Tuple.tuple("192.0.2.2", Instant.parse("2024-06-02T10:00:00Z"), null));
    }

    @Test
    void aRowTooShortForTheValueColumnIsInvalid() throws IOException {
        var sink = parse(
                FeedFormat.CSV,
                text("a,b\n1\n"),
                ParserOptions.defaults().withHeader(false).withFields(Map.of("value", "1")));

        assertThat(sink.values()).containsExactly("b");
        assertThat(sink.invalid)
                .containsExactly(
                        new CollectingSink.Invalid(2, "record has 1 column, no value column 1 (0-based)", "1"));
    }

    @Test
    void anotherDelimiterQuotesAndDoubledQuotesFollowRfc4180() throws IOException {
        var sink = parse(
                FeedFormat.CSV,
                text("value;description\n\"192.0.2.1\";\"said \"\"hi\"\"; twice\"\n"),
                ParserOptions.defaults().withDelimiter(";"));

        assertThat(sink.items.get(0).description()).isEqualTo("said \"hi\"; twice");
    }

    @Test
    void emptyInputAndOnlyCommentsGiveNothing() throws IOException {
        assertThat(parse(FeedFormat.CSV, "").items).isEmpty();
        var comments = parse(FeedFormat.CSV, "# one\n; two\n\n");
        assertThat(comments.items).isEmpty();
        assertThat(comments.invalid).isEmpty();
    }

    @Test
    void aHeaderOnlyGivesNothing() throws IOException {
        var sink = parse(FeedFormat.CSV, "value,type\n");

        assertThat(sink.items).isEmpty();
        assertThat(sink.invalid).isEmpty();
    }

    @Test
    void crlfAndAByteOrderMarkDoNotSpoilTheHeaderOrTheValues() throws IOException {
        var sink = parse(FeedFormat.CSV, "\uFEFFvalue,type\r\n192.0.2.1,ipv4\r\n\"192.0.2.2\",\"ipv4\"\r\n");

        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::type)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("192.0.2.1", ObservableType.IPV4),
                        org.assertj.core.groups.Tuple.tuple("192.0.2.2", ObservableType.IPV4));
    }

    @Test
    void aStrayQuoteSpoilsOnlyItsOwnLine() throws IOException {
        var sink = parse(FeedFormat.CSV, "value,description\n192.0.2.1,\"unclosed\n192.0.2.2,fine\n192.0.2.3,\"ok\"\n");

        assertThat(sink.values()).containsExactly("192.0.2.2", "192.0.2.3");
        assertThat(sink.invalid).hasSize(1);
        assertThat(sink.invalid.get(0).position()).isEqualTo(2);
        assertThat(sink.invalid.get(0).excerpt()).isEqualTo("192.0.2.1,\"unclosed");
    }

    @Test
    void aRecordLongerThan64KibIsInvalidAndTheReadingGoesOn() throws IOException {
        String a = "a".repeat(64 * 1024);
        var input = new GeneratedInput("value,description\n192.0.2.1,x\n192.0.2.9,", 64, i -> a, "\n192.0.2.2,y\n");
        var sink = new CollectingSink();

        FeedParsers.of(FeedFormat.CSV, Clock.systemUTC()).parse(FeedInput.of(input), ParserOptions.defaults(), sink);

        assertThat(sink.values()).containsExactly("192.0.2.1", "192.0.2.2");
        assertThat(sink.invalid)
                .extracting(CollectingSink.Invalid::position, CollectingSink.Invalid::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3L, "record longer than 65536 characters (4194314)"));
    }

    @Test
    void aCommentLongerThan64KibIsStillJustAComment() throws IOException {
        var sink = parse(FeedFormat.CSV, "# " + "\"x".repeat(50_000) + "\nvalue\n192.0.2.1\n");

        assertThat(sink.values()).containsExactly("192.0.2.1");
        assertThat(sink.invalid).isEmpty();
    }

    @Test
    void tagsSplitOnCommaSemicolonBarAndWhiteSpaceAndTheTlpColumnReads() throws IOException {
        var sink = parse(FeedFormat.CSV, "value,tags,tlp\n192.0.2.1,\"a, b;c|d  e\",TLP:AMBER+STRICT\n");

        assertThat(sink.items.get(0).tags()).containsExactly("a", "b", "c", "d", "e");
        assertThat(sink.items.get(0).tlp()).isEqualTo("AMBER+STRICT");
    }

    @Test
    void twoMillionRowsStreamThroughWithoutReadingAhead() throws IOException {
        int rows = 2_000_000;
        String header = "value,type,first_seen,confidence\n";
        int width = "198.051.000.000,ipv4,2024-06-01 10:00:00,50\n".length();
        var input = new GeneratedInput(
                header,
                rows,
                i -> "198." + GeneratedInput.digits(i / 65536 % 256, 3) + "."
                        + GeneratedInput.digits(i / 256 % 256, 3) + "." + GeneratedInput.digits(i % 256, 3)
                        + ",ipv4,2024-06-01 10:00:00,50\n",
                "");
        long[] count = {0};
        long[] maxAhead = {0};
        ItemSink counting = new ItemSink() {
            @Override
            public void item(RawItem item) {
                count[0]++;
                long through = header.length() + (item.position() - 1) * width;
                maxAhead[0] = Math.max(maxAhead[0], input.bytesRead() - through);
            }

            @Override
            public void invalid(long position, String reason, String excerpt) {
                throw new AssertionError(reason);
            }
        };

        FeedParsers.of(FeedFormat.CSV, Clock.systemUTC())
                .parse(FeedInput.of(input), ParserOptions.defaults(), counting);

        assertThat(count[0]).isEqualTo(rows);
        assertThat(maxAhead[0]).as("bytes read ahead of the current item").isLessThan(64 * 1024);
    }

    @Test
    void commentBlankAndHeaderLinesAreSkippedAndCountedByReason() throws IOException {
        var sink = parse(FeedFormat.CSV, """
                # exported 2024-06-11
                value,type

                192.0.2.1,ipv4
                ; a comment in the middle
                192.0.2.2,ipv4
                  \t
                # -- end --
                """);

        assertThat(sink.values()).containsExactly("192.0.2.1", "192.0.2.2");
        assertThat(sink.invalid).isEmpty();
        assertThat(sink.skippedCounts())
                .containsExactly(Map.entry("comment", 3L), Map.entry("header", 1L), Map.entry("blank line", 2L));
        assertThat(sink.skipped).extracting(CollectingSink.Skipped::position).containsExactly(1L, 2L, 3L, 5L, 7L, 8L);
    }

    @Test
    void aLatin1RecordInAUtf8FileWithABomAndCrlfLosesNothing() throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        out.writeBytes(
                "value,description\r\n192.0.2.1,Crème brûlée\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        // Café written in Latin-1 by another tool: 43 61 66 E9
        out.writeBytes("192.0.2.2,Caf".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {(byte) 0xE9, '\r', '\n'});

        var sink = parse(FeedFormat.CSV, Inputs.bytes(out.toByteArray()), ParserOptions.defaults());

        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::description)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("192.0.2.1", "Crème brûlée"),
                        org.assertj.core.groups.Tuple.tuple("192.0.2.2", "Café"));
        assertThat(sink.invalid).isEmpty();
    }

    @Test
    void aUtf16FileWithItsByteOrderMarkReads() throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE});
        out.writeBytes("value,description\r\n192.0.2.1,Café\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_16LE));

        var sink = parse(FeedFormat.CSV, Inputs.bytes(out.toByteArray()), ParserOptions.defaults());

        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::description)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("192.0.2.1", "Café"));
    }

    @Test
    void trailingGarbageAfterTheRecordsIsCountedLineByLine() throws IOException {
        var sink = parse(FeedFormat.CSV, """
                first_seen,value,type
                2024-06-01 10:00:00,192.0.2.1,ipv4
                # a comment in the middle
                2024-06-01 11:00:00,192.0.2.2,ipv4
                </pre>
                Total: 2
                \0\0\0
                <html><body>502</body></html>
                """);

        assertThat(sink.values()).containsExactly("192.0.2.1", "192.0.2.2");
        assertThat(sink.invalid)
                .extracting(CollectingSink.Invalid::position, CollectingSink.Invalid::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(5L, "record has 1 column, no value column 'value'"),
                        org.assertj.core.groups.Tuple.tuple(6L, "record has 1 column, no value column 'value'"),
                        org.assertj.core.groups.Tuple.tuple(7L, "record has 1 column, no value column 'value'"),
                        org.assertj.core.groups.Tuple.tuple(8L, "record has 1 column, no value column 'value'"));
        assertThat(sink.invalid.get(2).excerpt()).isEqualTo("\uFFFD\uFFFD\uFFFD");
        assertThat(sink.skippedCounts()).containsExactly(Map.entry("header", 1L), Map.entry("comment", 1L));
    }

    @Test
    void markupAndNulBytesInTheValueColumnAreInvalid() throws IOException {
        // (a NUL at either end of a field is trimmed like a space by the CSV reading)
        var sink = parse(FeedFormat.CSV, "value\n192.0.2.1\n</pre>\n192.0.\0.2\n192.0.2.3\0\n");

        assertThat(sink.values()).containsExactly("192.0.2.1", "192.0.2.3");
        assertThat(sink.reasons())
                .containsExactly("markup, not a value: '</pre>'", "control character U+0000 in the value");
    }

    /** The documented columns of a URL list: first_seen, url, threat, reporter. */
    private static final ParserOptions URL_LIST = ParserOptions.defaults()
            .withColumns(List.of("first_seen", "url", "threat", "reporter"))
            .withFields(Map.of("value", "url", "classification", "threat"));

    @Test
    void withoutAHeaderTheDocumentedColumnsAreUsedAndTheFirstRecordIsData() throws IOException {
        var sink = parse(FeedFormat.CSV, text("""
                # no header in this variant of the feed
                2024-06-01 10:00:00,http://192.0.2.1/a.sh,malware-distribution,alice
                2024-06-02 10:00:00,http://192.0.2.2/b.sh,phishing,bob
                """), URL_LIST);

        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::firstSeen, RawItem::classification, RawItem::position)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "http://192.0.2.1/a.sh",
                                Instant.parse("2024-06-01T10:00:00Z"),
                                "malware-distribution",
                                2L),
                        org.assertj.core.groups.Tuple.tuple(
                                "http://192.0.2.2/b.sh", Instant.parse("2024-06-02T10:00:00Z"), "phishing", 3L));
        assertThat(sink.invalid).isEmpty();
        assertThat(sink.skippedCounts()).containsExactly(Map.entry("comment", 1L));
    }

    @Test
    void aHeaderLineWithExtraReorderedAndOtherwiseCasedColumnsWinsOverTheDocumentedOrder() throws IOException {
        var sink = parse(FeedFormat.CSV, text("""
                Reporter,THREAT,Url,Status,First_Seen
                alice,phishing,http://192.0.2.1/login,online,2024-06-01 10:00:00
                """), URL_LIST);

        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::firstSeen, RawItem::classification, RawItem::position)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "http://192.0.2.1/login", Instant.parse("2024-06-01T10:00:00Z"), "phishing", 2L));
        assertThat(sink.skippedCounts()).containsExactly(Map.entry("header", 1L));
    }

    @Test
    void aHeaderWrittenInACommentNamesTheColumns() throws IOException {
        // abuse.ch style: the names in a comment line, quoted or not; a summary comment at the end
        var sink = parse(
                FeedFormat.CSV,
                text("""
                ################################################################
                # Feodo Tracker Botnet C2 IP Blocklist (CSV)                   #
                ################################################################
                #
                # "first_seen_utc","dst_ip","dst_port","c2_status","last_online","malware"
                "2024-06-01 10:00:00","192.0.2.1","443","online","2024-06-11","Dridex"
                "2024-06-02 10:00:00","192.0.2.2","8080","offline","2024-06-10","QakBot"
                # END 2 entries
                """),
                ParserOptions.defaults()
                        .withFields(Map.of(
                                "value",
                                "dst_ip",
                                "first_seen",
                                "first_seen_utc",
                                "last_seen",
                                "last_online",
                                "tags",
                                "malware")));

        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::firstSeen, RawItem::lastSeen, RawItem::tags)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "192.0.2.1",
                                Instant.parse("2024-06-01T10:00:00Z"),
                                Instant.parse("2024-06-11T00:00:00Z"),
                                List.of("Dridex")),
                        org.assertj.core.groups.Tuple.tuple(
                                "192.0.2.2",
                                Instant.parse("2024-06-02T10:00:00Z"),
                                Instant.parse("2024-06-10T00:00:00Z"),
                                List.of("QakBot")));
        assertThat(sink.invalid).isEmpty();
        assertThat(sink.skippedCounts()).containsExactly(Map.entry("comment", 5L), Map.entry("header", 1L));
        assertThat(sink.skippedAt("header")).containsExactly(5L);
    }

    @Test
    void aHeaderLineAfterAHeaderInACommentStillWins() throws IOException {
        var sink = parse(
                FeedFormat.CSV,
                text("""
                # id,url
                url,id
                http://192.0.2.1/x,7
                """),
                ParserOptions.defaults().withFields(Map.of("value", "url", "source_id", "id")));

        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::sourceId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("http://192.0.2.1/x", "7"));
        assertThat(sink.skippedAt("header")).containsExactly(1L, 2L);
    }

    @Test
    void aRepeatedHeaderLineIsSkippedAsAHeader() throws IOException {
        var sink = parse(FeedFormat.CSV, "value,type\n192.0.2.1,ipv4\nvalue,type\n192.0.2.2,ipv4\n");

        assertThat(sink.values()).containsExactly("192.0.2.1", "192.0.2.2");
        assertThat(sink.invalid).isEmpty();
        assertThat(sink.skippedAt("header")).containsExactly(1L, 3L);
    }

    @Test
    void withoutAHeaderFieldsMayNameTheDocumentedColumns() throws IOException {
        var sink = parse(
                FeedFormat.CSV,
                text("2024-06-01 10:00:00,http://192.0.2.1/a.sh,phishing,alice\n"),
                URL_LIST.withHeader(false));

        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::classification)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("http://192.0.2.1/a.sh", "phishing"));
        assertThat(sink.skipped).isEmpty();
    }

    @Test
    void unquotedDelimitersInTheLastColumnAreJoinedBackIntoIt() throws IOException {
        var sink = parse(FeedFormat.CSV, """
                value,type,description
                192.0.2.1,ipv4,Scanning, brute force, and spam
                192.0.2.2,ipv4,"Quoted, as RFC 4180 says"
                192.0.2.3,ipv4,plain
                """);

        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::type, RawItem::description)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "192.0.2.1", ObservableType.IPV4, "Scanning, brute force, and spam"),
                        org.assertj.core.groups.Tuple.tuple(
                                "192.0.2.2", ObservableType.IPV4, "Quoted, as RFC 4180 says"),
                        org.assertj.core.groups.Tuple.tuple("192.0.2.3", ObservableType.IPV4, "plain"));
        assertThat(sink.invalid).isEmpty();
    }

    @Test
    void unquotedDelimitersInAFreeTextColumnInTheMiddleKeepTheColumnsAfterItInPlace() throws IOException {
        var options = ParserOptions.defaults()
                .withColumns(List.of("value", "description", "first_seen", "confidence"))
                .withFreeTextField("description");

        var sink = parse(FeedFormat.CSV, text("""
                192.0.2.1,Example Hosting, Inc., NL,2024-06-01 10:00:00,80
                192.0.2.2,"Quoted, Inc.",2024-06-02 10:00:00,70
                192.0.2.3,Plain,2024-06-03 10:00:00,60
                """), options);

        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::description, RawItem::firstSeen, RawItem::confidence)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "192.0.2.1", "Example Hosting, Inc., NL", Instant.parse("2024-06-01T10:00:00Z"), 80),
                        org.assertj.core.groups.Tuple.tuple(
                                "192.0.2.2", "Quoted, Inc.", Instant.parse("2024-06-02T10:00:00Z"), 70),
                        org.assertj.core.groups.Tuple.tuple(
                                "192.0.2.3", "Plain", Instant.parse("2024-06-03T10:00:00Z"), 60));
    }

    @Test
    void theFreeTextColumnMayBeNamedInTheHeaderLineAndAMissingOneIsUnusable() throws IOException {
        var options =
                ParserOptions.defaults().withFreeTextField("comment").withFields(Map.of("description", "comment"));

        var sink = parse(FeedFormat.CSV, text("value,comment,confidence\n192.0.2.1,a, b,75\n"), options);

        assertThat(sink.items)
                .extracting(RawItem::description, RawItem::confidence)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a, b", 75));
        assertThatThrownBy(() -> parse(FeedFormat.CSV, text("value,note\n192.0.2.1,x\n"), options.withFields(Map.of())))
                .isInstanceOf(FeedFormatException.class)
                .hasMessage("the CSV header on line 1 has no free-text column 'comment'; its columns: value, note");
    }
}
