package org.opencirt.incident.email;

/**
 * The raw header block of an upload, checked byte by byte before Jakarta Mail reads it: an upload
 * that does not start with a header field is no e-mail, whatever Jakarta Mail would make of it.
 */
final class HeaderBlock {

    private HeaderBlock() {}

    /**
     * Offset of the header block: after an mbox {@code From } line if the upload starts
     * with one. The first line must be a header field; other lines of the block that are
     * not are tolerated (Jakarta Mail keeps them under odd names we never read).
     */
    static int start(byte[] bytes, int end, MessageWarnings warnings) {
        if (end == 0) {
            throw InvalidEmailException.malformed("not an RFC 822 message: the upload is empty");
        }
        var start = 0;
        if (isMboxFromLine(bytes, 0, end)) {
            start = lineEnd(bytes, 0, end) + 1;
        }
        if (start >= end || !isHeaderField(bytes, start, end)) {
            throw InvalidEmailException.malformed("not an RFC 822 message: no header block");
        }
        var odd = 0;
        for (var line = start; line < end; line = lineEnd(bytes, line, end) + 1) {
            var first = bytes[line];
            if (first == '\n' || (first == '\r' && line + 1 < end && bytes[line + 1] == '\n')) {
                break;
            }
            if (first != ' ' && first != '\t' && !isHeaderField(bytes, line, end)) {
                odd++;
            }
        }
        if (odd > 0) {
            warnings.add("%d header line(s) without a field name ignored".formatted(odd));
        }
        return start;
    }

    private static boolean isMboxFromLine(byte[] bytes, int from, int end) {
        if (end - from < 5
                || bytes[from] != 'F'
                || bytes[from + 1] != 'r'
                || bytes[from + 2] != 'o'
                || bytes[from + 3] != 'm'
                || bytes[from + 4] != ' ') {
            return false;
        }
        var k = from + 5;
        while (k < end && (bytes[k] == ' ' || bytes[k] == '\t')) {
            k++;
        }
        return k < end && bytes[k] != ':';
    }

    /** {@code name:} with a name of printable ASCII (obsolete white space before the colon allowed). */
    private static boolean isHeaderField(byte[] bytes, int from, int end) {
        var k = from;
        while (k < end && bytes[k] >= 33 && bytes[k] <= 126 && bytes[k] != ':') {
            k++;
        }
        if (k == from) {
            return false;
        }
        while (k < end && (bytes[k] == ' ' || bytes[k] == '\t')) {
            k++;
        }
        return k < end && bytes[k] == ':';
    }

    private static int lineEnd(byte[] bytes, int from, int end) {
        for (var k = from; k < end; k++) {
            if (bytes[k] == '\n') {
                return k;
            }
        }
        return end;
    }
}
