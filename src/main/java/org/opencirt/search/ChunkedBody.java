package org.opencirt.search;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.http.ContentTooLongException;
import org.apache.http.HttpEntity;
import org.apache.http.HttpResponse;
import org.apache.http.entity.AbstractHttpEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.ContentDecoder;
import org.apache.http.nio.ContentEncoder;
import org.apache.http.nio.IOControl;
import org.apache.http.nio.entity.HttpAsyncContentProducer;
import org.apache.http.nio.protocol.AbstractAsyncResponseConsumer;
import org.apache.http.protocol.HttpContext;
import org.elasticsearch.client.HttpAsyncResponseConsumerFactory;

/**
 * A body kept in chunks of {@value #CHUNK} bytes: a bulk request written here and sent as it is,
 * or a bulk answer received into it ({@link #answers}). A body of a megabyte or more in one array
 * would be a humongous object for G1, and each of those starts a concurrent collection cycle.
 */
final class ChunkedBody extends OutputStream {

    static final int CHUNK = 256 * 1024;

    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] current;
    private int used = CHUNK;
    private long length;

    @Override
    public void write(int b) {
        if (used == CHUNK) {
            next();
        }
        current[used++] = (byte) b;
        length++;
    }

    @Override
    public void write(byte[] bytes, int offset, int count) {
        while (count > 0) {
            if (used == CHUNK) {
                next();
            }
            int n = Math.min(count, CHUNK - used);
            System.arraycopy(bytes, offset, current, used, n);
            used += n;
            offset += n;
            count -= n;
            length += n;
        }
    }

    private void next() {
        current = new byte[CHUNK];
        chunks.add(current);
        used = 0;
    }

    /**
     * Answers received into chunks instead of the client's one growing array, refused over
     * {@code maxBytes}.
     */
    static HttpAsyncResponseConsumerFactory answers(long maxBytes) {
        return () -> new Answer(maxBytes);
    }

    private static final class Answer extends AbstractAsyncResponseConsumer<HttpResponse> {
        private final long maxBytes;
        private final ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        private HttpResponse response;
        private ContentType type;
        private ChunkedBody body = new ChunkedBody();

        Answer(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        protected void onResponseReceived(HttpResponse received) {
            response = received;
        }

        @Override
        protected void onEntityEnclosed(HttpEntity entity, ContentType contentType) {
            type = contentType == null ? ContentType.APPLICATION_JSON : contentType;
        }

        @Override
        protected void onContentReceived(ContentDecoder decoder, IOControl control) throws IOException {
            int read;
            while ((read = decoder.read(buffer)) > 0) {
                if (body.length + read > maxBytes) {
                    throw new ContentTooLongException(
                            "an answer of Elasticsearch is longer than %d bytes".formatted(maxBytes));
                }
                body.write(buffer.array(), 0, read);
                buffer.clear();
            }
        }

        @Override
        protected HttpResponse buildResult(HttpContext context) {
            if (type != null) {
                response.setEntity(body.entity(type));
            }
            return response;
        }

        @Override
        protected void releaseResources() {
            body = null;
        }
    }

    private int size(int chunk) {
        return chunk == chunks.size() - 1 ? used : CHUNK;
    }

    /**
     * The bytes written, as a repeatable entity of the given type. It hands its chunks to the
     * HTTP client's I/O thread as they are ({@link HttpAsyncContentProducer}), where any other
     * entity is read through a stream into small buffers.
     */
    AbstractHttpEntity entity(ContentType type) {
        var entity = new Entity();
        entity.setContentType(type.toString());
        return entity;
    }

    private final class Entity extends AbstractHttpEntity implements HttpAsyncContentProducer {
        private int chunk;
        private ByteBuffer pending;

        @Override
        public boolean isRepeatable() {
            return true;
        }

        @Override
        public long getContentLength() {
            return length;
        }

        @Override
        public InputStream getContent() {
            var parts = new ArrayList<InputStream>(chunks.size());
            for (int i = 0; i < chunks.size(); i++) {
                parts.add(new ByteArrayInputStream(chunks.get(i), 0, size(i)));
            }
            return new SequenceInputStream(Collections.enumeration(parts));
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            for (int i = 0; i < chunks.size(); i++) {
                out.write(chunks.get(i), 0, size(i));
            }
        }

        @Override
        public boolean isStreaming() {
            return false;
        }

        @Override
        public void produceContent(ContentEncoder encoder, IOControl control) throws IOException {
            while (true) {
                if (pending == null) {
                    if (chunk == chunks.size()) {
                        encoder.complete();
                        return;
                    }
                    pending = ByteBuffer.wrap(chunks.get(chunk), 0, size(chunk));
                }
                encoder.write(pending);
                if (pending.hasRemaining()) {
                    return; // the channel is full: the I/O thread calls again when it can take more
                }
                pending = null;
                chunk++;
            }
        }

        /** Rewinds, for the next time the request is sent. */
        @Override
        public void close() {
            chunk = 0;
            pending = null;
        }
    }
}
