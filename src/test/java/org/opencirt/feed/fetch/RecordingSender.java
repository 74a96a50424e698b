package org.opencirt.feed.fetch;

import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The fetcher's own HttpClient, noting every URL a request was sent to. Also a fence: only
 * requests to 127.0.0.1 go out; any other is noted and fails without a packet (no DNS lookup,
 * no connection), so a regression in the destination check shows up as a failed assertion on
 * {@link #sent}, never as traffic.
 */
final class RecordingSender implements HttpSender {

    final List<URI> sent = new CopyOnWriteArrayList<>();
    private final HttpClient client;

    RecordingSender() {
        this(FeedFetcher.client(Duration.ofSeconds(5)));
    }

    RecordingSender(HttpClient client) {
        this.client = client;
    }

    @Override
    public CompletableFuture<HttpResponse<InputStream>> send(HttpRequest request,
            HttpResponse.BodyHandler<InputStream> handler) {
        sent.add(request.uri());
        if (!"127.0.0.1".equals(request.uri().getHost())) {
            return CompletableFuture.failedFuture(new ConnectException("test fence: not sent to " + request.uri()));
        }
        return client.sendAsync(request, handler);
    }
}
