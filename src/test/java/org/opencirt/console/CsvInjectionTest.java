package org.opencirt.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencirt.console.dashboard.Csv;
import org.opencirt.testing.Payloads;

/**
 * Every payload of {@code payloads/csv-injection.txt}, written by the CSV exporter in every column of a row, reads
 * back (as a spreadsheet parses the file) as text that starts with an apostrophe and keeps the value whole.
 */
class CsvInjectionTest {

    static Stream<String> payloads() {
        return Payloads.load("csv-injection.txt").stream();
    }

    @ParameterizedTest
    @MethodSource("payloads")
    void aFormulaPayloadComesOutOfTheExportAsText(String payload) throws IOException {
        var csv = Csv.of(
                List.of(List.of("indicator", "feeds", "classification"), List.of(payload, "feed " + payload, payload)));
        List<List<String>> rows;
        try (MappingIterator<List<String>> it = new CsvMapper()
                .enable(CsvParser.Feature.WRAP_AS_ARRAY)
                .readerFor(List.class)
                .readValues(csv)) {
            rows = it.readAll();
        }
        assertThat(rows).hasSize(2);
        var row = rows.get(1);
        assertThat(row.get(0)).isEqualTo("'" + payload);
        assertThat(row.get(1)).isEqualTo("feed " + payload);
        assertThat(row.get(2)).isEqualTo("'" + payload);
    }
}
