package org.opencirt.feed.fetch;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.opencirt.common.outbound.Deadline;
import org.opencirt.common.outbound.FetchException;
import org.opencirt.common.outbound.FetchException.Reason;

/** The streams between the connection (or file) and the caller: limits, gunzip and unzip, deadline. */
final class LimitedStreams {

    private LimitedStreams() {}

    /**
     * How the body is decoded. Whatever the transfer encoding, the content is then sniffed: a
     * body that starts with the gzip magic ({@code 1f 8b}) is gunzipped and one that starts with
     * the zip magic ({@code PK 03 04}, or {@code PK 05 06} for an empty archive) is unzipped,
     * whatever the name of the file (a {@code .gz} path, a {@code download.php?file=x} or a
     * {@code file:} URL alike).
     */
    enum Decoding {
        /** As is, unless the content is gzip or zip. */
        SNIFF,
        /** {@code Content-Encoding: gzip}: gunzip, the body must be gzip; then sniff what it held. */
        GZIP_THEN_SNIFF;

        static Decoding of(boolean contentEncodingGzip) {
            return contentEncodingGzip ? GZIP_THEN_SNIFF : SNIFF;
        }
    }

    private static final int GZIP_BUFFER = 64 * 1024;

    /**
     * The caller's body: counts bytes on the wire ({@code maxBytes}) and after decoding
     * ({@code maxDecompressedBytes}), checks the deadline on every read.
     */
    static InputStream body(InputStream wire, Decoding decoding, FetchPolicy policy, Deadline deadline, String source) {
        return new BodyStream(
                new WireLimit(wire, policy.maxBytes(), source),
                decoding,
                policy.maxDecompressedBytes(),
                deadline,
                source);
    }

    /** Counts the raw bytes; one past the limit fails and closes the source. */
    static final class WireLimit extends FilterInputStream {

        private final long limit;
        private final String source;
        private long count;

        WireLimit(InputStream in, long limit, String source) {
            super(in);
            this.limit = limit;
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            var c = in.read();
            if (c >= 0) {
                counted(1);
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            var n = in.read(b, off, allowed(len, limit, count));
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            var buffer = new byte[(int) Math.min(Math.max(n, 0), 8192)];
            var skipped = 0L;
            while (skipped < n) {
                var r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (r < 0) {
                    break;
                }
                skipped += r;
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void counted(int n) throws IOException {
            count += n;
            if (count > limit) {
                closeQuietly(in);
                throw new FetchLimitExceededException(
                        "%s is larger than %d bytes on the wire".formatted(source, limit));
            }
        }
    }

    /** Decodes lazily (gunzip reads a header), limits the decoded bytes, enforces the deadline. */
    static final class BodyStream extends InputStream {

        private final InputStream wire;
        private final Decoding decoding;
        private final long limit;
        private final Deadline deadline;
        private final String source;
        private InputStream decoded;
        private long count;
        private boolean closed;

        BodyStream(InputStream wire, Decoding decoding, long limit, Deadline deadline, String source) {
            this.wire = wire;
            this.decoding = decoding;
            this.limit = limit;
            this.deadline = deadline;
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            var one = new byte[1];
            var n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (closed) {
                throw new IOException("the body of %s was closed".formatted(source));
            }
            if (deadline.expired()) {
                close();
                throw deadline.timeout("reading the body of " + source);
            }
            try {
                var n = decoded().read(b, off, allowed(len, limit, count));
                if (n > 0) {
                    count += n;
                    if (count > limit) {
                        throw new FetchLimitExceededException(
                                "%s is larger than %d bytes after decompression".formatted(source, limit));
                    }
                }
                return n;
            } catch (FetchException e) {
                close();
                throw e;
            } catch (IOException e) {
                close();
                if (deadline.expired()) {
                    throw deadline.timeout("reading the body of " + source);
                }
                throw new FetchException(
                        Reason.IO, "reading the body of %s failed: %s".formatted(source, describe(e)), e);
            }
        }

        @Override
        public int available() throws IOException {
            return closed || decoded == null ? 0 : decoded.available();
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                closeQuietly(decoded != null ? decoded : wire);
                closeQuietly(wire);
            }
        }

        private InputStream decoded() throws IOException {
            if (decoded == null) {
                decoded = switch (decoding) {
                    case SNIFF -> unpack(wire);
                    case GZIP_THEN_SNIFF -> unpack(gunzip(wire));
                };
            }
            return decoded;
        }
    }

    private static InputStream gunzip(InputStream in) throws IOException {
        return new GZIPInputStream(in, GZIP_BUFFER);
    }

    /**
     * The content of a gzip or zip body, else the body itself. A gzip file that holds a zip (or
     * the reverse) is unpacked once more; the nesting stops there.
     */
    static InputStream unpack(InputStream in) throws IOException {
        var pushback = new PushbackInputStream(in, 4);
        var magic = new byte[4];
        var n = readUpTo(pushback, magic, 2);
        if (n == 2 && (magic[0] & 0xFF) == 0x1f && (magic[1] & 0xFF) == 0x8b) {
            pushback.unread(magic, 0, n);
            return unzipIfMagic(gunzip(pushback));
        }
        if (n == 2 && magic[0] == 'P' && magic[1] == 'K') {
            n += readUpTo(pushback, magic, 2, 2);
            pushback.unread(magic, 0, n);
            return isZip(magic, n) ? new ZipEntries(pushback) : pushback;
        }
        pushback.unread(magic, 0, n);
        return pushback;
    }

    private static InputStream unzipIfMagic(InputStream in) throws IOException {
        var pushback = new PushbackInputStream(in, 4);
        var magic = new byte[4];
        var n = readUpTo(pushback, magic, 4);
        pushback.unread(magic, 0, n);
        return isZip(magic, n) ? new ZipEntries(pushback) : pushback;
    }

    /** {@code PK 03 04} starts a zip with entries, {@code PK 05 06} is an empty one. */
    private static boolean isZip(byte[] magic, int n) {
        return n == 4
                && magic[0] == 'P'
                && magic[1] == 'K'
                && ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6));
    }

    private static int readUpTo(InputStream in, byte[] into, int count) throws IOException {
        return readUpTo(in, into, 0, count);
    }

    /** Reads {@code count} bytes into {@code into} at {@code offset}, fewer at the end; answers how many. */
    private static int readUpTo(InputStream in, byte[] into, int offset, int count) throws IOException {
        var n = 0;
        while (n < count) {
            var r = in.read(into, offset + n, count - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }

    /**
     * The files of a zip archive, read in the archive's order as one body: directory entries and
     * macOS's {@code __MACOSX/} resource forks are left out; a line end is put between two files
     * when the first does not end with one (so the last line of one and the first of the next
     * stay two lines), and a UTF-8 byte order mark at the start of a later file is dropped. The
     * caller counts the bytes read here against the decompressed limit, as for gzip: a zip bomb
     * fails with the same error.
     */
    static final class ZipEntries extends InputStream {

        private static final int BOM_LENGTH = 3;

        private final ZipInputStream zip;
        private PushbackInputStream entry;
        private int files;
        private int last = -1;
        private boolean separator;

        ZipEntries(InputStream in) {
            this.zip = new ZipInputStream(in);
        }

        @Override
        public int read() throws IOException {
            var one = new byte[1];
            var n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            while (true) {
                if (entry == null && !nextFile()) {
                    return -1;
                }
                if (separator) {
                    separator = false;
                    b[off] = '\n';
                    last = '\n';
                    return 1;
                }
                var n = entry.read(b, off, len);
                if (n > 0) {
                    last = b[off + n - 1];
                    return n;
                }
                if (n < 0) {
                    entry = null;
                }
            }
        }

        /** Moves to the next file entry; false after the last. */
        private boolean nextFile() throws IOException {
            ZipEntry next;
            while ((next = zip.getNextEntry()) != null) {
                if (next.isDirectory() || next.getName().startsWith("__MACOSX/")) {
                    continue;
                }
                entry = new PushbackInputStream(zip, BOM_LENGTH);
                if (files++ > 0) {
                    dropByteOrderMark();
                    separator = last >= 0 && last != '\n' && last != '\r';
                }
                last = -1;
                return true;
            }
            return false;
        }

        private void dropByteOrderMark() throws IOException {
            var head = new byte[BOM_LENGTH];
            var n = readUpTo(entry, head, BOM_LENGTH);
            var bom =
                    n == BOM_LENGTH && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF;
            if (!bom) {
                entry.unread(head, 0, n);
            }
        }

        @Override
        public void close() throws IOException {
            zip.close();
        }
    }

    /** What went wrong, in words: a broken archive without the name of a Java class. */
    private static String describe(IOException e) {
        if (e instanceof ZipException) {
            return "the gzip or zip data cannot be read (" + e.getMessage() + ")";
        }
        if (e instanceof EOFException) {
            return "the gzip or zip data ends early";
        }
        return e.toString();
    }

    /**
     * How much to read: up to the limit exactly, then one byte to learn whether there is more
     * (which fails); so the caller gets every byte within the limit and none beyond.
     */
    private static int allowed(int len, long limit, long count) {
        return (int) Math.min(len, Math.max(limit - count, 1));
    }

    static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // closing after a failure: the failure is what matters
        }
    }
}
