package org.opencirt.incident.email;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MailDateFormat;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import java.time.Instant;
import java.util.Locale;
import org.opencirt.incident.email.ParsedEmail.Sender;

/**
 * The headers of a message that an incident report keeps: the sender (From, nothing else), the
 * subject, the date and the ids that thread replies. A header that cannot be read is a warning,
 * except a missing or unusable From.
 */
final class MessageHeaders {

    private final MessageWarnings warnings;

    MessageHeaders(MessageWarnings warnings) {
        this.warnings = warnings;
    }

    static String header(MimePart part, String name) throws MessagingException {
        return Texts.repairEightBit(part.getHeader(name, null));
    }

    Sender sender(MimeMessage message) throws MessagingException {
        // not message.getFrom(): it falls back to Sender, and the brief is From or nothing
        var value = header(message, "From");
        if (value == null || value.isBlank()) {
            throw InvalidEmailException.malformed("no From address");
        }
        InternetAddress[] addresses;
        try {
            addresses = InternetAddress.parseHeader(MimeUtility.unfold(value), false);
        } catch (AddressException e) {
            throw InvalidEmailException.malformed(
                    "From header is not a parseable address: '%s'".formatted(Texts.quote(value)), e);
        }
        if (addresses.length == 0) {
            throw InvalidEmailException.malformed("no From address");
        }
        var first = addresses[0];
        var address = normaliseAddress(first.getAddress());
        if (address == null) {
            throw InvalidEmailException.malformed(
                    "From header has no valid address (local-part@domain): '%s'".formatted(Texts.quote(value)));
        }
        if (addresses.length > 1) {
            warnings.add("From header has %d addresses; the first is taken as the sender".formatted(addresses.length));
        }
        var name = first.getPersonal() == null ? "" : Texts.singleLine(first.getPersonal());
        return new Sender(name.isEmpty() ? null : name, address);
    }

    private static final String SPECIALS = "()<>[]:;@\\,\"";

    /** {@code local@domain} with the domain lower-cased, or null if it is not one. */
    static String normaliseAddress(String address) {
        if (address == null) {
            return null;
        }
        var value = address.strip();
        var at = value.lastIndexOf('@');
        if (at <= 0 || at == value.length() - 1) {
            return null;
        }
        var local = value.substring(0, at);
        var domain = value.substring(at + 1);
        var quoted = local.length() >= 2 && local.startsWith("\"") && local.endsWith("\"");
        if (!quoted && !plain(local)) {
            return null;
        }
        var literal = domain.startsWith("[")
                && domain.endsWith("]")
                && domain.length() > 2
                && plain(domain.substring(1, domain.length() - 1));
        if (!literal) {
            if (domain.endsWith(".")) {
                domain = domain.substring(0, domain.length() - 1);
            }
            if (!plain(domain) || domain.isEmpty() || domain.startsWith(".") || domain.contains("..")) {
                return null;
            }
        }
        return local + "@" + domain.toLowerCase(Locale.ROOT);
    }

    private static boolean plain(String s) {
        return s.codePoints()
                .noneMatch(cp -> Character.isWhitespace(cp) || Character.isISOControl(cp) || SPECIALS.indexOf(cp) >= 0);
    }

    String subject(MimeMessage message) throws MessagingException {
        var value = header(message, "Subject");
        var subject = value == null ? "" : Texts.singleLine(Texts.decodeHeaderText(value));
        if (subject.isEmpty()) {
            return ParsedEmail.NO_SUBJECT;
        }
        if (subject.length() > ParsedEmail.MAX_SUBJECT_CHARS) {
            warnings.add("subject truncated to %d characters".formatted(ParsedEmail.MAX_SUBJECT_CHARS));
            return Texts.truncate(subject, ParsedEmail.MAX_SUBJECT_CHARS).strip();
        }
        return subject;
    }

    Instant date(MimeMessage message) throws MessagingException {
        var value = header(message, "Date");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return new MailDateFormat().parse(MimeUtility.unfold(value).strip()).toInstant();
        } catch (java.text.ParseException | RuntimeException e) {
            warnings.add("Date header '%s' is not a valid date; ignored".formatted(Texts.quote(value)));
            return null;
        }
    }

    private static final int MAX_ID_CHARS = 998;

    String id(MimeMessage message, String name) throws MessagingException {
        var value = header(message, name);
        if (value == null) {
            return null;
        }
        var id = Texts.singleLine(MimeUtility.unfold(value));
        if (id.length() > MAX_ID_CHARS) {
            warnings.add("%s header truncated to %d characters".formatted(name, MAX_ID_CHARS));
            id = Texts.truncate(id, MAX_ID_CHARS);
        }
        return id.isEmpty() ? null : id;
    }
}
