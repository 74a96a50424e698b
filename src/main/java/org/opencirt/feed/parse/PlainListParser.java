package org.opencirt.feed.parse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.opencirt.observable.ObservableType;

/**
 * {@code plain-list}: one value a line.
 *
 * <ul>
 *   <li>Blank lines and lines starting with a comment prefix (after leading white space; default
 *       {@code #} and {@code ;}), anywhere in the file, are skipped and counted
 *       ({@link ItemSink#skipped}: {@code blank line}, {@code comment}). Without a delimiter, a comment prefix that follows
 *       white space ends the line ({@code 198.51.100.7 # scanner}); a {@code #} inside a URL is
 *       kept.</li>
 *   <li>With {@code delimiter}, the line is split on it (a blank delimiter splits on runs of
 *       white space), every field is trimmed, {@code valueField} (else {@code fields.value}, else
 *       0) is the value and
 *       {@code fields} may map other item fields to field indexes: dataplane's
 *       {@code ASN | ASname | ipaddr | lastseen | category} is {@code delimiter: "|"},
 *       {@code valueField: 2}, {@code fields: {last_seen: "3", classification: "4"}}.</li>
 *   <li>{@code columns} (with a delimiter) names the fields in order: {@code fields},
 *       {@code valueField} may then name them too, and a line with more fields than columns has
 *       the surplus joined back, with the delimiter, into the free-text field
 *       ({@code freeTextField}, default the last), the fields after it counted from the end:
 *       dataplane's AS name may hold a {@code |}, so {@code columns: [asn, asname, ipaddr,
 *       lastseen, category]}, {@code freeTextField: asname}.</li>
 *   <li>Invalid: a line longer than {@value LineReader#MAX_LINE} characters, a value with white
 *       space inside (two values on a line), a line with too few fields for {@code valueField},
 *       an empty value field.</li>
 *   <li>Position: the 1-based line number.</li>
 * </ul>
 */
public final class PlainListParser implements FeedParser {

    private final FeedFormat format;
    private final ObservableType hint;
    private final Map<String, String> builtInClassifications;

    public PlainListParser() {
        this(FeedFormat.PLAIN_LIST, null, Map.of());
    }

    /** A plain list that is another format: OpenPhish is a plain list of URLs. */
    PlainListParser(FeedFormat format, ObservableType hint, Map<String, String> builtInClassifications) {
        this.format = format;
        this.hint = hint;
        this.builtInClassifications = builtInClassifications;
    }

    @Override
    public FeedFormat format() {
        return format;
    }

    @Override
    public void parse(FeedInput input, ParserOptions options, ItemSink sink) throws IOException {
        options.check(format);
        var rules = new Draft.Rules(options, hint, builtInClassifications);
        List<String> comments = options.commentPrefixes();
        Splitter splitter = options.delimiter() == null ? null : new Splitter(options);
        var lines = new TextLines(input, comments, sink);
        while (lines.next()) {
            long number = lines.number();
            String line = lines.line();
            if (line.isEmpty()) {
                sink.skipped(number, Skips.BLANK_LINE);
                continue;
            }
            if (lines.isComment(line)) {
                sink.skipped(number, Skips.COMMENT);
                continue;
            }
            Draft draft;
            if (splitter == null) {
                draft = new Draft(stripInlineComment(line, comments));
            } else {
                draft = splitter.draft(line, number, sink);
                if (draft == null) {
                    continue;
                }
            }
            draft.finish(rules, number, line, sink);
        }
    }

    /** Cuts {@code value # comment} at a comment prefix that follows white space. */
    static String stripInlineComment(String line, List<String> prefixes) {
        int cut = line.length();
        for (String prefix : prefixes) {
            if (prefix == null || prefix.isEmpty()) {
                continue;
            }
            int from = 0;
            int at;
            while ((at = line.indexOf(prefix, from)) > 0) {
                if (Character.isWhitespace(line.charAt(at - 1))) {
                    cut = Math.min(cut, at);
                    break;
                }
                from = at + 1;
            }
        }
        return line.substring(0, cut).strip();
    }

    /** Splits delimited lines and picks the fields. */
    private static final class Splitter {

        private final Pattern separator;
        private final String joiner;
        private final int valueField;
        private final Map<String, Integer> fields = new LinkedHashMap<>();
        /** How many fields a line has ({@code columns}), or 0 when not known. */
        private final int count;
        /** The free-text field, or -1. */
        private final int freeText;

        Splitter(ParserOptions options) {
            String d = options.delimiter();
            this.separator = d.isBlank() ? Pattern.compile("\\s+") : Pattern.compile(Pattern.quote(d));
            this.joiner = d.isBlank() ? " " : d;
            this.count = options.columns().size();
            this.freeText = count == 0
                    ? -1
                    : options.freeTextField() == null ? count - 1 : options.columnIndex(options.freeTextField());
            String mapped = options.fields().get("value");
            this.valueField =
                    options.valueField() != null ? options.valueField() : mapped != null ? index(options, mapped) : 0;
            options.fields().forEach((field, where) -> {
                if (!field.equals("value")) {
                    fields.put(field, index(options, where));
                }
            });
        }

        /** A field given as a 0-based index, or as the name of one of the columns. */
        private static int index(ParserOptions options, String where) {
            int index = ParserOptions.index(where);
            return index >= 0 ? index : options.columnIndex(where);
        }

        Draft draft(String line, long number, ItemSink sink) {
            String[] parts = separator.split(line, -1);
            if (freeText >= 0 && parts.length > count) {
                parts = realigned(parts);
            }
            List<String> values = new ArrayList<>(parts.length);
            for (String part : parts) {
                values.add(part.strip());
            }
            if (valueField >= values.size()) {
                sink.invalid(
                        number,
                        "line has " + values.size() + " field" + (values.size() == 1 ? "" : "s")
                                + ", the value is field " + valueField + " (0-based)",
                        Excerpts.of(line));
                return null;
            }
            Draft draft = new Draft(values.get(valueField));
            fields.forEach((field, index) -> {
                if (index >= 0 && index < values.size()) {
                    Fields.set(draft, field, values.get(index));
                }
            });
            return draft;
        }

        /**
         * The surplus fields joined back, with the delimiter, into the free-text field (an AS name
         * {@code EXAMPLE | Networks} on a dataplane line); the fields after it keep their places
         * counted from the end.
         */
        private String[] realigned(String[] parts) {
            int surplus = parts.length - count;
            String[] out = new String[count];
            System.arraycopy(parts, 0, out, 0, freeText);
            out[freeText] = String.join(joiner, Arrays.copyOfRange(parts, freeText, freeText + surplus + 1));
            System.arraycopy(parts, freeText + surplus + 1, out, freeText + 1, count - freeText - 1);
            return out;
        }
    }
}
