package org.opencirt.feed.parse;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.core.JsonPointer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
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
 */
public record ParserOptions(
        String delimiter,
        @JsonAlias("comment_prefixes") List<String> commentPrefixes,
        @JsonAlias("value_field") Integer valueField,
        Boolean header,
        Map<String, String> fields,
        String records,
        String type,
        Map<String, String> classifications) {

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
    }

    /** No option set: every format's defaults. */
    public static ParserOptions defaults() {
        return new ParserOptions(null, null, null, null, null, null, null, null);
    }

    public ParserOptions withDelimiter(String delimiter) {
        return new ParserOptions(
                delimiter, commentPrefixes, valueField, header, fields, records, type, classifications);
    }

    public ParserOptions withCommentPrefixes(List<String> commentPrefixes) {
        return new ParserOptions(
                delimiter, commentPrefixes, valueField, header, fields, records, type, classifications);
    }

    public ParserOptions withValueField(Integer valueField) {
        return new ParserOptions(
                delimiter, commentPrefixes, valueField, header, fields, records, type, classifications);
    }

    public ParserOptions withHeader(Boolean header) {
        return new ParserOptions(
                delimiter, commentPrefixes, valueField, header, fields, records, type, classifications);
    }

    public ParserOptions withFields(Map<String, String> fields) {
        return new ParserOptions(
                delimiter, commentPrefixes, valueField, header, fields, records, type, classifications);
    }

    public ParserOptions withRecords(String records) {
        return new ParserOptions(
                delimiter, commentPrefixes, valueField, header, fields, records, type, classifications);
    }

    public ParserOptions withType(String type) {
        return new ParserOptions(
                delimiter, commentPrefixes, valueField, header, fields, records, type, classifications);
    }

    public ParserOptions withClassifications(Map<String, String> classifications) {
        return new ParserOptions(
                delimiter, commentPrefixes, valueField, header, fields, records, type, classifications);
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
        boolean indexOnly = format == FeedFormat.PLAIN_LIST
                || format == FeedFormat.OPENPHISH
                || (format == FeedFormat.CSV && !header);
        if (indexOnly && index(where) < 0) {
            problems.add("fields." + field + ": '" + where + "' is not a 0-based field index"
                    + (format == FeedFormat.CSV ? " (without a header, columns are given by index)" : ""));
        }
        if (format == FeedFormat.JSON_RECORDS) {
            try {
                JsonPointer.compile(where);
            } catch (IllegalArgumentException e) {
                problems.add("fields." + field + ": '" + where + "' is not a JSON pointer (like /ip_address)");
            }
        }
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
