package org.opencirt.feed.parse;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Reads the timestamps feeds write, all taken as UTC unless they carry an offset: ISO-8601
 * ({@code 2024-06-01T10:11:12Z}, {@code 2024-06-01T12:11:12+02:00}, {@code 2024-06-01T10:11:12}),
 * {@code yyyy-MM-dd HH:mm:ss} (optionally with fractions, an offset or a trailing {@code UTC}),
 * {@code yyyy-MM-dd}, and epoch seconds (up to 11 digits) or milliseconds (12 or 13 digits).
 */
final class Timestamps {

    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {}

    /** The instant, or null when the text is blank or no timestamp these rules read. */
    static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        String s = text.strip();
        if (s.isEmpty() || s.length() > 64) {
            return null;
        }
        if (allDigits(s)) {
            try {
                long number = Long.parseLong(s);
                if (s.length() <= 11) {
                    return Instant.ofEpochSecond(number);
                }
                if (s.length() <= 13) {
                    return Instant.ofEpochMilli(number);
                }
            } catch (NumberFormatException | DateTimeException e) {
                return null;
            }
            return null;
        }
        Instant fast = fast(s);
        if (fast != null) {
            return fast;
        }
        if (s.endsWith(" UTC") || s.endsWith(" GMT")) {
            s = s.substring(0, s.length() - 4).strip() + "Z";
        }
        if (s.length() > 10 && s.charAt(10) == ' ') {
            s = s.substring(0, 10) + 'T' + s.substring(11).strip();
        }
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            char last = s.charAt(s.length() - 1);
            if (last == 'Z' || last == 'z') {
                return Instant.parse(s.substring(0, s.length() - 1) + 'Z');
            }
            int t = s.indexOf('T');
            if (t > 0 && (s.indexOf('+', t) > 0 || s.indexOf('-', t) > 0)) {
                return OffsetDateTime.parse(s).toInstant();
            }
            return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** ISO-8601 with millisecond precision and {@code Z}, as STIX and TAXII write timestamps. */
    static String format(Instant instant) {
        return MILLIS.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * {@code yyyy-MM-dd}, {@code yyyy-MM-dd HH:mm:ss}, {@code yyyy-MM-ddTHH:mm:ss} and the same
     * with {@code Z}: the common layouts of feeds, read without the cost of a formatter; null for
     * anything else.
     */
    private static Instant fast(String s) {
        int length = s.length();
        if (length != 10 && length != 19 && !(length == 20 && (s.charAt(19) == 'Z' || s.charAt(19) == 'z'))) {
            return null;
        }
        if (s.charAt(4) != '-' || s.charAt(7) != '-') {
            return null;
        }
        int hour = 0;
        int minute = 0;
        int second = 0;
        if (length > 10) {
            char t = s.charAt(10);
            if ((t != ' ' && t != 'T') || s.charAt(13) != ':' || s.charAt(16) != ':') {
                return null;
            }
            hour = digits(s, 11, 2);
            minute = digits(s, 14, 2);
            second = digits(s, 17, 2);
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
