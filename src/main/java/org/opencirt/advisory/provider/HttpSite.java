package org.opencirt.advisory.provider;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * A provider's web server over HTTP(S) with the JDK's client: redirects are not followed (the
 * checker records them), each file is limited in size and time, and a bearer token (for TLP:AMBER
 * and RED folders) is sent only when asked for.
 */
public final class HttpSite implements Site {

    /** The largest file read; CSAF documents of tens of megabytes exist, ROLIE feeds of large vendors too. */
    public static final int MAX_BYTES = 64 * 1024 * 1024;

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;
    private final String token;

    /**
     * @param tls   the TLS context (trust store) to use, or null for the JDK's default
     * @param token a bearer token for protected folders, or null
     */
    public HttpSite(SSLContext tls, String token) {
        var builder = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10));
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.client = builder.build();
        this.token = token == null || token.isBlank() ? null : token;
    }

    @Override
    public Answer get(URI url, boolean credentials) throws IOException {
        var request = HttpRequest.newBuilder(url)
                .timeout(TIMEOUT)
                .header("User-Agent", "OpenCIRT-CSAF-check")
                .GET();
        if (credentials && token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            var response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (var in = response.body()) {
                var body = in.readNBytes(MAX_BYTES + 1);
                if (body.length > MAX_BYTES) {
                    throw new IOException("more than " + MAX_BYTES + " bytes");
                }
                return new Answer(
                        url,
                        response.statusCode(),
                        response.headers().firstValue("Location").orElse(null),
                        response.headers().firstValue("Content-Type").orElse(""),
                        body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
