package org.opencirt.incident.email;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The machine-readable part of a report ({@code message/delivery-status} of RFC 3464,
 * {@code message/feedback-report} of RFC 5965): groups of {@code Name: value} fields in the
 * syntax of message headers, the groups parted by blank lines. Continuation lines are unfolded;
 * lines that are not fields are skipped. Bounded: at most {@link #MAX_GROUPS} groups of
 * {@link #MAX_FIELDS} fields, each value at most {@link #MAX_VALUE_CHARS} characters.
 */
final class ReportFields {

    static final int MAX_GROUPS = 200;
    static final int MAX_FIELDS = 100;
    static final int MAX_VALUE_CHARS = 2_000;

    /** One group of fields, in order. */
    record Group(List<MailHeaders.Field> fields) {

        Optional<String> first(String name) {
            return fields.stream()
                    .filter(f -> f.name().equalsIgnoreCase(name))
                    .map(MailHeaders.Field::value)
                    .filter(v -> !v.isBlank())
                    .findFirst();
        }

        List<String> all(String name) {
            return fields.stream()
                    .filter(f -> f.name().equalsIgnoreCase(name))
                    .map(MailHeaders.Field::value)
                    .filter(v -> !v.isBlank())
                    .toList();
        }
    }

    private ReportFields() {}

    /** The groups of the part's content, read as UTF-8 (RFC 6533) or else windows-1252. */
    static List<Group> groups(byte[] content) {
        var text = Texts.utf8OrWindows1252(content);
        var groups = new ArrayList<Group>();
        var fields = new ArrayList<MailHeaders.Field>();
        String name = null;
        StringBuilder value = null;
        for (var line : text.split("\r\n|\r|\n", -1)) {
            var continuation = !line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t');
            if (continuation && !line.isBlank()) {
                if (value != null && value.length() < MAX_VALUE_CHARS) {
                    value.append(' ').append(line.strip());
                }
                continue;
            }
            if (name != null) {
                add(fields, name, value);
                name = null;
                value = null;
            }
            if (line.isBlank()) {
                if (!fields.isEmpty() && groups.size() < MAX_GROUPS) {
                    groups.add(new Group(List.copyOf(fields)));
                }
                fields.clear();
                continue;
            }
            var colon = line.indexOf(':');
            if (colon <= 0 || !isFieldName(line.substring(0, colon))) {
                continue;
            }
            name = line.substring(0, colon).strip();
            value = new StringBuilder(line.substring(colon + 1).strip());
        }
        if (name != null) {
            add(fields, name, value);
        }
        if (!fields.isEmpty() && groups.size() < MAX_GROUPS) {
            groups.add(new Group(List.copyOf(fields)));
        }
        return groups;
    }

    static List<Group> groups(String text) {
        return groups(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void add(List<MailHeaders.Field> fields, String name, StringBuilder value) {
        if (fields.size() < MAX_FIELDS) {
            fields.add(
                    new MailHeaders.Field(name, Texts.truncate(value.toString().strip(), MAX_VALUE_CHARS)));
        }
    }

    private static boolean isFieldName(String name) {
        var stripped = name.strip();
        return !stripped.isEmpty()
                && stripped.length() <= 76
                && stripped.chars().allMatch(c -> c > 32 && c < 127 && c != ':');
    }
}
