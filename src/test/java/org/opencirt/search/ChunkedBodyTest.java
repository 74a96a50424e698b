package org.opencirt.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.ContentEncoder;
import org.apache.http.nio.entity.HttpAsyncContentProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The chunked bulk body sends exactly the bytes written, however they fall across chunks. */
class ChunkedBodyTest {

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(
            ints = {0, 1, ChunkedBody.CHUNK - 1, ChunkedBody.CHUNK, ChunkedBody.CHUNK + 1, 3 * ChunkedBody.CHUNK + 17})
    void theEntityHoldsExactlyTheBytesWritten(int size) throws Exception {
        var bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        var body = new ChunkedBody();
        // mixed writes: single bytes and runs of odd lengths crossing chunk ends
        int at = 0;
        for (int step = 1; at < size; step = step * 3 % 70_001 + 1) {
            if (step % 2 == 0) {
                body.write(bytes[at++]);
            } else {
                int n = Math.min(step, size - at);
                body.write(bytes, at, n);
                at += n;
            }
        }
        var entity = body.entity(ContentType.create("application/x-ndjson"));
        assertThat(entity.getContentLength()).isEqualTo(size);
        assertThat(entity.isRepeatable()).isTrue();
        assertThat(entity.getContentType().getValue()).isEqualTo("application/x-ndjson");
        var written = new ByteArrayOutputStream();
        entity.writeTo(written);
        assertThat(written.toByteArray()).isEqualTo(bytes);
        // read twice: a retried request sends the same body again
        for (int i = 0; i < 2; i++) {
            try (var in = entity.getContent()) {
                assertThat(in.readAllBytes()).isEqualTo(bytes);
            }
        }
        // and as the HTTP client's I/O thread sends it, into a channel that takes a little at a time; twice
        var producer = (HttpAsyncContentProducer) entity;
        for (int i = 0; i < 2; i++) {
            var channel = new SlowChannel(7_919);
            for (int calls = 0; !channel.isCompleted(); calls++) {
                assertThat(calls).as("calls to produce %d bytes", size).isLessThan(size / 7_919 + 10);
                producer.produceContent(channel, null);
            }
            assertThat(channel.received.toByteArray()).isEqualTo(bytes);
            producer.close();
        }
    }

    /** A content encoder that takes at most {@code perCall} bytes a call, as a full socket would. */
    private static final class SlowChannel implements ContentEncoder {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final int perCall;
        private boolean completed;

        SlowChannel(int perCall) {
            this.perCall = perCall;
        }

        @Override
        public int write(ByteBuffer src) {
            assertThat(completed).isFalse();
            int n = Math.min(perCall, src.remaining());
            var part = new byte[n];
            src.get(part);
            received.writeBytes(part);
            return n;
        }

        @Override
        public void complete() {
            completed = true;
        }

        @Override
        public boolean isCompleted() {
            return completed;
        }
    }

    @Test
    void noChunkIsLargerThanHalfOfTheSmallestG1Region() {
        // G1 treats an array of half a region or more as humongous; regions are at least 1 MB
        assertThat(ChunkedBody.CHUNK).isLessThan(512 * 1024);
    }
}
