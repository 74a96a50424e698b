package org.opencirt.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A feed publisher on 127.0.0.1 standing in for a remote feed server: serves one body with an
 * ETag, answers 304 to a matching If-None-Match, and records the requests it got.
 */
public final class LocalFeedServer implements AutoCloseable {

    private final HttpServer server;
    private volatile byte[] body = new byte[0];
    private volatile String etag = "\"v1\"";
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private final ExecutorService executor = Executors.newCachedThreadPool();

    public LocalFeedServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " if-none-match="
                    + exchange.getRequestHeaders().getFirst("If-None-Match"));
            try {
                // held requests wait until released (bounded, so that a forgotten release ends too)
                gate.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                exchange.sendResponseHeaders(304, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("ETag", etag);
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** Serves new content under a new ETag. */
    public void serve(String content, String newEtag) {
        this.body = content.getBytes(StandardCharsets.UTF_8);
        this.etag = newEtag;
    }

    /** Holds every request from now on without answering, until {@link #release()}: a feed run that stays going. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    /** Answers the held requests, and the next ones at once. */
    public void release() {
        gate.countDown();
    }

    public String url(String path) {
        return "http://127.0.0.1:%d%s".formatted(server.getAddress().getPort(), path);
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }
}
