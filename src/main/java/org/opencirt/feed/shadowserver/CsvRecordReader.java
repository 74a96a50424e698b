package org.opencirt.feed.shadowserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 records one at a time in bounded memory: UTF-8 (a byte order mark at the start is
 * dropped, bytes that are not UTF-8 read as U+FFFD), ends of line {@code \n}, {@code \r\n} or
 * {@code \r}; a quoted field may hold commas, doubled quotes and line breaks.
 *
 * <p>A record longer than {@code maxLength} characters keeps nothing: the rest of its line is
 * read and dropped, quotes or not (so one stray quote cannot swallow the file), and
 * {@link #tooLong()} tells.
 */
final class CsvRecordReader {

    /** Why a record's fields could not be read. */
    enum Problem {
        TOO_MANY_COLUMNS,
        FIELD_TOO_LONG,
        MALFORMED
    }

    /** The fields of a record, or why there are none. */
    record Fields(List<String> values, Problem problem) {}

    private final Reader in;
    private final int maxLength;
    private final char[] buffer = new char[8192];
    private final StringBuilder record = new StringBuilder(256);
    private int pos;
    private int limit;
    private boolean eof;
    private boolean started;
    private long line = 1;
    private long recordLine;
    private boolean tooLong;
    private boolean openQuote;

    CsvRecordReader(InputStream in, int maxLength) {
        this.in = new InputStreamReader(
                in,
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE));
        this.maxLength = maxLength;
    }

    /** Reads the next record; false at the end of the input. */
    boolean next() throws IOException {
        record.setLength(0);
        tooLong = false;
        openQuote = false;
        recordLine = line;
        int c = read();
        if (c < 0) {
            return false;
        }
        if (!started) {
            started = true;
            if (c == '\uFEFF') {
                c = read();
                if (c < 0) {
                    return false;
                }
            }
        }
        boolean inQuotes = false;
        for (; c >= 0; c = read()) {
            if ((c == '\n' || c == '\r') && !inQuotes) {
                endOfLine(c);
                return true;
            }
            if (c == '\n' || c == '\r') {
                endOfLine(c);
                c = '\n';
            }
            if (c == '"') {
                inQuotes = !inQuotes;
            }
            if (record.length() >= maxLength) {
                tooLong = true;
                record.setLength(0);
                if (c != '\n') {
                    dropRestOfLine();
                }
                return true;
            }
            record.append((char) c);
        }
        openQuote = inQuotes;
        return true;
    }

    /** The 1-based line where the record starts. */
    long line() {
        return recordLine;
    }

    /** Whether the record was longer than the limit (its text is dropped). */
    boolean tooLong() {
        return tooLong;
    }

    /** Whether the record is empty or white space only. */
    boolean blank() {
        return !tooLong && record.toString().isBlank();
    }

    /** The record's text. */
    String text() {
        return record.toString();
    }

    /**
     * The record's fields.
     *
     * @param maxColumns more fields than this is {@link Problem#TOO_MANY_COLUMNS}
     * @param maxField   a field longer than this is {@link Problem#FIELD_TOO_LONG}
     */
    Fields fields(int maxColumns, int maxField) {
        if (openQuote) {
            return new Fields(List.of(), Problem.MALFORMED);
        }
        String s = record.toString();
        List<String> values = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = s.length();
        while (true) {
            field.setLength(0);
            if (i < n && s.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = s.charAt(i);
                    if (c == '"' && i + 1 < n && s.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                    } else if (c == '"') {
                        i++;
                        closed = true;
                        break;
                    } else {
                        field.append(c);
                        i++;
                    }
                }
                if (!closed || (i < n && s.charAt(i) != ',')) {
                    return new Fields(List.of(), Problem.MALFORMED);
                }
            } else {
                while (i < n && s.charAt(i) != ',') {
                    field.append(s.charAt(i++));
                }
            }
            if (field.length() > maxField) {
                return new Fields(List.of(), Problem.FIELD_TOO_LONG);
            }
            values.add(field.toString());
            if (values.size() > maxColumns) {
                return new Fields(List.of(), Problem.TOO_MANY_COLUMNS);
            }
            if (i >= n) {
                return new Fields(values, null);
            }
            i++; // the comma; a record that ends with one has an empty last field
        }
    }

    private void endOfLine(int c) throws IOException {
        line++;
        if (c == '\r' && peek() == '\n') {
            read();
        }
    }

    private void dropRestOfLine() throws IOException {
        int c;
        while ((c = read()) >= 0) {
            if (c == '\n' || c == '\r') {
                endOfLine(c);
                return;
            }
        }
    }

    private int read() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buffer[pos++];
    }

    private int peek() throws IOException {
        if (pos == limit && !fill()) {
            return -1;
        }
        return buffer[pos];
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            eof = true;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }
}
