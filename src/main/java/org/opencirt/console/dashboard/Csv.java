package org.opencirt.console.dashboard;

import java.util.List;
import java.util.stream.Collectors;

/**
 * CSV for spreadsheet users (RFC 4180, every cell quoted). A cell that a spreadsheet would read as a formula, one
 * starting with {@code = + - @}, a tab or a carriage return, gets a leading apostrophe, so that opening an export
 * never runs what a feed or a reporter put in a value (OWASP: CSV injection).
 */
public final class Csv {

    private Csv() {
    }

    public static String of(List<List<String>> rows) {
        return rows.stream().map(row -> row.stream().map(Csv::cell).collect(Collectors.joining(","))).collect(Collectors.joining("\r\n"))
                + "\r\n";
    }

    static String cell(String value) {
        var text = value == null ? "" : value;
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }
}
