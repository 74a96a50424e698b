package org.opencirt.feed.parse;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongFunction;

/**
 * An input made lazily, chunk by chunk: it never exists whole in memory. It counts the bytes
 * read so far, so a test can check how far ahead of the items a parser reads.
 */
final class GeneratedInput extends InputStream {

    private final LongFunction<String> chunk;
    private final long chunks;
    private final byte[] prefix;
    private final byte[] suffix;
    private long next;
    private byte[] current;
    private int pos;
    private long read;
    private boolean suffixDone;

    /**
     * @param prefix text before the chunks ("[" for a JSON array)
     * @param chunk  the text of chunk i (a line, a record), 0 <= i < chunks
     * @param suffix text after the chunks
     */
    GeneratedInput(String prefix, long chunks, LongFunction<String> chunk, String suffix) {
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
        this.suffix = suffix.getBytes(StandardCharsets.UTF_8);
        this.chunks = chunks;
        this.chunk = chunk;
        this.current = this.prefix;
    }

    /** The number with leading zeros to this many digits (faster than String.format, for millions of lines). */
    static String digits(long number, int width) {
        String s = Long.toString(number);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }

    /** Bytes handed out so far. */
    long bytesRead() {
        return read;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        while (pos >= current.length) {
            if (next < chunks) {
                current = chunk.apply(next++).getBytes(StandardCharsets.UTF_8);
            } else if (!suffixDone) {
                suffixDone = true;
                current = suffix;
            } else {
                return -1;
            }
            pos = 0;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        read += n;
        return n;
    }
}
