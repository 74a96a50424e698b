package org.opencirt.console.web;

import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Formatting for console templates: {@code {incident.createdAt.when}}, {@code {item.createdAt.whenText}}. */
@TemplateExtension
public final class Formats {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Formats() {}

    /** An instant as analysts read it, in UTC. */
    static String when(Instant instant) {
        return instant == null ? "" : WHEN.format(instant);
    }

    /** An ISO-8601 instant held as text (search results), in the same form. */
    static String whenText(String iso) {
        if (iso == null || iso.isBlank()) {
            return "";
        }
        try {
            return WHEN.format(Instant.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    /** The message key of a wire value: {@code state_in_progress} for prefix {@code state} and {@code in-progress}. */
    static String key(String wire, String prefix) {
        return prefix + "_"
                + (wire == null
                        ? "none"
                        : wire.toLowerCase(Locale.ROOT).replace('-', '_').replace('+', '_'));
    }
}
