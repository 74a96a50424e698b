package org.opencirt.feed.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.opencirt.feed.parse.Inputs.parse;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opencirt.observable.ObservableType;

class PlainListParserTest {

    private static final ParserOptions DATAPLANE = ParserOptions.defaults()
            .withDelimiter("|")
            .withValueField(2)
            .withFields(Map.of("last_seen", "3", "classification", "4"))
            .withClassifications(Map.of("sshpwauth", "brute-force"));

    @Test
    void readsTheDataplaneSampleWithPipeSeparatedFields() throws IOException {
        var sink = Inputs.parseSample(FeedFormat.PLAIN_LIST, "dataplane-sshpwauth.txt", DATAPLANE);

        assertThat(sink.items).hasSize(13);
        assertThat(sink.invalid).hasSize(3);
        assertThat(sink.items.get(0))
                .isEqualTo(new RawItem(
                        "192.0.2.15",
                        null,
                        "brute-force",
                        List.of(),
                        null,
                        Instant.parse("2024-06-11T08:14:57Z"),
                        null,
                        null,
                        null,
                        null,
                        10));
        assertThat(sink.item("2001:db8::22").position()).isEqualTo(17);
        assertThat(sink.item("198.51.100.33").lastSeen()).isEqualTo(Instant.parse("2024-06-11T05:05:05Z"));
        assertThat(sink.invalid).extracting(CollectingSink.Invalid::position).containsExactly(18L, 20L, 22L);
        assertThat(sink.reasons())
                .containsExactly(
                        "line has 2 fields, the value is field 2 (0-based)",
                        "no value",
                        "more than one value: white space inside '198.51.100. 34'");
        assertThat(sink.invalid.get(0).excerpt()).isEqualTo("64501       |  EXAMPLE-AS-ZA");
    }

    @Test
    void aPlainListWithoutOptionsGivesOneUntypedValueALine() throws IOException {
        var sink = parse(FeedFormat.PLAIN_LIST, "198.51.100.7\nexample.net\n\n  http://example.org/x  \n");

        assertThat(sink.values()).containsExactly("198.51.100.7", "example.net", "http://example.org/x");
        assertThat(sink.items).allSatisfy(item -> {
            assertThat(item.type()).isNull();
            assertThat(item.classification()).isNull();
            assertThat(item.tags()).isEmpty();
        });
        assertThat(sink.items).extracting(RawItem::position).containsExactly(1L, 2L, 4L);
        assertThat(sink.invalid).isEmpty();
    }

    @Test
    void emptyInputGivesNothing() throws IOException {
        var sink = parse(FeedFormat.PLAIN_LIST, "");

        assertThat(sink.items).isEmpty();
        assertThat(sink.invalid).isEmpty();
    }

    @Test
    void onlyCommentsAndBlankLinesGiveNothing() throws IOException {
        var sink = parse(FeedFormat.PLAIN_LIST, "# a comment\n; another\n\n   \n  # indented comment\n");

        assertThat(sink.items).isEmpty();
        assertThat(sink.invalid).isEmpty();
    }

    @Test
    void crlfLineEndsAndAByteOrderMarkAreNotPartOfTheValues() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] text = "198.51.100.1\r\n198.51.100.2\r\n# c\r\n198.51.100.3".getBytes();
        byte[] input = new byte[bom.length + text.length];
        System.arraycopy(bom, 0, input, 0, bom.length);
        System.arraycopy(text, 0, input, bom.length, text.length);

        var sink = Inputs.parse(FeedFormat.PLAIN_LIST, Inputs.bytes(input), ParserOptions.defaults());

        assertThat(sink.values()).containsExactly("198.51.100.1", "198.51.100.2", "198.51.100.3");
        assertThat(sink.items).extracting(RawItem::position).containsExactly(1L, 2L, 4L);
    }

    @Test
    void aCommentAfterWhiteSpaceEndsTheLineButAHashInsideAUrlStays() throws IOException {
        var sink = parse(
                FeedFormat.PLAIN_LIST,
                "198.51.100.7 # seen scanning\nhttps://example.org/#/wallet\n" + "203.0.113.9\t; note\n");

        assertThat(sink.values()).containsExactly("198.51.100.7", "https://example.org/#/wallet", "203.0.113.9");
    }

    @Test
    void twoValuesOnALineAreInvalid() throws IOException {
        var sink = parse(FeedFormat.PLAIN_LIST, "0.0.0.0 ads.example.com\n192.0.2.1\n");

        assertThat(sink.values()).containsExactly("192.0.2.1");
        assertThat(sink.invalid)
                .containsExactly(new CollectingSink.Invalid(
                        1,
                        "more than one value: white space inside '0.0.0.0 ads.example.com'",
                        "0.0.0.0 ads.example.com"));
    }

    @Test
    void aBlankDelimiterSplitsOnRunsOfWhiteSpace() throws IOException {
        var sink = Inputs.parse(
                FeedFormat.PLAIN_LIST,
                Inputs.text("0.0.0.0   ads.example.com\n0.0.0.0\ttrk.example.net\n"),
                ParserOptions.defaults().withDelimiter(" ").withValueField(1));

        assertThat(sink.values()).containsExactly("ads.example.com", "trk.example.net");
    }

    @Test
    void theValueFieldMayAlsoBeMappedAsAField() throws IOException {
        var sink = Inputs.parse(
                FeedFormat.PLAIN_LIST,
                Inputs.text("a|192.0.2.1|x\n"),
                ParserOptions.defaults().withDelimiter("|").withFields(Map.of("value", "1", "description", "2")));

        assertThat(sink.values()).containsExactly("192.0.2.1");
        assertThat(sink.items.get(0).description()).isEqualTo("x");
    }

    @Test
    void theForcedTypeAndTheClassificationForEveryItemComeFromTheOptions() throws IOException {
        var sink = Inputs.parse(
                FeedFormat.PLAIN_LIST,
                Inputs.text("192.0.2.0/24\n198.51.100.0/25\n"),
                ParserOptions.defaults().withType("cidr").withClassifications(Map.of("*", "brute-force")));

        assertThat(sink.items).allSatisfy(item -> {
            assertThat(item.type()).isEqualTo(ObservableType.CIDR);
            assertThat(item.classification()).isEqualTo("brute-force");
        });
    }

    @Test
    void commentPrefixesCanBeChangedOrTurnedOff() throws IOException {
        var slashes = Inputs.parse(
                FeedFormat.PLAIN_LIST,
                Inputs.text("// list\n#not-a-comment.example.com\n"),
                ParserOptions.defaults().withCommentPrefixes(List.of("//")));
        var none = Inputs.parse(
                FeedFormat.PLAIN_LIST,
                Inputs.text(";x.example.com\n"),
                ParserOptions.defaults().withCommentPrefixes(List.of()));

        assertThat(slashes.values()).containsExactly("#not-a-comment.example.com");
        assertThat(none.values()).containsExactly(";x.example.com");
    }

    @Test
    void aLineLongerThan64KibIsInvalidAndTheReadingGoesOn() throws IOException {
        String a = "a".repeat(64 * 1024);
        var input = new GeneratedInput("192.0.2.1\n", 1600, i -> a, "\n192.0.2.2\n");
        var sink = new CollectingSink();

        FeedParsers.of(FeedFormat.PLAIN_LIST, Clock.systemUTC())
                .parse(FeedInput.of(input), ParserOptions.defaults(), sink);

        assertThat(sink.values()).containsExactly("192.0.2.1", "192.0.2.2");
        assertThat(sink.invalid).hasSize(1);
        assertThat(sink.invalid.get(0).position()).isEqualTo(2);
        assertThat(sink.invalid.get(0).reason()).isEqualTo("line longer than 65536 characters (104857600)");
        assertThat(sink.invalid.get(0).excerpt()).hasSize(200);
        assertThat(input.bytesRead()).isGreaterThan(100_000_000L);
    }

    @Test
    void aCommentLongerThan64KibIsStillJustAComment() throws IOException {
        var sink = parse(FeedFormat.PLAIN_LIST, "  # " + "x".repeat(100_000) + "\n192.0.2.1\n");

        assertThat(sink.values()).containsExactly("192.0.2.1");
        assertThat(sink.invalid).isEmpty();
    }

    @Test
    void twoMillionLinesStreamThroughWithoutReadingAhead() throws IOException {
        int lines = 2_000_000;
        int width = "host-0000000.example.com\n".length();
        var input = new GeneratedInput("", lines, i -> "host-" + GeneratedInput.digits(i, 7) + ".example.com\n", "");
        long[] count = {0};
        long[] maxAhead = {0};
        ItemSink counting = new ItemSink() {
            @Override
            public void item(RawItem item) {
                count[0]++;
                maxAhead[0] = Math.max(maxAhead[0], input.bytesRead() - item.position() * width);
            }

            @Override
            public void invalid(long position, String reason, String excerpt) {
                throw new AssertionError(reason);
            }
        };

        FeedParsers.of(FeedFormat.PLAIN_LIST, Clock.systemUTC())
                .parse(FeedInput.of(input), ParserOptions.defaults(), counting);

        assertThat(count[0]).isEqualTo(lines);
        assertThat(input.bytesRead()).isEqualTo((long) lines * width);
        assertThat(maxAhead[0]).as("bytes read ahead of the current item").isLessThan(64 * 1024);
    }

    @Test
    void optionsThatDoNotFitThrowBeforeAnythingIsRead() {
        var options = ParserOptions.defaults().withValueField(2);

        assertThatThrownBy(() -> parse(FeedFormat.PLAIN_LIST, Inputs.text("x"), options))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("options not valid for plain-list: valueField: needs a delimiter");
    }

    @Test
    void commentAndBlankLinesAnywhereAreSkippedAndCountedByReason() throws IOException {
        var sink = parse(FeedFormat.PLAIN_LIST, """
                # a list
                198.51.100.1

                ; a comment in the middle
                198.51.100.2
                \t \t
                # the end
                """);

        assertThat(sink.values()).containsExactly("198.51.100.1", "198.51.100.2");
        assertThat(sink.invalid).isEmpty();
        assertThat(sink.skippedCounts()).containsExactly(Map.entry("comment", 3L), Map.entry("blank line", 2L));
        assertThat(sink.skippedAt("comment")).containsExactly(1L, 4L, 7L);
        assertThat(sink.skippedAt("blank line")).containsExactly(3L, 6L);
    }

    @Test
    void aCommentLongerThan64KibIsCountedAsAComment() throws IOException {
        var sink = parse(FeedFormat.PLAIN_LIST, "# " + "x".repeat(70_000) + "\n198.51.100.1\n");

        assertThat(sink.values()).containsExactly("198.51.100.1");
        assertThat(sink.skipped).containsExactly(new CollectingSink.Skipped(1, "comment"));
    }

    @Test
    void trailingGarbageNulBytesAndAnAppendedHtmlPageAreEachCountedNeverThrown() throws IOException {
        var sink = parse(FeedFormat.PLAIN_LIST, """
                198.51.100.1
                198.51.100.2
                </pre>
                -- end --
                Total: 2
                \0\0\0\0
                198.51.100.3\0
                <html><head><title>502 Bad Gateway</title></head>
                <body>
                <center><h1>502 Bad Gateway</h1></center>
                </body>
                </html>
                """);

        assertThat(sink.values()).containsExactly("198.51.100.1", "198.51.100.2");
        assertThat(sink.invalid)
                .containsExactly(
                        new CollectingSink.Invalid(3, "markup, not a value: '</pre>'", "</pre>"),
                        new CollectingSink.Invalid(
                                4, "more than one value: white space inside '-- end --'", "-- end --"),
                        new CollectingSink.Invalid(5, "more than one value: white space inside 'Total: 2'", "Total: 2"),
                        new CollectingSink.Invalid(6, "control character U+0000 in the value", "\uFFFD".repeat(4)),
                        new CollectingSink.Invalid(7, "control character U+0000 in the value", "198.51.100.3\uFFFD"),
                        new CollectingSink.Invalid(
                                8,
                                "more than one value: white space inside '<html><head><title>502 Bad Gateway</title></head>'",
                                "<html><head><title>502 Bad Gateway</title></head>"),
                        new CollectingSink.Invalid(9, "markup, not a value: '<body>'", "<body>"),
                        new CollectingSink.Invalid(
                                10,
                                "more than one value: white space inside '<center><h1>502 Bad Gateway</h1></center>'",
                                "<center><h1>502 Bad Gateway</h1></center>"),
                        new CollectingSink.Invalid(11, "markup, not a value: '</body>'", "</body>"),
                        new CollectingSink.Invalid(12, "markup, not a value: '</html>'", "</html>"));
    }

    @Test
    void aDataplaneAsNameHoldingTheDelimiterIsJoinedBackIntoItsFreeTextField() throws IOException {
        var options = DATAPLANE
                .withValueField(null)
                .withColumns(List.of("asn", "asname", "ipaddr", "lastseen", "category"))
                .withFreeTextField("asname")
                .withFields(Map.of(
                        "value",
                        "ipaddr",
                        "last_seen",
                        "lastseen",
                        "classification",
                        "category",
                        "description",
                        "asname"));

        var sink = parse(FeedFormat.PLAIN_LIST, Inputs.text("""
                # ASN | ASname | ipaddr | lastseen | category
                64496 | EXAMPLE | Networks | Inc, NL | 192.0.2.15 | 2024-06-11 08:14:57 | sshpwauth
                64497 | EXAMPLE-HOSTING, US | 198.51.100.31 | 2024-06-11 07:59:41 | sshpwauth
                """), options);

        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::description, RawItem::lastSeen, RawItem::classification)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "192.0.2.15",
                                "EXAMPLE | Networks | Inc, NL",
                                Instant.parse("2024-06-11T08:14:57Z"),
                                "brute-force"),
                        org.assertj.core.groups.Tuple.tuple(
                                "198.51.100.31",
                                "EXAMPLE-HOSTING, US",
                                Instant.parse("2024-06-11T07:59:41Z"),
                                "brute-force"));
        assertThat(sink.invalid).isEmpty();
    }

    @Test
    void withoutColumnsASurplusDelimiterShiftsTheFields() throws IOException {
        // what the free-text rule is for: without it the address is read from the wrong field
        var sink = parse(
                FeedFormat.PLAIN_LIST,
                Inputs.text("64496 | EXAMPLE | Networks | 192.0.2.15 | 2024-06-11 08:14:57 | sshpwauth\n"),
                DATAPLANE);

        assertThat(sink.values()).containsExactly("Networks");
    }

    @Test
    void theFreeTextFieldDefaultsToTheLastColumn() throws IOException {
        var options = ParserOptions.defaults()
                .withDelimiter(";")
                .withColumns(List.of("value", "description"))
                .withFields(Map.of("description", "description"));

        var sink = parse(FeedFormat.PLAIN_LIST, Inputs.text("192.0.2.1;seen; twice;here\n192.0.2.2;once\n"), options);

        assertThat(sink.items)
                .extracting(RawItem::value, RawItem::description)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("192.0.2.1", "seen; twice;here"),
                        org.assertj.core.groups.Tuple.tuple("192.0.2.2", "once"));
    }
}
