package org.opencirt.console.dashboard;

import java.util.List;
import java.util.stream.Collectors;

/**
 * CSV for spreadsheet users (RFC 4180, every cell quoted). A cell that a spreadsheet would read as a formula gets a
 * leading apostrophe, so that opening an export never runs what a feed or a reporter put in a value (OWASP: CSV
 * injection): one starting with {@code = + - @}, a tab, a carriage return or a line feed, with their full-width and
 * small forms ({@code ＝ ＋ － ＠ ﹦ ﹢ ﹣ ﹫}) and the minus sign, also after leading spaces or invisible characters,
 * which spreadsheets skip.
 */
public final class Csv {

    private Csv() {}

    public static String of(List<List<String>> rows) {
        return rows.stream()
                        .map(row -> row.stream().map(Csv::cell).collect(Collectors.joining(",")))
                        .collect(Collectors.joining("\r\n"))
                + "\r\n";
    }

    private static final String FORMULA_STARTS = "=+-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B\u2212";

    static String cell(String value) {
        var text = value == null ? "" : value;
        if (startsLikeAFormula(text)) {
            text = "'" + text;
        }
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    static boolean startsLikeAFormula(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (FORMULA_STARTS.indexOf(c) >= 0) {
                return true;
            }
            var skipped = Character.isWhitespace(c)
                    || Character.isSpaceChar(c)
                    || Character.isISOControl(c)
                    || Character.getType(c) == Character.FORMAT;
            if (!skipped) {
                return false;
            }
            i += Character.charCount(c);
        }
        return false;
    }
}
