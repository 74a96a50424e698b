package org.opencirt.common.outbound;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;

/**
 * One answer of an {@link HttpSender}: status, headers and a body streamed from its own connection.
 * Closing the exchange or its body drops that connection (never drains it: a large or endless
 * body costs nothing once the caller stops reading).
 */
public final class Exchange implements Closeable {

    private final ClassicHttpResponse response;
    private final Closeable connection;
    private final InputStream body;
    private volatile boolean closed;

    public Exchange(ClassicHttpResponse response, Closeable connection) throws IOException {
        this.response = response;
        this.connection = connection;
        var entity = response.getEntity();
        var content = entity == null ? InputStream.nullInputStream() : entity.getContent();
        this.body = new FilterInputStream(content) {
            @Override
            public void close() {
                Exchange.this.close();
            }
        };
    }

    public int status() {
        return response.getCode();
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(response.getFirstHeader(name)).map(Header::getValue);
    }

    public List<String> headers(String name) {
        return Arrays.stream(response.getHeaders(name)).map(Header::getValue).toList();
    }

    /** The body as it comes off the wire (no decompression); closing it closes the exchange. */
    public InputStream body() {
        return body;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                connection.close();
            } catch (IOException | RuntimeException ignored) {
                // dropping the connection: nothing left to tell
            }
        }
    }
}
