package org.opencirt.feed.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads UTF-8 text line by line in bounded memory: a line keeps at most {@value #MAX_LINE}
 * characters, the rest of a longer line is read and dropped ({@link #tooLong()} tells). Ends of
 * line are {@code \n}, {@code \r\n} or a lone {@code \r}; a byte order mark at the start is
 * dropped; malformed UTF-8 becomes U+FFFD. Does not close the stream.
 */
final class LineReader {

    /** The longest line a parser reads; longer lines are invalid. */
    static final int MAX_LINE = 64 * 1024;

    private final Reader in;
    private final int maxLine;
    private final char[] buffer = new char[8192];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean skipLineFeed;
    private boolean started;
    private final StringBuilder line = new StringBuilder(256);
    private long number;
    private long length;

    LineReader(InputStream in) {
        this(in, MAX_LINE);
    }

    LineReader(InputStream in, int maxLine) {
        this.in = new InputStreamReader(
                in,
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE));
        this.maxLine = maxLine;
    }

    /** Reads the next line; false at the end of the input. */
    boolean next() throws IOException {
        line.setLength(0);
        length = 0;
        boolean any = false;
        while (true) {
            if (pos >= limit && !fill()) {
                if (any) {
                    number++;
                }
                return any;
            }
            if (skipLineFeed) {
                skipLineFeed = false;
                if (buffer[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            any = true;
            int start = pos;
            while (pos < limit) {
                char c = buffer[pos];
                if (c == '\n' || c == '\r') {
                    append(start, pos);
                    pos++;
                    skipLineFeed = c == '\r';
                    number++;
                    return true;
                }
                pos++;
            }
            append(start, pos);
        }
    }

    /** The current line, without its end of line; at most {@value #MAX_LINE} characters. */
    String line() {
        return line.toString();
    }

    /** The current line as a sequence, without copying; valid until the next {@link #next()}. */
    CharSequence chars() {
        return line;
    }

    /** Whether the current line was longer than the limit (and was cut). */
    boolean tooLong() {
        return length > maxLine;
    }

    /** The full length of the current line, including any part that was dropped. */
    long length() {
        return length;
    }

    /** 1-based number of the current line. */
    long number() {
        return number;
    }

    int maxLine() {
        return maxLine;
    }

    private void append(int from, int to) {
        int count = to - from;
        length += count;
        int room = maxLine - line.length();
        if (room > 0) {
            line.append(buffer, from, Math.min(room, count));
        }
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            pos = limit = 0;
            return false;
        }
        pos = 0;
        limit = n;
        if (!started) {
            started = true;
            if (buffer[0] == '\uFEFF') {
                pos = 1;
            }
        }
        return pos < limit || fill();
    }
}
