package org.opencirt.feed.parse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code csv}: a CSV file whose columns map to item fields.
 *
 * <ul>
 *   <li>{@code header} (default true): a record names the columns. {@code fields} maps an item
 *       field to a column name (matched exactly, then ignoring case) or to a 0-based index written
 *       as text; an item field without an entry maps to a column named like it, when there is
 *       one. A mapped column missing from the header is a {@link FeedFormatException}, and so is
 *       a header without a value column. Other columns are ignored, so a variant of the feed
 *       with extra, reordered or differently cased columns reads the same.</li>
 *   <li>Where the names are: the first record that is not a comment; or a comment line before it
 *       that names the mapped columns ({@code # id,dateadded,url,...}, as abuse.ch writes them):
 *       then the first record is the header only if one of its cells names a mapped column, else
 *       it is data; or nowhere: with {@code columns} (the documented names, in order) a first
 *       record that names no mapped column is data, read with those names. Without
 *       {@code columns} and without a header in a comment, the first record is the header (as
 *       before). A later record that repeats the header (files joined together) is skipped as a
 *       header.</li>
 *   <li>{@code header: false}: {@code fields} gives 0-based indexes, or names of {@code columns}
 *       when they are given; the value defaults to column 0 (or the column named {@code value}).</li>
 *   <li>Free text holding the delimiter unquoted: when the number of columns is known (a header,
 *       or {@code columns}) and a record has more fields than that, the surplus fields are joined
 *       back, with the delimiter, into the free-text column ({@code freeTextField}, default the
 *       last one); the columns after it are counted from the end. {@code 192.0.2.1,Example, Inc,
 *       2024-06-01} under {@code value,description,first_seen} has the description
 *       {@code Example, Inc}. Quoted fields need nothing of this (RFC 4180).</li>
 *   <li>Field values: {@code type} by wire name or a common synonym ({@code ip}, {@code hostname},
 *       {@code sha-256}...); {@code first_seen} / {@code last_seen} ISO-8601 or
 *       {@code yyyy-MM-dd HH:mm:ss} (UTC); {@code tags} split on {@code ,} {@code ;} {@code |} or
 *       white space; {@code confidence} an integer 0-100; {@code classification} through the
 *       classifications, else kept if it is an RSIT type, else kept as a tag; {@code tlp} a TLP
 *       label. A field that does not read is left unset; the item still counts.</li>
 *   <li>Records follow RFC 4180 (quoted fields may hold the delimiter, doubled quotes and line
 *       breaks); {@code delimiter} (one character, default {@code ,}); comment lines (anywhere)
 *       and blank lines are skipped and counted ({@link ItemSink#skipped}: {@code comment},
 *       {@code blank line}, {@code header}); a BOM and CRLF line ends are fine.</li>
 *   <li>Invalid: a record Jackson cannot read (an unbalanced quote ...), a record longer than
 *       {@value LineReader#MAX_LINE} characters, a record too short to hold the value column, an
 *       empty value or one with white space inside. Position: the 1-based line where the record
 *       starts.</li>
 * </ul>
 */
public final class CsvParser implements FeedParser {

    @Override
    public FeedFormat format() {
        return FeedFormat.CSV;
    }

    @Override
    public void parse(FeedInput input, ParserOptions options, ItemSink sink) throws IOException {
        options.check(FeedFormat.CSV);
        var rules = new Draft.Rules(options, null, Map.of());
        char separator = options.delimiter() == null ? ',' : options.delimiter().charAt(0);
        var records = new CsvRecords(input.body(), separator, options.commentPrefixes());
        List<String> documented = options.columns();
        Header header = null;
        Header inComment = null;
        if (!options.header()) {
            header = documented.isEmpty()
                    ? Header.byIndex(options.fields())
                    : Header.byName(documented, options, "the columns option");
        }
        while (records.next()) {
            long line = records.line();
            if (records.blank()) {
                sink.skipped(line, Skips.BLANK_LINE);
                continue;
            }
            if (records.comment()) {
                Header named = header == null ? headerInComment(records, options) : null;
                if (named != null) {
                    inComment = named;
                }
                sink.skipped(line, named != null ? Skips.HEADER : Skips.COMMENT);
                continue;
            }
            if (records.tooLong()) {
                sink.invalid(
                        line,
                        "record longer than " + LineReader.MAX_LINE + " characters (" + records.length() + ")",
                        Excerpts.of(records.text()));
                continue;
            }
            String[] row;
            try {
                row = records.fields();
            } catch (IOException e) {
                if (header == null && inComment == null && documented.isEmpty()) {
                    throw new FeedFormatException(
                            "the CSV header on line " + line + " cannot be read: " + JsonErrors.message(e), e);
                }
                sink.invalid(line, "not a CSV record: " + JsonErrors.message(e), Excerpts.of(records.text()));
                continue;
            }
            if (header == null) {
                boolean fallback = inComment != null || !documented.isEmpty();
                if (!fallback || namesAMappedColumn(row, options)) {
                    header = Header.byName(names(row), options, "the CSV header on line " + line);
                    sink.skipped(line, Skips.HEADER);
                    continue;
                }
                // no header line: the names of the comment, else the documented ones; this record is data
                header = inComment != null ? inComment : Header.byName(documented, options, "the columns option");
            } else if (header.repeats(row)) {
                sink.skipped(line, Skips.HEADER);
                continue;
            }
            item(header, row, separator, line, records.text(), rules, sink);
        }
    }

    private static void item(
            Header header,
            String[] cells,
            char separator,
            long line,
            CharSequence text,
            Draft.Rules rules,
            ItemSink sink) {
        String[] row = header.realigned(cells, separator, text);
        int valueIndex = header.columns.get("value");
        if (valueIndex >= row.length) {
            sink.invalid(
                    line,
                    "record has " + row.length + " column" + (row.length == 1 ? "" : "s") + ", no value column "
                            + header.valueColumn,
                    Excerpts.of(text));
            return;
        }
        Draft draft = new Draft();
        header.columns.forEach((field, index) -> {
            if (index < row.length) {
                Fields.set(draft, field, row[index].strip());
            }
        });
        draft.finish(rules, line, text, sink);
    }

    /** The names of a comment line that names the mapped columns ({@code # id,dateadded,url}), or null. */
    private static Header headerInComment(CsvRecords records, ParserOptions options) {
        String text = records.text().toString().strip();
        for (String prefix : options.commentPrefixes()) {
            if (prefix != null && !prefix.isEmpty() && text.startsWith(prefix)) {
                // "## id,url" and "#id,url" alike
                int start = 0;
                while (start < text.length() && text.startsWith(prefix, start)) {
                    start += prefix.length();
                }
                text = text.substring(start);
                break;
            }
        }
        try {
            String[] cells = records.parse(text);
            if (cells.length < 2 || !namesAMappedColumn(cells, options)) {
                return null;
            }
            return Header.byName(names(cells), options, "the header in a comment");
        } catch (IOException e) {
            // a comment that is no usable header (or no CSV) is just a comment
            return null;
        }
    }

    /** Whether a cell names a column the options map (or an item field, which maps by name). */
    private static boolean namesAMappedColumn(String[] row, ParserOptions options) {
        for (String cell : row) {
            String name = cell.strip();
            if (ParserOptions.ITEM_FIELDS.contains(name.toLowerCase(Locale.ROOT))) {
                return true;
            }
            for (String where : options.fields().values()) {
                if (where != null
                        && ParserOptions.index(where) < 0
                        && where.strip().equalsIgnoreCase(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> names(String[] row) {
        List<String> names = new ArrayList<>(row.length);
        for (String name : row) {
            names.add(name.strip());
        }
        return names;
    }

    /** Which column holds which item field, and how many columns a record should have. */
    private static final class Header {

        final Map<String, Integer> columns;
        final String valueColumn;
        /** The column names (empty when columns are given by index only). */
        final List<String> names;
        /** The free-text column, or -1 when the number of columns is not known. */
        final int freeText;

        private Header(Map<String, Integer> columns, String valueColumn, List<String> names, int freeText) {
            this.columns = columns;
            this.valueColumn = valueColumn;
            this.names = names;
            this.freeText = freeText;
        }

        static Header byIndex(Map<String, String> fields) {
            Map<String, Integer> columns = new LinkedHashMap<>();
            columns.put("value", 0);
            fields.forEach((field, where) -> columns.put(field, ParserOptions.index(where)));
            return new Header(columns, columns.get("value") + " (0-based)", List.of(), -1);
        }

        /**
         * @param where what named the columns, for the message ({@code the CSV header on line 3})
         * @throws FeedFormatException when a mapped column or the value column is missing, or the
         *                             free-text column is not one of them
         */
        static Header byName(List<String> names, ParserOptions options, String where) throws FeedFormatException {
            Map<String, Integer> columns = new LinkedHashMap<>();
            List<String> missing = new ArrayList<>();
            options.fields().forEach((field, name) -> {
                int index = column(names, name);
                if (index < 0) {
                    missing.add(field + " -> '" + name + "'");
                } else {
                    columns.put(field, index);
                }
            });
            if (!missing.isEmpty()) {
                throw new FeedFormatException(where + " has no column for " + String.join(", ", missing)
                        + "; its columns: " + String.join(", ", names));
            }
            for (String field : ParserOptions.ITEM_FIELDS) {
                if (!columns.containsKey(field)) {
                    int index = named(names, field);
                    if (index >= 0) {
                        columns.put(field, index);
                    }
                }
            }
            if (!columns.containsKey("value")) {
                throw new FeedFormatException(where + " has no 'value' column and the options "
                        + "map none (fields.value); its columns: " + String.join(", ", names));
            }
            int freeText = names.size() - 1;
            if (options.freeTextField() != null) {
                freeText = column(names, options.freeTextField());
                if (freeText < 0) {
                    throw new FeedFormatException(where + " has no free-text column '" + options.freeTextField()
                            + "'; its columns: " + String.join(", ", names));
                }
            }
            return new Header(columns, "'" + names.get(columns.get("value")) + "'", List.copyOf(names), freeText);
        }

        /** Whether a record is this header again. */
        boolean repeats(String[] row) {
            if (names.isEmpty() || row.length != names.size()) {
                return false;
            }
            for (int i = 0; i < row.length; i++) {
                if (!row[i].strip().equalsIgnoreCase(names.get(i))) {
                    return false;
                }
            }
            return true;
        }

        /**
         * The record with its surplus fields joined back into the free-text column, or as it is
         * when it has no surplus.
         */
        String[] realigned(String[] row, char separator, CharSequence text) {
            int count = names.size();
            if (freeText < 0 || row.length <= count) {
                return row;
            }
            int surplus = row.length - count;
            String[] out = new String[count];
            System.arraycopy(row, 0, out, 0, freeText);
            out[freeText] = joined(row, freeText, freeText + surplus, separator, text);
            System.arraycopy(row, freeText + surplus + 1, out, freeText + 1, count - freeText - 1);
            return out;
        }

        /**
         * Cells {@code from..to} (inclusive) joined with the separator. From the record's own text
         * when it has no quotes, so the spaces around the separators stay as written; else from
         * the cells as read.
         */
        private static String joined(String[] row, int from, int to, char separator, CharSequence text) {
            String raw = text.toString();
            if (raw.indexOf('"') < 0) {
                String[] parts = raw.split(Pattern.quote(String.valueOf(separator)), -1);
                if (parts.length == row.length) {
                    return String.join(String.valueOf(separator), Arrays.copyOfRange(parts, from, to + 1))
                            .strip();
                }
            }
            return String.join(String.valueOf(separator), Arrays.copyOfRange(row, from, to + 1));
        }

        private static int column(List<String> names, String where) {
            int index = named(names, where.strip());
            if (index >= 0) {
                return index;
            }
            int position = ParserOptions.index(where);
            return position < names.size() ? position : -1;
        }

        private static int named(List<String> names, String name) {
            int index = names.indexOf(name);
            if (index >= 0) {
                return index;
            }
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    return i;
                }
            }
            return -1;
        }
    }
}
