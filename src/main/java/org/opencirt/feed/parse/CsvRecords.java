package org.opencirt.feed.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser.Feature;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Reads CSV records one at a time in bounded memory. {@link LineReader} gives the lines; a record
 * goes on over the next lines while a quoted field is open (an odd number of {@code "} so far,
 * as RFC 4180 doubles quotes inside fields), up to {@value LineReader#MAX_LINE} characters; then
 * Jackson's streaming CSV parser ({@link CsvFactory}, {@link CsvSchema}) reads the fields of
 * that one record. (A parser per record costs about a microsecond; the databind
 * {@code MappingIterator} would add as much again for nothing, as rows are plain string arrays.)
 *
 * <p>Framing records first keeps a stray quote or a huge line from swallowing the rest of the
 * input, and lets every bad record be reported with its own line number and text: when a record
 * of several lines does not parse, or grows past the limit, only its first line is bad (it has
 * the stray quote) and the lines after it are read again as records of their own.
 *
 * <p>A blank line is a record of its own ({@link #blank()}) and a line that starts (after white
 * space, outside a quoted field) with a comment prefix is a comment record ({@link #comment()}):
 * the caller skips them and counts them.
 */
final class CsvRecords {

    private static final CsvFactory FACTORY =
            CsvMapper.builder().enable(Feature.TRIM_SPACES).build().getFactory();

    /** A physical line. */
    private record Line(long number, String text, long length) {}

    private final LineReader lines;
    private final Deque<Line> pushedBack = new ArrayDeque<>();
    private final List<String> commentPrefixes;
    private final CsvSchema schema;
    private final List<Line> parts = new ArrayList<>();
    private final StringBuilder record = new StringBuilder(256);
    private long line;
    private boolean comment;
    private boolean blank;
    private boolean tooLong;
    private long length;

    CsvRecords(InputStream in, char separator, List<String> commentPrefixes) {
        this.lines = new LineReader(in);
        this.commentPrefixes = commentPrefixes;
        this.schema = CsvSchema.emptySchema()
                .withColumnSeparator(separator)
                .withQuoteChar('"')
                .withoutEscapeChar();
    }

    /** Reads the next record (maybe a blank or comment line); false at the end of the input. */
    boolean next() throws IOException {
        Line first;
        if ((first = nextLine()) != null) {
            record.setLength(0);
            parts.clear();
            comment = false;
            blank = false;
            tooLong = false;
            line = first.number();
            length = first.length();
            String text = first.text();
            int start = firstNonBlank(text);
            if (first.length() > LineReader.MAX_LINE) {
                comment = startsWithComment(text, start);
                tooLong = !comment;
                record.append(text, 0, Excerpts.MAX);
                return true;
            }
            if (start == text.length()) {
                blank = true;
                return true;
            }
            record.append(text);
            parts.add(first);
            if (startsWithComment(text, start)) {
                comment = true;
                return true;
            }
            long quotes = quotes(text);
            Line more;
            while ((quotes & 1) == 1 && (more = nextLine()) != null) {
                parts.add(more);
                length += 1 + more.length();
                if (length > LineReader.MAX_LINE) {
                    firstLineOnly();
                    return true;
                }
                record.append('\n').append(more.text());
                quotes += quotes(more.text());
            }
            return true;
        }
        return false;
    }

    /** 1-based line number where the record starts. */
    long line() {
        return line;
    }

    /** Whether the record is a blank line (empty or white space only). */
    boolean blank() {
        return blank;
    }

    /** Whether the record is a comment line. */
    boolean comment() {
        return comment;
    }

    /** Whether the record is one line longer than {@value LineReader#MAX_LINE} characters (and was dropped). */
    boolean tooLong() {
        return tooLong;
    }

    /** The record's length, including what was dropped of a record too long. */
    long length() {
        return length;
    }

    /** The record's text (comment lines included); cut when {@link #tooLong()}. */
    CharSequence text() {
        return record;
    }

    /**
     * The record's fields as Jackson reads them; a syntax error throws with Jackson's words.
     *
     * <p>A record framed over several lines that Jackson does not read as exactly one row (a
     * stray quote, or a quote inside an unquoted field, which RFC 4180 does not allow but
     * Jackson reads as a character) is cut back to its first line, which is read alone; the
     * other lines are read again as records of their own.
     */
    String[] fields() throws IOException {
        if (parts.size() > 1) {
            try {
                List<String[]> rows = rows(record.toString());
                if (rows.size() == 1) {
                    return rows.get(0);
                }
            } catch (IOException e) {
                // read the first line alone below
            }
            firstLineOnly();
        }
        return parse(record.toString());
    }

    /** The fields of one CSV record given as text (such as a header written in a comment). */
    String[] parse(String text) throws IOException {
        List<String[]> rows = rows(text);
        return rows.isEmpty() ? new String[0] : rows.get(0);
    }

    /** Every row Jackson's streaming CSV parser reads in the text. */
    private List<String[]> rows(String text) throws IOException {
        List<String[]> rows = new ArrayList<>(1);
        try (JsonParser p = FACTORY.createParser(text)) {
            p.setSchema(schema);
            List<String> row = new ArrayList<>();
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.START_ARRAY) {
                    row.clear();
                } else if (t == JsonToken.END_ARRAY) {
                    rows.add(row.toArray(new String[0]));
                } else if (t.isScalarValue()) {
                    row.add(p.getText());
                }
            }
        }
        return rows;
    }

    /** Keeps the first line as the record and gives the others back to be read again. */
    private void firstLineOnly() {
        for (int i = parts.size() - 1; i >= 1; i--) {
            pushedBack.addFirst(parts.get(i));
        }
        Line first = parts.get(0);
        parts.clear();
        parts.add(first);
        record.setLength(0);
        record.append(first.text());
        length = first.length();
    }

    private Line nextLine() throws IOException {
        if (!pushedBack.isEmpty()) {
            return pushedBack.removeFirst();
        }
        if (!lines.next()) {
            return null;
        }
        return new Line(lines.number(), lines.line(), lines.length());
    }

    private boolean startsWithComment(String text, int start) {
        for (String prefix : commentPrefixes) {
            if (prefix != null && !prefix.isEmpty() && text.startsWith(prefix, start)) {
                return true;
            }
        }
        return false;
    }

    private static int firstNonBlank(String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static long quotes(String text) {
        long n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '"') {
                n++;
            }
        }
        return n;
    }
}
