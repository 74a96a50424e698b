package org.opencirt.feed.parse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code csv}: a CSV file whose columns map to item fields.
 *
 * <ul>
 *   <li>{@code header} (default true): the first record that is not a comment names the columns.
 *       {@code fields} maps an item field to a column name (matched exactly, then ignoring case)
 *       or to a 0-based index written as text; an item field without an entry maps to a column
 *       named like it, when there is one. A mapped column missing from the header is a
 *       {@link FeedFormatException}, and so is a header without a value column. Other columns
 *       are ignored.</li>
 *   <li>{@code header: false}: {@code fields} gives 0-based indexes; the value defaults to column 0.</li>
 *   <li>Field values: {@code type} by wire name or a common synonym ({@code ip}, {@code hostname},
 *       {@code sha-256}...); {@code first_seen} / {@code last_seen} ISO-8601 or
 *       {@code yyyy-MM-dd HH:mm:ss} (UTC); {@code tags} split on {@code ,} {@code ;} {@code |} or
 *       white space; {@code confidence} an integer 0-100; {@code classification} through the
 *       classifications, else kept if it is an RSIT type, else kept as a tag; {@code tlp} a TLP
 *       label. A field that does not read is left unset; the item still counts.</li>
 *   <li>Records follow RFC 4180 (quoted fields may hold the delimiter, doubled quotes and line
 *       breaks); {@code delimiter} (one character, default {@code ,}); comment lines and blank
 *       lines are skipped; a BOM and CRLF line ends are fine.</li>
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
        Map<String, Integer> columns = null;
        String valueColumn = null;
        if (!options.header()) {
            columns = byIndex(options.fields());
            valueColumn = columns.get("value") + " (0-based)";
        }
        while (records.next()) {
            long line = records.line();
            if (records.blank()) {
                sink.skipped(line, Skips.BLANK_LINE);
                continue;
            }
            if (records.comment()) {
                sink.skipped(line, Skips.COMMENT);
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
                if (columns == null) {
                    throw new FeedFormatException(
                            "the CSV header on line " + line + " cannot be read: " + JsonErrors.message(e), e);
                }
                sink.invalid(line, "not a CSV record: " + JsonErrors.message(e), Excerpts.of(records.text()));
                continue;
            }
            if (columns == null) {
                columns = byHeader(row, options.fields(), line);
                valueColumn = "'" + row[columns.get("value")].strip() + "'";
                sink.skipped(line, Skips.HEADER);
                continue;
            }
            int valueIndex = columns.get("value");
            if (valueIndex >= row.length) {
                sink.invalid(
                        line,
                        "record has " + row.length + " column" + (row.length == 1 ? "" : "s") + ", no value column "
                                + valueColumn,
                        Excerpts.of(records.text()));
                continue;
            }
            Draft draft = new Draft();
            columns.forEach((field, index) -> {
                if (index < row.length) {
                    Fields.set(draft, field, row[index].strip());
                }
            });
            draft.finish(rules, line, records.text(), sink);
        }
    }

    private static Map<String, Integer> byIndex(Map<String, String> fields) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        columns.put("value", 0);
        fields.forEach((field, where) -> columns.put(field, ParserOptions.index(where)));
        return columns;
    }

    private static Map<String, Integer> byHeader(String[] header, Map<String, String> fields, long line)
            throws FeedFormatException {
        List<String> names = new ArrayList<>(header.length);
        for (String name : header) {
            names.add(name.strip());
        }
        Map<String, Integer> columns = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        fields.forEach((field, where) -> {
            int index = column(names, where);
            if (index < 0) {
                missing.add(field + " -> '" + where + "'");
            } else {
                columns.put(field, index);
            }
        });
        if (!missing.isEmpty()) {
            throw new FeedFormatException("the CSV header on line " + line + " has no column for "
                    + String.join(", ", missing) + "; its columns: " + String.join(", ", names));
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
            throw new FeedFormatException("the CSV header on line " + line + " has no 'value' column and the options "
                    + "map none (fields.value); its columns: " + String.join(", ", names));
        }
        return columns;
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
