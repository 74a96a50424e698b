package org.opencirt.feed.parse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads text line by line in bounded memory: a line keeps at most {@value #MAX_LINE} characters,
 * the rest of a longer line is read and dropped ({@link #tooLong()} tells). Ends of line are
 * {@code \n}, {@code \r\n} or a lone {@code \r}. Does not close the stream.
 *
 * <p>Encodings, as real feeds come:
 * <ul>
 *   <li>UTF-8, with or without a byte order mark (dropped at the start only).</li>
 *   <li>A line that is not valid UTF-8 is read as Windows-1252 (a superset of the printable
 *       Latin-1): {@code Café} written {@code 43 61 66 E9} reads as {@code Café}, not
 *       {@code Caf\uFFFD}. The choice is made line by line, so a UTF-8 file with one Latin-1 line
 *       (a list pasted together) loses nothing.</li>
 *   <li>UTF-16 (big or little endian) when the input starts with its byte order mark.</li>
 * </ul>
 * The lines are cut on bytes ({@code \n} and {@code \r} are the same bytes in UTF-8 and
 * Windows-1252) and each line is decoded alone; at most {@code 3 * maxLine} bytes of a line are
 * kept, which always hold more than {@code maxLine} characters of UTF-8 or Windows-1252, so
 * whether a line is too long is known exactly up to there. Beyond, the dropped bytes are counted
 * as characters the way UTF-8 does (a byte that continues a character adds none), so the length
 * of a very long line is about right rather than exact.
 */
final class LineReader {

    /** The longest line a parser reads; longer lines are invalid. */
    static final int MAX_LINE = 64 * 1024;

    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private final InputStream in;
    private final int maxLine;
    private final int maxBytes;
    private final byte[] buffer = new byte[8192];
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private InputStream source;
    private int pos;
    private int limit;
    private boolean eof;
    private boolean skipLineFeed;
    private boolean started;
    private byte[] lineBytes = new byte[256];
    private int kept;
    private long droppedChars;
    private boolean cut;
    private boolean ascii;
    private String line = "";
    private boolean windows1252;
    private long number;
    private long length;

    LineReader(InputStream in) {
        this(in, MAX_LINE);
    }

    LineReader(InputStream in, int maxLine) {
        this.in = in;
        this.source = in;
        this.maxLine = maxLine;
        this.maxBytes = 3 * maxLine;
    }

    /** Reads the next line; false at the end of the input. */
    boolean next() throws IOException {
        kept = 0;
        droppedChars = 0;
        cut = false;
        ascii = true;
        boolean any = false;
        while (true) {
            if (pos >= limit && !fill()) {
                if (any) {
                    finishLine();
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
                byte b = buffer[pos];
                if (b == '\n' || b == '\r') {
                    append(start, pos);
                    pos++;
                    skipLineFeed = b == '\r';
                    finishLine();
                    return true;
                }
                pos++;
            }
            append(start, pos);
        }
    }

    /** The current line, without its end of line; at most {@value #MAX_LINE} characters. */
    String line() {
        return line;
    }

    /** The current line as a sequence; valid until the next {@link #next()}. */
    CharSequence chars() {
        return line;
    }

    /** Whether the current line was longer than the limit (and was cut). */
    boolean tooLong() {
        return length > maxLine;
    }

    /** The full length of the current line in characters, including any part that was dropped. */
    long length() {
        return length;
    }

    /** 1-based number of the current line. */
    long number() {
        return number;
    }

    /** Whether the current line was not valid UTF-8 and was read as Windows-1252. */
    boolean windows1252() {
        return windows1252;
    }

    int maxLine() {
        return maxLine;
    }

    private void append(int from, int to) {
        int room = maxBytes - kept;
        int count = Math.min(room, to - from);
        if (count > 0) {
            if (kept + count > lineBytes.length) {
                byte[] bigger = new byte[Math.min(maxBytes, Math.max(kept + count, 2 * lineBytes.length))];
                System.arraycopy(lineBytes, 0, bigger, 0, kept);
                lineBytes = bigger;
            }
            for (int i = from; i < from + count; i++) {
                byte b = buffer[i];
                ascii &= b >= 0;
                lineBytes[kept++] = b;
            }
        }
        int dropFrom = from + Math.max(count, 0);
        cut |= dropFrom < to;
        for (int i = dropFrom; i < to; i++) {
            // a dropped byte counts as a character unless it continues a UTF-8 sequence (10xxxxxx)
            if ((buffer[i] & 0xC0) != 0x80) {
                droppedChars++;
            }
        }
    }

    private void finishLine() {
        number++;
        windows1252 = false;
        String text;
        if (ascii) {
            // the common case: every byte is a character
            text = new String(lineBytes, 0, kept, StandardCharsets.ISO_8859_1);
        } else {
            int end = cut ? completeUtf8(kept) : kept;
            try {
                text = utf8.reset().decode(ByteBuffer.wrap(lineBytes, 0, end)).toString();
            } catch (CharacterCodingException e) {
                windows1252 = true;
                text = new String(lineBytes, 0, kept, WINDOWS_1252);
            }
        }
        length = text.length() + droppedChars;
        line = text.length() > maxLine ? text.substring(0, maxLine) : text;
    }

    /** The kept bytes without a UTF-8 sequence the cut at {@code maxBytes} left incomplete. */
    private int completeUtf8(int end) {
        for (int back = 1; back <= 3 && end - back >= 0; back++) {
            int b = lineBytes[end - back] & 0xFF;
            if ((b & 0xC0) != 0x80) {
                int need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
                return need > back ? end - back : end;
            }
        }
        return end;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (!started) {
            started = true;
            start();
        }
        int n;
        do {
            n = source.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            pos = limit = 0;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    /** Looks at the first bytes: drops a UTF-8 byte order mark, turns UTF-16 into UTF-8. */
    private void start() throws IOException {
        byte[] head = new byte[3];
        int n = 0;
        while (n < 3) {
            int r = in.read(head, n, 3 - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        int b0 = n > 0 ? head[0] & 0xFF : -1;
        int b1 = n > 1 ? head[1] & 0xFF : -1;
        int b2 = n > 2 ? head[2] & 0xFF : -1;
        if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) {
            return;
        }
        if ((b0 == 0xFE && b1 == 0xFF) || (b0 == 0xFF && b1 == 0xFE)) {
            // UTF-16 with its byte order mark: the decoder reads the mark, the lines are re-encoded as UTF-8
            var rest = new SequenceInputStream(new ByteArrayInputStream(head, 0, n), in);
            source = new Utf8Encoded(new InputStreamReader(
                    rest,
                    StandardCharsets.UTF_16
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPLACE)
                            .onUnmappableCharacter(CodingErrorAction.REPLACE)));
            return;
        }
        source = new SequenceInputStream(new ByteArrayInputStream(head, 0, n), in);
    }

    /** The characters of a reader as UTF-8 bytes, a buffer at a time. */
    private static final class Utf8Encoded extends InputStream {

        private final Reader reader;
        private final CharsetEncoder encoder = StandardCharsets.UTF_8
                .newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        private final CharBuffer chars = CharBuffer.allocate(4096);
        private final ByteBuffer bytes = ByteBuffer.allocate(4 * 4096);
        private boolean end;

        Utf8Encoded(Reader reader) {
            this.reader = reader;
            bytes.flip();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (!bytes.hasRemaining()) {
                if (end) {
                    return -1;
                }
                int n = reader.read(chars);
                end = n < 0;
                chars.flip();
                bytes.clear();
                CoderResult result = encoder.encode(chars, bytes, end);
                if (end) {
                    encoder.flush(bytes);
                }
                if (result.isError()) {
                    // cannot happen with REPLACE; keep reading rather than loop
                    chars.clear();
                } else {
                    chars.compact();
                }
                bytes.flip();
            }
            int n = Math.min(len, bytes.remaining());
            bytes.get(b, off, n);
            return n;
        }
    }
}
