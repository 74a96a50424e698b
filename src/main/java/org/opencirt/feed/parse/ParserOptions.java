package org.opencirt.feed.parse;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.core.JsonPointer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.opencirt.incident.model.Rsit;
import org.opencirt.observable.ObservableType;

/**
 * Options from the feed definition; every field optional with sensible defaults per format.
 * The constructor never throws (so a loader can read a definition and then report every problem
 * at once with {@link #problems(FeedFormat)}); it fills in the defaults of the collections and of
 * {@code header}, and copies what it is given.
 *
 * @param delimiter       CSV (one character, default {@code ,}) / plain-list field separator. Plain
 *                        list: when set, a line is split on it (a blank delimiter splits on runs of
 *                        white space), fields are trimmed and {@code valueField} picks the value;
 *                        dataplane uses {@code |}
 * @param commentPrefixes lines starting with one of these (after leading white space) are skipped;
 *                        default {@code ["#", ";"]}; an empty list turns comments off
 * @param valueField      plain list with delimiter: 0-based field index of the value (default
 *                        {@code fields.value} when set, else 0)
 * @param header          CSV: the first non-comment line is a header (default true)
 * @param fields          item field -> where it is. CSV: a column name (matched exactly, then
 *                        ignoring case) or a 0-based index as text ({@code header: false} needs
 *                        indexes); plain list with delimiter: a 0-based index as text;
 *                        JSON_RECORDS: a JSON pointer inside a record ({@code /ip_address}). Item
 *                        fields: {@value #ITEM_FIELD_LIST}. CSV and JSON_RECORDS map an item field
 *                        that has no entry to the column named like it, or the pointer
 *                        {@code /<field>}
 * @param records         JSON_RECORDS (and FEODO_JSON): JSON pointer of the array of records
 *                        ({@code ""}, the default, is the top-level array; {@code "/data"} ...)
 * @param type            observable type wire name forced for every value (e.g. {@code cidr} for
 *                        DROP), else the type the source states or the format implies, or none
 * @param classifications format value -> RSIT type, e.g. URLhaus threat {@code malware_download}
 *                        -> {@code malware-distribution}; merged over each format's built-in
 *                        defaults; keys match ignoring case. The key {@code *} gives the
 *                        classification of items that get none otherwise
 * @param columns         CSV and plain list with delimiter: the documented column names, in
 *                        order (default none). CSV: used when the file names no columns (its
 *                        first record names no mapped column: then that record is data) and with
 *                        {@code header: false}; {@code fields} may then name these columns.
 *                        Plain list: {@code fields}, {@code valueField} and
 *                        {@code freeTextField} may name them. Both: the number of columns, which
 *                        the free-text rule needs
 * @param freeTextField   CSV and plain list with delimiter: the column (a name, or a 0-based index
 *                        as text) of free text that may hold the delimiter unquoted (an AS name, a
 *                        description); default the last column. When a record has more fields than
 *                        there are columns, the surplus is joined back into this one, with the
 *                        delimiter, and the fields after it are counted from the end
 * @param addScheme       every format: {@code http} or {@code https}, prepended with {@code ://}
 *                        to a url that has no {@code scheme://} (a value typed url, or of no type
 *                        that looks like {@code host/path}); default none
 */
public record ParserOptions(
        String delimiter,
        @JsonAlias("comment_prefixes") List<String> commentPrefixes,
        @JsonAlias("value_field") Integer valueField,
        Boolean header,
        Map<String, String> fields,
        String records,
        String type,
        Map<String, String> classifications,
        List<String> columns,
        @JsonAlias("free_text_field") String freeTextField,
        @JsonAlias("add_scheme") String addScheme) {

    /** The comment prefixes used when none are given. */
    public static final List<String> DEFAULT_COMMENT_PREFIXES = List.of("#", ";");

    static final String ITEM_FIELD_LIST =
            "value, type, classification, tags, first_seen, last_seen, confidence, " + "description, source_id, tlp";

    /** The item fields {@code fields} may map, in this order. */
    public static final Set<String> ITEM_FIELDS =
            Collections.unmodifiableSet(new LinkedHashSet<>(List.of(ITEM_FIELD_LIST.split(", "))));

    /** The key of {@code classifications} that classifies items that get no classification otherwise. */
    public static final String ANY = "*";

    public ParserOptions {
        commentPrefixes = commentPrefixes == null
                ? DEFAULT_COMMENT_PREFIXES
                : Collections.unmodifiableList(new ArrayList<>(commentPrefixes));
        header = header == null ? Boolean.TRUE : header;
        fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        classifications =
                classifications == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(classifications));
        columns = columns == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(columns));
    }

    /** The options of the first eight components, without columns, free-text field or scheme. */
    public ParserOptions(
            String delimiter,
            List<String> commentPrefixes,
            Integer valueField,
            Boolean header,
            Map<String, String> fields,
            String records,
            String type,
            Map<String, String> classifications) {
        this(delimiter, commentPrefixes, valueField, header, fields, records, type, classifications, null, null, null);
    }

    /** The schemes {@code addScheme} may name. */
    public static final List<String> SCHEMES = List.of("http", "https");

    /** No option set: every format's defaults. */
    public static ParserOptions defaults() {
        return new ParserOptions(null, null, null, null, null, null, null, null);
    }

    public ParserOptions withDelimiter(String delimiter) {
        return new ParserOptions(
                delimiter,
                commentPrefixes,
                valueField,
                header,
                fields,
                records,
                type,
                classifications,
                columns,
                freeTextField,
                addScheme);
    }

    public ParserOptions withCommentPrefixes(List<String> commentPrefixes) {
        return new ParserOptions(
                delimiter,
                commentPrefixes,
                valueField,
                header,
                fields,
                records,
                type,
                classifications,
                columns,
                freeTextField,
                addScheme);
    }

    public ParserOptions withValueField(Integer valueField) {
        return new ParserOptions(
                delimiter,
                commentPrefixes,
                valueField,
                header,
                fields,
                records,
                type,
                classifications,
                columns,
                freeTextField,
                addScheme);
    }

    public ParserOptions withHeader(Boolean header) {
        return new ParserOptions(
                delimiter,
                commentPrefixes,
                valueField,
                header,
                fields,
                records,
                type,
                classifications,
                columns,
                freeTextField,
                addScheme);
    }

    public ParserOptions withFields(Map<String, String> fields) {
        return new ParserOptions(
                delimiter,
                commentPrefixes,
                valueField,
                header,
                fields,
                records,
                type,
                classifications,
                columns,
                freeTextField,
                addScheme);
    }

    public ParserOptions withRecords(String records) {
        return new ParserOptions(
                delimiter,
                commentPrefixes,
                valueField,
                header,
                fields,
                records,
                type,
                classifications,
                columns,
                freeTextField,
                addScheme);
    }

    public ParserOptions withType(String type) {
        return new ParserOptions(
                delimiter,
                commentPrefixes,
                valueField,
                header,
                fields,
                records,
                type,
                classifications,
                columns,
                freeTextField,
                addScheme);
    }

    public ParserOptions withClassifications(Map<String, String> classifications) {
        return new ParserOptions(
                delimiter,
                commentPrefixes,
                valueField,
                header,
                fields,
                records,
                type,
                classifications,
                columns,
                freeTextField,
                addScheme);
    }

    public ParserOptions withColumns(List<String> columns) {
        return new ParserOptions(
                delimiter,
                commentPrefixes,
                valueField,
                header,
                fields,
                records,
                type,
                classifications,
                columns,
                freeTextField,
                addScheme);
    }

    public ParserOptions withFreeTextField(String freeTextField) {
        return new ParserOptions(
                delimiter,
                commentPrefixes,
                valueField,
                header,
                fields,
                records,
                type,
                classifications,
                columns,
                freeTextField,
                addScheme);
    }

    public ParserOptions withAddScheme(String addScheme) {
        return new ParserOptions(
                delimiter,
                commentPrefixes,
                valueField,
                header,
                fields,
                records,
                type,
                classifications,
                columns,
                freeTextField,
                addScheme);
    }

    /** The scheme to prepend to urls without one ({@code http}, {@code https}), or null. */
    public String scheme() {
        return addScheme == null || addScheme.isBlank()
                ? null
                : addScheme.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The forced type, or null when none is set.
     *
     * @throws IllegalArgumentException when {@code type} is no observable type wire name
     */
    public ObservableType forcedType() {
        return type == null || type.isBlank() ? null : ObservableType.fromWire(type);
    }

    /**
     * Everything wrong with these options for a format, one message each ({@code "fields: unknown
     * item field 'ip'; allowed: value, ..."}); empty when they are usable. Options a format does not
     * use are ignored.
     */
    public List<String> problems(FeedFormat format) {
        List<String> problems = new ArrayList<>();
        if (type != null && !type.isBlank()) {
            try {
                ObservableType.fromWire(type);
            } catch (IllegalArgumentException e) {
                problems.add("type: " + e.getMessage());
            }
        }
        for (String prefix : commentPrefixes) {
            if (prefix == null || prefix.isBlank()) {
                problems.add("commentPrefixes: a comment prefix must not be blank");
            }
        }
        classifications.forEach((key, value) -> {
            if (key == null || key.isBlank()) {
                problems.add("classifications: a key must not be blank");
            } else if (Rsit.typeNamed(value).isEmpty()) {
                problems.add("classifications." + key + ": '" + value + "' is not an RSIT type");
            }
        });
        if (addScheme != null && !SCHEMES.contains(addScheme.strip().toLowerCase(Locale.ROOT))) {
            problems.add("addScheme: must be http or https, not '" + addScheme + "'");
        }
        boolean lineList = format == FeedFormat.PLAIN_LIST || format == FeedFormat.OPENPHISH;
        boolean usesFields =
                format == FeedFormat.CSV || format == FeedFormat.JSON_RECORDS || (lineList && delimiter != null);
        if (usesFields) {
            fields.forEach((field, where) -> fieldProblem(format, field, where, problems));
        }
        switch (format) {
            case CSV -> {
                if (delimiter != null && delimiter.length() != 1) {
                    problems.add("delimiter: a CSV delimiter is one character, not '" + delimiter + "'");
                }
                columnProblems(problems);
                if (!columns.isEmpty() && !fields.containsKey("value") && columnIndex("value") < 0) {
                    problems.add("columns: none is named 'value'; map fields.value to one of them");
                }
                if (freeTextField != null && columns.isEmpty() && !header) {
                    problems.add("freeTextField: needs columns (or a header) to know how many fields a record has");
                }
            }
            case PLAIN_LIST, OPENPHISH -> {
                if (delimiter != null && delimiter.isEmpty()) {
                    problems.add("delimiter: must not be empty (a blank delimiter splits on white space)");
                }
                if (valueField != null && valueField < 0) {
                    problems.add("valueField: must be 0 or more, not " + valueField);
                }
                if (valueField != null && delimiter == null) {
                    problems.add("valueField: needs a delimiter");
                }
                if (!columns.isEmpty() && delimiter == null) {
                    problems.add("columns: needs a delimiter");
                }
                if (freeTextField != null && columns.isEmpty()) {
                    problems.add("freeTextField: needs columns, to know how many fields a line has");
                }
                columnProblems(problems);
            }
            case JSON_RECORDS, FEODO_JSON -> {
                if (records != null) {
                    try {
                        JsonPointer.compile(records);
                    } catch (IllegalArgumentException e) {
                        problems.add("records: '" + records + "' is not a JSON pointer (write \"\" or \"/data\")");
                    }
                }
            }
            default -> {}
        }
        return problems;
    }

    /** @throws IllegalArgumentException listing {@link #problems} when there are any */
    void check(FeedFormat format) {
        List<String> problems = problems(format);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "options not valid for " + format.wire() + ": " + String.join("; ", problems));
        }
    }

    private void fieldProblem(FeedFormat format, String field, String where, List<String> problems) {
        if (field == null || !ITEM_FIELDS.contains(field)) {
            problems.add("fields: unknown item field '" + field + "'; allowed: " + ITEM_FIELD_LIST);
            return;
        }
        if (where == null || where.isBlank()) {
            problems.add("fields." + field + ": a " + (format == FeedFormat.JSON_RECORDS ? "JSON pointer" : "column")
                    + " is required");
            return;
        }
        boolean indexOnly = columns.isEmpty()
                && (format == FeedFormat.PLAIN_LIST
                        || format == FeedFormat.OPENPHISH
                        || (format == FeedFormat.CSV && !header));
        if (indexOnly && index(where) < 0) {
            problems.add("fields." + field + ": '" + where + "' is not a 0-based field index"
                    + (format == FeedFormat.CSV ? " (without a header, columns are given by index)" : ""));
        }
        if (!columns.isEmpty() && format != FeedFormat.JSON_RECORDS && columnIndex(where) < 0) {
            problems.add("fields." + field + ": '" + where + "' is not one of the columns ("
                    + String.join(", ", columns) + ") nor a 0-based index below " + columns.size());
        }
        if (format == FeedFormat.JSON_RECORDS) {
            try {
                JsonPointer.compile(where);
            } catch (IllegalArgumentException e) {
                problems.add("fields." + field + ": '" + where + "' is not a JSON pointer (like /ip_address)");
            }
        }
    }

    private void columnProblems(List<String> problems) {
        Set<String> seen = new java.util.HashSet<>();
        for (String column : columns) {
            if (column == null || column.isBlank()) {
                problems.add("columns: a column name must not be blank");
            } else if (!seen.add(column.strip().toLowerCase(Locale.ROOT))) {
                problems.add("columns: '" + column.strip() + "' is named twice");
            }
        }
        if (freeTextField != null && !columns.isEmpty() && columnIndex(freeTextField) < 0) {
            problems.add("freeTextField: '" + freeTextField + "' is not one of the columns ("
                    + String.join(", ", columns) + ") nor a 0-based index below " + columns.size());
        }
    }

    /**
     * The index in {@link #columns} of a column given by name (ignoring case) or as a 0-based index
     * written as text; -1 when it is neither.
     */
    int columnIndex(String where) {
        if (where == null) {
            return -1;
        }
        String name = where.strip();
        for (int i = 0; i < columns.size(); i++) {
            String column = columns.get(i);
            if (column != null && column.strip().equalsIgnoreCase(name)) {
                return i;
            }
        }
        int index = index(name);
        return index < columns.size() ? index : -1;
    }

    /** The 0-based index this text denotes, or -1. */
    static int index(String text) {
        if (text == null) {
            return -1;
        }
        String s = text.strip();
        if (s.isEmpty() || s.length() > 6) {
            return -1;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(s);
    }
}
