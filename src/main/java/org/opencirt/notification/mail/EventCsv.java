package org.opencirt.notification.mail;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.opencirt.common.CsvCells;

/**
 * The events of a notification as a CSV attachment: RFC 4180 (comma separated, CRLF line ends, every cell in double
 * quotes with inner quotes doubled, so a line break inside a cell stays inside it), UTF-8 without a byte-order mark,
 * a header line first.
 *
 * <p>What a constituent opens in a spreadsheet must never run as a formula (OWASP, CSV injection): a cell that starts
 * with {@code = + - @}, a tab, a carriage return or a line feed, or with their full-width and small forms
 * ({@code ＝ ＋ － ＠ ﹦ ﹢ ﹣ ﹫}) or the minus sign, also after leading spaces or invisible characters (which
 * spreadsheets skip), gets a single quote {@code '} in front of it. That includes negative numbers: {@code -1} is
 * written {@code '-1}, as OWASP advises for any leading {@code -}; events carry addresses, ports, times and names,
 * not negative numbers, and a safe rule with no exception is easier to trust than a number parser.
 *
 * <p>The cells are {@link CsvCells}', as in the console's exports; the limits are this writer's.
 */
public final class EventCsv {

    /** The attachment's media type. */
    public static final String CONTENT_TYPE = "text/csv; charset=utf-8; header=present";

    private static final byte[] LINE_END = {'\r', '\n'};

    private EventCsv() {}

    /**
     * The CSV bytes, and how many rows they hold: the rows past {@code maxRows}, or past the row that would make the
     * file longer than {@code maxBytes}, are left out whole (never half a row), and counted.
     */
    public record Csv(byte[] bytes, int rowsWritten, int rowsOmitted) {
        public boolean truncated() {
            return rowsOmitted > 0;
        }
    }

    /**
     * Writes the header and the rows.
     *
     * @param header the column names (at least one)
     * @param rows rows of as many cells as the header has; a null cell is written empty
     * @param maxRows the most data rows written (the header not counted)
     * @param maxBytes the most bytes of the whole file, the header included
     * @throws IllegalArgumentException when the header is empty, a row has another number of cells, or the header alone
     *     is longer than {@code maxBytes}
     */
    public static Csv write(List<String> header, List<? extends List<String>> rows, int maxRows, long maxBytes) {
        if (header == null || header.isEmpty()) {
            throw new IllegalArgumentException("the CSV needs a header of at least one column");
        }
        if (maxRows < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("the CSV limits must not be negative");
        }
        var out = new java.io.ByteArrayOutputStream();
        var headerLine = line(header);
        if (headerLine.length > maxBytes) {
            throw new IllegalArgumentException("the CSV header alone is longer than %d bytes".formatted(maxBytes));
        }
        out.writeBytes(headerLine);
        var written = 0;
        for (var row : rows) {
            if (row.size() != header.size()) {
                throw new IllegalArgumentException(
                        "row %d has %d cells; the header has %d".formatted(written + 1, row.size(), header.size()));
            }
            if (written == maxRows) {
                break;
            }
            var bytes = line(row);
            if (out.size() + (long) bytes.length > maxBytes) {
                break;
            }
            out.writeBytes(bytes);
            written++;
        }
        return new Csv(out.toByteArray(), written, rows.size() - written);
    }

    private static byte[] line(List<String> cells) {
        var text = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(CsvCells.cell(cells.get(i)));
        }
        var bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        var line = java.util.Arrays.copyOf(bytes, bytes.length + LINE_END.length);
        System.arraycopy(LINE_END, 0, line, bytes.length, LINE_END.length);
        return line;
    }
}
