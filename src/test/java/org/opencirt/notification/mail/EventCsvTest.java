package org.opencirt.notification.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventCsvTest {

    private static final List<String> HEADER = List.of("ip", "note");

    private static String csv(List<List<String>> rows) {
        return new String(EventCsv.write(HEADER, rows, 1000, 1 << 20).bytes(), StandardCharsets.UTF_8);
    }

    /** The file as a CSV reader (Jackson's) reads it back: the cells a spreadsheet or a script gets. */
    private static List<List<String>> readBack(byte[] bytes) throws Exception {
        var mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        try (MappingIterator<List<String>> rows =
                mapper.readerForListOf(String.class).readValues(bytes)) {
            return rows.readAll();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "=1+1",
                "+1",
                "-1",
                "@SUM(A1)",
                "\t=1",
                "\r=1",
                "\n=1",
                "   =cmd|' /C calc'!A0",
                "\u00a0@x",
                "\uFF1D1+1",
                "\u22121"
            })
    void aCellThatStartsLikeAFormulaGetsASingleQuoteInFront(String value) throws Exception {
        var bytes = EventCsv.write(HEADER, List.of(List.of("192.0.2.1", value)), 10, 10_000)
                .bytes();

        assertThat(readBack(bytes).get(1)).containsExactly("192.0.2.1", "'" + value);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"192.0.2.1", "2001:db8::1", "2026-05-01T10:00:00Z", "a-b", "1+1", "abuse@isp.example", "443", ""
            })
    void anOrdinaryValueIsKeptAsItIs(String value) throws Exception {
        var bytes =
                EventCsv.write(HEADER, List.of(List.of(value, "x")), 10, 10_000).bytes();

        assertThat(readBack(bytes).get(1)).containsExactly(value, "x");
    }

    @Test
    void everyCellIsQuotedLinesEndWithCrlfAndQuotesAndLineBreaksStayInsideTheirCell() throws Exception {
        var text = csv(List.of(List.of("192.0.2.1", "il a dit \"bonjour\",\npuis\r\nau revoir")));

        assertThat(text)
                .isEqualTo("\"ip\",\"note\"\r\n\"192.0.2.1\",\"il a dit \"\"bonjour\"\",\npuis\r\nau revoir\"\r\n");
        assertThat(readBack(text.getBytes(StandardCharsets.UTF_8)))
                .containsExactly(HEADER, List.of("192.0.2.1", "il a dit \"bonjour\",\npuis\r\nau revoir"));
    }

    @Test
    void frenchAndArabicAreWrittenAsUtf8WithoutAByteOrderMark() throws Exception {
        var bytes = EventCsv.write(HEADER, List.of(List.of("192.0.2.1", "hôte vulnérable — جهاز")), 10, 10_000)
                .bytes();

        assertThat(bytes[0]).isEqualTo((byte) '"');
        assertThat(readBack(bytes).get(1)).containsExactly("192.0.2.1", "hôte vulnérable — جهاز");
    }

    @Test
    void rowsPastTheRowLimitAreLeftOutAndCounted() throws Exception {
        var rows = List.of(List.of("a", "1"), List.of("b", "2"), List.of("c", "3"));

        var csv = EventCsv.write(HEADER, rows, 2, 10_000);

        assertThat(csv.rowsWritten()).isEqualTo(2);
        assertThat(csv.rowsOmitted()).isEqualTo(1);
        assertThat(csv.truncated()).isTrue();
        assertThat(readBack(csv.bytes())).containsExactly(HEADER, List.of("a", "1"), List.of("b", "2"));
    }

    @Test
    void theRowThatWouldPassTheByteLimitIsLeftOutWhole() throws Exception {
        var header = "\"ip\",\"note\"\r\n".length();
        var row = "\"a\",\"1\"\r\n".length();
        var rows = List.of(List.of("a", "1"), List.of("b", "2"));

        var csv = EventCsv.write(HEADER, rows, 10, header + row + row - 1);

        assertThat(csv.bytes()).hasSize(header + row);
        assertThat(csv.rowsWritten()).isEqualTo(1);
        assertThat(csv.rowsOmitted()).isEqualTo(1);
        assertThat(EventCsv.write(HEADER, rows, 10, header + row + row).truncated())
                .isFalse();
    }

    @Test
    void aRowOfAnotherWidthOrAHeaderPastTheByteLimitIsRefused() {
        assertThatThrownBy(() -> EventCsv.write(HEADER, List.of(List.of("a")), 10, 10_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("row 1 has 1 cells");
        assertThatThrownBy(() -> EventCsv.write(HEADER, List.of(), 10, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("header alone");
    }
}
