package org.opencirt.common;

/**
 * Cells of CSV for spreadsheet users (RFC 4180, every cell quoted). A cell that a spreadsheet would read as a formula
 * gets a leading apostrophe, so that opening a file never runs what a feed or a reporter put in a value (OWASP: CSV
 * injection): one starting with {@code = + - @}, a tab, a carriage return or a line feed, with their full-width and
 * small forms ({@code ＝ ＋ － ＠ ﹦ ﹢ ﹣ ﹫}) and the minus sign, also after leading spaces or invisible characters,
 * which spreadsheets skip. That includes negative numbers: a safe rule with no exception is easier to trust.
 */
public final class CsvCells {

    private static final String FORMULA_STARTS = "=+-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B\u2212";

    private CsvCells() {}

    /** One cell as written: neutralised when it starts like a formula, in double quotes, inner quotes doubled. */
    public static String cell(String value) {
        var text = value == null ? "" : value;
        if (startsLikeAFormula(text)) {
            text = "'" + text;
        }
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    /** Whether a spreadsheet could read the value as a formula: a formula character first, leading blanks skipped. */
    public static boolean startsLikeAFormula(String text) {
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
