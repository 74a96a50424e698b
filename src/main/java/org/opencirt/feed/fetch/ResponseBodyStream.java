package org.opencirt.feed.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.opencirt.feed.fetch.FetchException.Reason;

/**
 * The response body as a blocking stream whose every wait ends at the fetch's deadline (the JDK's
 * {@code BodyHandlers.ofInputStream()} waits without a limit). Demand is one buffer list at a
 * time; {@link #close()} cancels the subscription, so the HttpClient drops the connection instead
 * of keeping it busy.
 */
final class ResponseBodyStream extends InputStream implements HttpResponse.BodySubscriber<InputStream> {

    private static final Object END = new Object();
    private static final Object WAKE_UP = new Object();

    private record Failure(Throwable error) {
    }

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Object lock = new Object();
    private final String source;
    private volatile Deadline deadline;
    private Flow.Subscription subscription; // guarded by lock
    private volatile boolean closed;
    private Iterator<ByteBuffer> buffers;
    private ByteBuffer current;
    private boolean ended;

    ResponseBodyStream(Deadline deadline, String source) {
        this.deadline = deadline;
        this.source = source;
    }

    /** Waits no longer than {@code earlier} from now on. */
    void limitWaitsTo(Deadline earlier) {
        this.deadline = earlier;
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedStage(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        Objects.requireNonNull(s);
        boolean cancel;
        synchronized (lock) {
            cancel = closed || subscription != null;
            if (!cancel) {
                subscription = s;
            }
        }
        if (cancel) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        if (!closed) {
            queue.add(item);
        }
    }

    @Override
    public void onError(Throwable error) {
        terminated();
        queue.add(new Failure(error));
    }

    @Override
    public void onComplete() {
        terminated();
        queue.add(END);
    }

    /** After the end there is nothing to cancel: a complete body leaves its connection reusable. */
    private void terminated() {
        synchronized (lock) {
            subscription = null;
        }
    }

    @Override
    public int read() throws IOException {
        var buffer = current();
        return buffer == null ? -1 : buffer.get() & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        var buffer = current();
        if (buffer == null) {
            return -1;
        }
        var n = Math.min(len, buffer.remaining());
        buffer.get(b, off, n);
        return n;
    }

    @Override
    public int available() {
        if (closed) {
            return 0;
        }
        var buffer = current;
        if (buffer != null && buffer.hasRemaining()) {
            return buffer.remaining();
        }
        return buffers != null && buffers.hasNext() || queue.peek() instanceof List<?> ? 1 : 0;
    }

    /** The buffer to read from, or null at the end of the body. */
    private ByteBuffer current() throws IOException {
        while (current == null || !current.hasRemaining()) {
            if (closed) {
                throw new IOException("the body of %s was closed".formatted(source));
            }
            if (buffers != null && buffers.hasNext()) {
                current = buffers.next();
                continue;
            }
            if (ended) {
                return null;
            }
            var item = take();
            if (item == END) {
                ended = true;
            } else if (item instanceof Failure failure) {
                ended = true;
                var reason = failure.error() instanceof HttpTimeoutException ? Reason.TIMEOUT : Reason.IO;
                throw new FetchException(reason, "reading the body of %s failed: %s".formatted(source, failure.error()),
                        failure.error());
            } else if (item instanceof List<?> list) {
                @SuppressWarnings("unchecked")
                var next = (List<ByteBuffer>) list;
                buffers = next.iterator();
                Flow.Subscription s;
                synchronized (lock) {
                    s = subscription;
                }
                if (s != null) {
                    s.request(1);
                }
            }
        }
        return current;
    }

    private Object take() throws IOException {
        var d = deadline;
        var remaining = d.remainingNanos();
        if (remaining <= 0) {
            close();
            throw d.timeout("reading the body of " + source);
        }
        Object item;
        try {
            item = queue.poll(remaining, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new FetchException(Reason.IO, "interrupted while reading the body of " + source, e);
        }
        if (item == null) {
            close();
            throw d.timeout("reading the body of " + source);
        }
        return item;
    }

    @Override
    public void close() {
        Flow.Subscription s;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            s = subscription;
            subscription = null;
        }
        if (s != null) {
            s.cancel();
        }
        queue.clear();
        queue.add(WAKE_UP); // a reader blocked in another thread sees the close at once
    }
}
