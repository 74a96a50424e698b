package org.opencirt.feed.fetch;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/** Where requests leave the fetcher ({@code HttpClient::sendAsync}); tests record what was sent. */
@FunctionalInterface
interface HttpSender {

    CompletableFuture<HttpResponse<InputStream>> send(HttpRequest request, HttpResponse.BodyHandler<InputStream> handler);
}
