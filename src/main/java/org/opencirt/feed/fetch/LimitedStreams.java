package org.opencirt.feed.fetch;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import org.opencirt.common.outbound.Deadline;
import org.opencirt.common.outbound.FetchException;
import org.opencirt.common.outbound.FetchException.Reason;

/** The streams between the connection (or file) and the caller: limits, gunzip, deadline. */
final class LimitedStreams {

    private LimitedStreams() {}

    /** How the body is decoded. */
    enum Decoding {
        /** As is. */
        NONE,
        /** {@code Content-Encoding: gzip}: gunzip, the body must be gzip. */
        GZIP,
        /** A {@code .gz} path: gunzip when it starts with the gzip magic (a server may have decoded it already). */
        GZIP_IF_MAGIC,
        /** Both: gunzip the transfer encoding, then the file if it still is gzip. */
        GZIP_THEN_GZIP_IF_MAGIC;

        static Decoding of(boolean contentEncodingGzip, boolean gzPath) {
            return contentEncodingGzip ? gzPath ? GZIP_THEN_GZIP_IF_MAGIC : GZIP : gzPath ? GZIP_IF_MAGIC : NONE;
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
                throw new FetchException(Reason.IO, "reading the body of %s failed: %s".formatted(source, e), e);
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
                    case NONE -> wire;
                    case GZIP -> gunzip(wire);
                    case GZIP_IF_MAGIC -> gunzipIfMagic(wire);
                    case GZIP_THEN_GZIP_IF_MAGIC -> gunzipIfMagic(gunzip(wire));
                };
            }
            return decoded;
        }

        private static InputStream gunzip(InputStream in) throws IOException {
            return new GZIPInputStream(in, GZIP_BUFFER);
        }

        private static InputStream gunzipIfMagic(InputStream in) throws IOException {
            var pushback = new PushbackInputStream(in, 2);
            var magic = new byte[2];
            var n = 0;
            while (n < 2) {
                var r = pushback.read(magic, n, 2 - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            pushback.unread(magic, 0, n);
            var gzip = n == 2 && (magic[0] & 0xFF) == 0x1f && (magic[1] & 0xFF) == 0x8b;
            return gzip ? gunzip(pushback) : pushback;
        }
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
