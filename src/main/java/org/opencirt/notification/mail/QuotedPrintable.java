package org.opencirt.notification.mail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Quoted-printable (RFC 2045 section 6.7) for a signed text part, so that no mail server has a reason to change it:
 * UTF-8, CRLF line ends, lines of at most 76 characters (soft breaks), 7-bit; a space or tab at the end of a line,
 * {@code =}, and every byte outside printable ASCII encoded; and, at the start of a line, an {@code F} and a {@code .}
 * encoded too, so that no line starts with {@code From } (which mailbox writers turn into {@code >From }) or is a lone
 * dot (RFC 3156 section 3).
 */
final class QuotedPrintable {

    private static final int MAX_LINE = 76;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private QuotedPrintable() {}

    /** The text's lines (any line ends: CRLF, LF or CR), each encoded; the hard line breaks are CRLF. */
    static byte[] encode(String text) {
        var out = new ByteArrayOutputStream();
        var lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.writeBytes(new byte[] {'\r', '\n'});
            }
            encodeLine(lines[i].getBytes(StandardCharsets.UTF_8), out);
        }
        return out.toByteArray();
    }

    private static void encodeLine(byte[] line, ByteArrayOutputStream out) {
        var column = 0;
        for (int i = 0; i < line.length; i++) {
            int b = line[i] & 0xff;
            var last = i == line.length - 1;
            var literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !last);
            if (column == 0 && (b == 'F' || b == '.')) {
                literal = false;
            }
            var width = literal ? 1 : 3;
            // room for the soft break's "=" unless this is the line's last byte
            var limit = last ? MAX_LINE : MAX_LINE - 1;
            if (column + width > limit) {
                out.writeBytes(new byte[] {'=', '\r', '\n'});
                column = 0;
                if (b == 'F' || b == '.') {
                    literal = false;
                    width = 3;
                }
            }
            if (literal) {
                out.write(b);
            } else {
                out.write('=');
                out.write(HEX[b >> 4]);
                out.write(HEX[b & 0xf]);
            }
            column += width;
        }
    }
}
