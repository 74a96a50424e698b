package org.opencirt.incident.email;

import jakarta.mail.internet.MimeUtility;
import jakarta.mail.internet.ParseException;
import java.io.UnsupportedEncodingException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** String clean-up shared by the parser: header decoding, control characters, truncation. */
final class Texts {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private Texts() {}

    /**
     * Jakarta Mail reads header bytes as ISO-8859-1, which loses nothing: a header sent as raw
     * UTF-8 (RFC 6532) arrives as one char per byte. Re-read such a value as UTF-8 when it is
     * valid UTF-8, else as windows-1252 (what mailers that send raw 8-bit Latin text mean).
     */
    static String repairEightBit(String value) {
        if (value == null) {
            return null;
        }
        var high = false;
        for (var i = 0; i < value.length(); i++) {
            var c = value.charAt(i);
            if (c > 0xFF) {
                return value;
            }
            high |= c >= 0x80;
        }
        if (!high) {
            return value;
        }
        return utf8OrWindows1252(value.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Bytes read as UTF-8 when they are valid UTF-8, else as windows-1252 (which maps every byte). */
    static String utf8OrWindows1252(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, WINDOWS_1252);
        }
    }

    /** Unfolds a header value and decodes its RFC 2047 encoded words; undecodable words stay as sent. */
    static String decodeHeaderText(String raw) {
        var unfolded = MimeUtility.unfold(raw);
        try {
            return MimeUtility.decodeText(unfolded);
        } catch (UnsupportedEncodingException | RuntimeException e) {
            return decodeWordByWord(unfolded);
        }
    }

    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?[^?\\s]+\\?[bBqQ]\\?[^?\\s]*\\?=");

    /**
     * What {@link MimeUtility#decodeText} does, but one word at a time: it gives up on the whole
     * value when one word names a charset Java does not know, and we want the other words.
     */
    private static String decodeWordByWord(String text) {
        var out = new StringBuilder(text.length());
        var m = ENCODED_WORD.matcher(text);
        var last = 0;
        var previousWasWord = false;
        while (m.find()) {
            var between = text.substring(last, m.start());
            if (!(previousWasWord && between.isBlank())) {
                out.append(between);
            }
            String decoded;
            try {
                decoded = MimeUtility.decodeWord(m.group());
            } catch (ParseException | UnsupportedEncodingException | RuntimeException e) {
                decoded = m.group();
            }
            out.append(decoded);
            previousWasWord = true;
            last = m.end();
        }
        return out.append(text, last, text.length()).toString();
    }

    /** One line of display text: control characters and runs of white space become one space. */
    static String singleLine(String value) {
        var out = new StringBuilder(value.length());
        var space = false;
        for (var i = 0; i < value.length(); i++) {
            var c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '\u00A0') {
                space = true;
                continue;
            }
            if (space && !out.isEmpty()) {
                out.append(' ');
            }
            space = false;
            out.append(c);
        }
        return out.toString();
    }

    /**
     * Body text as the service stores it: {@code \n} line ends, no control characters but tab
     * and newline (PostgreSQL refuses NUL in text), no byte-order mark, no surrounding blank space.
     */
    static String cleanBody(String text) {
        var out = new StringBuilder(text.length());
        for (var i = 0; i < text.length(); i++) {
            var c = text.charAt(i);
            if (c == '\r') {
                out.append('\n');
                if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
            } else if (c == '\n' || c == '\t' || !(Character.isISOControl(c) || c == '\uFEFF')) {
                out.append(c);
            }
        }
        return out.toString().strip();
    }

    /** At most {@code max} chars, never splitting a surrogate pair (the parser's name for the common rule). */
    static String truncate(String value, int max) {
        return org.opencirt.common.Texts.truncate(value, max);
    }

    /**
     * A file name safe to show and store: no directory part, no control or format characters
     * (a right-to-left override can disguise {@code fdp.exe} as {@code exe.pdf}), at most
     * {@code max} chars with the extension kept. Null when nothing usable is left.
     */
    static String sanitiseFilename(String name, int max) {
        if (name == null) {
            return null;
        }
        var cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        var base = name.substring(cut + 1);
        var out = new StringBuilder(base.length());
        base.codePoints()
                .filter(cp -> Character.getType(cp) != Character.CONTROL && Character.getType(cp) != Character.FORMAT)
                .forEach(out::appendCodePoint);
        var clean = out.toString().strip();
        if (clean.isEmpty() || clean.equals(".") || clean.equals("..")) {
            return null;
        }
        if (clean.length() <= max) {
            return clean;
        }
        var dot = clean.lastIndexOf('.');
        var extension = dot > 0 && clean.length() - dot <= 16 ? clean.substring(dot) : "";
        return truncate(clean.substring(0, clean.length() - extension.length()), max - extension.length()) + extension;
    }

    /**
     * A value from a message that will be stored and shown: one line, no control or format
     * characters (a right-to-left override cannot turn it around), at most {@code max} chars.
     */
    static String storedLine(String value, int max) {
        if (value == null) {
            return "";
        }
        var out = new StringBuilder(Math.min(value.length(), max + 16));
        value.codePoints()
                .filter(cp -> Character.getType(cp) != Character.FORMAT)
                .forEach(out::appendCodePoint);
        return truncate(singleLine(out.toString()), max).strip();
    }

    /** A value quoted in an error message: one line, at most 80 chars. */
    static String quote(String value) {
        var line = singleLine(value);
        return org.opencirt.common.Texts.abbreviate(line, 80);
    }

    /** The message of an exception for a warning or refusal, quoted; its class when it has none. */
    static String reason(Throwable e) {
        var message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : Texts.quote(message);
    }
}
