package org.opencirt.console.dashboard;

import java.util.List;
import java.util.stream.Collectors;
import org.opencirt.common.CsvCells;

/** The console's CSV exports: rows of {@link CsvCells} (every cell quoted, formulas neutralised), CRLF line ends. */
public final class Csv {

    private Csv() {}

    public static String of(List<List<String>> rows) {
        return rows.stream()
                        .map(row -> row.stream().map(CsvCells::cell).collect(Collectors.joining(",")))
                        .collect(Collectors.joining("\r\n"))
                + "\r\n";
    }
}
