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

class JsonRecordsParserTest {

    /** The mapping of the shipped generic-records.json sample. */
    static final ParserOptions GENERIC = ParserOptions.defaults()
            .withRecords("/data")
            .withFields(Map.of(
                    "value",
                    "/ioc/value",
                    "type",
                    "/ioc/type",
                    "classification",
                    "/threat",
                    "description",
                    "/note",
                    "source_id",
                    "/id"));

    @Test
    void readsTheGenericSampleWithFieldsByJsonPointer() throws IOException {
        var sink = Inputs.parseSample(FeedFormat.JSON_RECORDS, "generic-records.json", GENERIC);

        assertThat(sink.items).hasSize(11);
        assertThat(sink.invalid).hasSize(3);
        assertThat(sink.items.get(0))
                .isEqualTo(new RawItem(
                        "198.51.100.61",
                        ObservableType.IPV4,
                        "c2-server",
                        List.of("botnet", "qakbot"),
                        Instant.parse("2024-06-01T08:00:00Z"),
                        Instant.parse("2024-06-11T08:00:00Z"),
                        90,
                        "AMBER",
                        "QakBot C2",
                        "rec-0001",
                        0));
        assertThat(sink.item("https://203.0.113.71/panel/login.php")).satisfies(item -> {
            assertThat(item.tags()).as("a string of tags is split").containsExactly("bank", "credential-harvesting");
            assertThat(item.firstSeen()).as("epoch seconds").isEqualTo(Instant.parse("2024-06-02T09:00:00Z"));
            assertThat(item.tlp()).isEqualTo("CLEAR");
        });
        assertThat(sink.item("2001:db8::4:1").confidence()).isEqualTo(40);
        assertThat(sink.item("ceo-office@example.org").tlp()).isEqualTo("AMBER+STRICT");
        assertThat(sink.item("7d865e959b2466918c9863afca942d0fb89d7c9ac0c99bafc3749504ded97730"))
                .satisfies(item -> {
                    assertThat(item.classification()).isNull();
                    assertThat(item.tags()).containsExactly("lockbit", "ransomware");
                    assertThat(item.tlp()).isEqualTo("RED");
                });
        assertThat(sink.item("64511").type()).isEqualTo(ObservableType.ASN);
        assertThat(sink.item("203.0.113.0/25").confidence())
                .as("150 is out of range")
                .isNull();
        assertThat(sink.item("files.example.org").type())
                .as("hostname is a synonym")
                .isEqualTo(ObservableType.DOMAIN);
        assertThat(sink.item("CVE-2024-3400").position()).isEqualTo(13);
        assertThat(sink.invalid)
                .extracting(CollectingSink.Invalid::position, CollectingSink.Invalid::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(9L, "record is not a JSON object"),
                        org.assertj.core.groups.Tuple.tuple(10L, "record has no value at /ioc/value"),
                        org.assertj.core.groups.Tuple.tuple(11L, "the value at /ioc/value is not a string or number"));
        assertThat(sink.invalid.get(0).excerpt()).isEqualTo("\"203.0.113.99\"");
    }

    @Test
    void aTopLevelArrayWithFieldsNamedLikeItemFieldsNeedsNoOptions() throws IOException {
        var sink = parse(FeedFormat.JSON_RECORDS, """
                [{"value": "192.0.2.1", "type": "ipv4", "tags": ["a", "b"], "first_seen": "2024-06-01T00:00:00Z"},
                 {"value": "example.net", "unknown": {"deep": [1, 2, 3]}}]
                """);

        assertThat(sink.items)
                .containsExactly(
                        new RawItem(
                                "192.0.2.1",
                                ObservableType.IPV4,
                                null,
                                List.of("a", "b"),
                                Instant.parse("2024-06-01T00:00:00Z"),
                                null,
                                null,
                                null,
                                null,
                                null,
                                0),
                        new RawItem("example.net", null, null, List.of(), null, null, null, null, null, null, 1));
    }

    @Test
    void emptyInputIsUnusable() {
        assertThatThrownBy(() -> parse(FeedFormat.JSON_RECORDS, ""))
                .isInstanceOf(FeedFormatException.class)
                .hasMessage("empty input: no JSON records");
    }

    @Test
    void somethingThatIsNotJsonIsUnusable() {
        assertThatThrownBy(() -> parse(FeedFormat.JSON_RECORDS, "<html><body>502 Bad Gateway</body></html>"))
                .isInstanceOf(FeedFormatException.class)
                .hasMessageStartingWith("not JSON: Unexpected character ('<' (code 60))");
    }

    @Test
    void noArrayAtTheRecordsPointerIsUnusable() {
        assertThatThrownBy(() -> parse(FeedFormat.JSON_RECORDS, text("{\"items\": []}"), GENERIC))
                .isInstanceOf(FeedFormatException.class)
                .hasMessage("no records at JSON pointer '/data'");
        assertThatThrownBy(() -> parse(FeedFormat.JSON_RECORDS, text("{\"data\": {\"a\": 1}}"), GENERIC))
                .isInstanceOf(FeedFormatException.class)
                .hasMessage("expected the records as a JSON array at '/data', found an object");
        assertThatThrownBy(() -> parse(FeedFormat.JSON_RECORDS, "{\"data\": []}"))
                .isInstanceOf(FeedFormatException.class)
                .hasMessage("expected the records as a JSON array at '', found an object");
    }

    @Test
    void theRecordsPointerMaySkipOverOtherMembersAndIndexArrays() throws IOException {
        var sink = parse(
                FeedFormat.JSON_RECORDS, text("""
                {"meta": {"big": [1, [2, {"x": 3}]]}, "pages": [{"data": []}, {"data": [{"value": "192.0.2.9"}]}]}
                """), ParserOptions.defaults().withRecords("/pages/1/data"));

        assertThat(sink.values()).containsExactly("192.0.2.9");
    }

    @Test
    void aTruncatedDocumentKeepsTheRecordsBeforeTheBreakAndReportsIt() throws IOException {
        var sink = parse(
                FeedFormat.JSON_RECORDS, "[{\"value\": \"192.0.2.1\"}, {\"value\": \"192.0.2.2\"}, {\"value\": \"19");

        assertThat(sink.values()).containsExactly("192.0.2.1", "192.0.2.2");
        assertThat(sink.invalid).hasSize(1);
        assertThat(sink.invalid.get(0).position()).isEqualTo(2);
        assertThat(sink.invalid.get(0).reason())
                .startsWith("JSON syntax error, the rest is not read: Unexpected end-of-input");
    }

    @Test
    void aByteOrderMarkAndCrlfAreFine() throws IOException {
        var sink = parse(FeedFormat.JSON_RECORDS, "\uFEFF[\r\n{\"value\": \"192.0.2.1\"}\r\n]\r\n");

        assertThat(sink.values()).containsExactly("192.0.2.1");
    }

    @Test
    void twoHundredThousandRecordsStreamThroughWithoutReadingAhead() throws IOException {
        int records = 200_000;
        String record = "{\"value\": \"198.51.100.1\", \"type\": \"ipv4\", \"tags\": [\"a\", \"b\"]},\n";
        var input = new GeneratedInput("[\n", records, i -> record, "{\"value\": \"198.51.100.2\"}]");
        long[] count = {0};
        long[] maxAhead = {0};
        ItemSink counting = new ItemSink() {
            @Override
            public void item(RawItem item) {
                count[0]++;
                maxAhead[0] = Math.max(maxAhead[0], input.bytesRead() - 2 - item.position() * record.length());
            }

            @Override
            public void invalid(long position, String reason, String excerpt) {
                throw new AssertionError(reason);
            }
        };

        FeedParsers.of(FeedFormat.JSON_RECORDS, Clock.systemUTC())
                .parse(FeedInput.of(input), ParserOptions.defaults(), counting);

        assertThat(count[0]).isEqualTo(records + 1);
        assertThat(maxAhead[0]).as("bytes read ahead of the current record").isLessThan(64 * 1024);
    }
}
