package org.opencirt.playbook.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Texts a playbook writes (comments, e-mails, escalations) with {@code {{name}}} placeholders.
 * Only the names below exist; each value passes through the caller's escaping before it is put
 * in, so an incident's title can never become markup or an e-mail header.
 */
public final class Templates {

    /** The placeholders a template may use. */
    public static final Set<String> NAMES = Set.of(
            "reference",
            "title",
            "severity",
            "priority",
            "category",
            "type",
            "tlp",
            "state",
            "channel",
            "assignee",
            "reporter_org",
            "playbook");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-z_]+)\\s*}}");

    private Templates() {}

    /** The placeholders of a template that do not exist. */
    public static List<String> unknown(String template) {
        var unknown = new ArrayList<String>();
        var matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            if (!NAMES.contains(matcher.group(1))) {
                unknown.add(matcher.group(1));
            }
        }
        return unknown;
    }

    /** The template with each placeholder replaced by its value, escaped. */
    public static String render(String template, Map<String, String> values, UnaryOperator<String> escape) {
        return PLACEHOLDER.matcher(template).replaceAll(m -> {
            var value = values.getOrDefault(m.group(1), "");
            return java.util.regex.Matcher.quoteReplacement(escape.apply(value == null ? "" : value));
        });
    }

    /** Escaping for one line of plain text (an e-mail subject): no line breaks or control characters. */
    public static String oneLine(String value) {
        return value.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ");
    }

    /** Escaping for plain text (comments, e-mail bodies): control characters other than line breaks dropped. */
    public static String plain(String value) {
        return value.replaceAll("[\\p{Cntrl}&&[^\\n\\t]]", "");
    }
}
