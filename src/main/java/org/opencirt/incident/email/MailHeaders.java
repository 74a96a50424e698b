package org.opencirt.incident.email;

import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The header fields of a message's top level, in the order sent: what tells an automatic message
 * from a person's ({@code Auto-Submitted}, {@code Precedence}, {@code List-Id}, the report type in
 * {@code Content-Type}). Values are unfolded and repaired to UTF-8 where they are valid UTF-8, but
 * not decoded (RFC 2047) and not cleaned: they are for reading fields, not for display.
 *
 * @param fields the fields, at most {@link #MAX_FIELDS}, each value at most {@link #MAX_VALUE_CHARS}
 */
public record MailHeaders(List<Field> fields) {

    public static final int MAX_FIELDS = 1_000;
    public static final int MAX_VALUE_CHARS = 10_000;

    /** No fields (a message built by hand rather than parsed). */
    public static final MailHeaders NONE = new MailHeaders(List.of());

    /** One header field: its name as sent, its value unfolded. */
    public record Field(String name, String value) {

        public Field {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    public MailHeaders {
        fields = List.copyOf(fields);
    }

    /** The value of the first field of this name (any case), stripped. */
    public Optional<String> first(String name) {
        return fields.stream()
                .filter(f -> f.name().equalsIgnoreCase(name))
                .map(f -> f.value().strip())
                .findFirst();
    }

    /** The values of every field of this name (any case), stripped, in order. */
    public List<String> all(String name) {
        return fields.stream()
                .filter(f -> f.name().equalsIgnoreCase(name))
                .map(f -> f.value().strip())
                .toList();
    }

    /** Whether a field of this name (any case) is present. */
    public boolean has(String name) {
        return fields.stream().anyMatch(f -> f.name().equalsIgnoreCase(name));
    }

    /** The top-level fields of a message; past the limits, the rest is dropped with a warning. */
    static MailHeaders of(MimeMessage message, MessageWarnings warnings) throws MessagingException {
        var fields = new ArrayList<Field>();
        var all = message.getAllHeaders();
        var dropped = 0;
        while (all.hasMoreElements()) {
            Header header = all.nextElement();
            if (fields.size() >= MAX_FIELDS) {
                dropped++;
                continue;
            }
            var name = header.getName();
            var value = header.getValue();
            if (name == null || value == null) {
                continue;
            }
            var unfolded = MimeUtility.unfold(Texts.repairEightBit(value));
            if (unfolded.length() > MAX_VALUE_CHARS) {
                warnings.add("header %s truncated to %d characters"
                        .formatted(Texts.quote(name).toLowerCase(Locale.ROOT), MAX_VALUE_CHARS));
                unfolded = Texts.truncate(unfolded, MAX_VALUE_CHARS);
            }
            fields.add(new Field(name, unfolded));
        }
        if (dropped > 0) {
            warnings.add("%d header field(s) past the first %d ignored".formatted(dropped, MAX_FIELDS));
        }
        return new MailHeaders(fields);
    }
}
