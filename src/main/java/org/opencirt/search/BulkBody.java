package org.opencirt.search;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.http.entity.AbstractHttpEntity;
import org.apache.http.entity.ContentType;

/**
 * A request body written in chunks of {@value #CHUNK} bytes and sent as they are. A bulk body of
 * some megabytes in one array would be a humongous object for G1, and each of those starts a
 * concurrent collection cycle; nor is the body copied once more to send it.
 */
final class BulkBody extends OutputStream {

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

    /** The bytes written, as a repeatable entity of the given type. */
    AbstractHttpEntity entity(ContentType type) {
        var entity = new AbstractHttpEntity() {
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
                    parts.add(new ByteArrayInputStream(chunks.get(i), 0, i == chunks.size() - 1 ? used : CHUNK));
                }
                return new SequenceInputStream(Collections.enumeration(parts));
            }

            @Override
            public void writeTo(OutputStream out) throws java.io.IOException {
                for (int i = 0; i < chunks.size(); i++) {
                    out.write(chunks.get(i), 0, i == chunks.size() - 1 ? used : CHUNK);
                }
            }

            @Override
            public boolean isStreaming() {
                return false;
            }
        };
        entity.setContentType(type.toString());
        return entity;
    }
}
