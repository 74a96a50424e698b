package org.opencirt.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** HTTP/1.1 on loopback with the JDK client, and the analyst's access token. */
final class Http {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final ObjectMapper json = new ObjectMapper();

    record Answer(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    Answer send(HttpRequest request) throws IOException, InterruptedException {
        var response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), response.body());
    }

    Answer get(String url) throws IOException, InterruptedException {
        return send(
                HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build());
    }

    Answer postJson(String url, String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    JsonNode read(Answer answer) throws IOException {
        return json.readTree(answer.body());
    }

    /**
     * The access token of a user, from Keycloak's password grant. Keycloak's tokens live 300 s:
     * a fresh one is fetched when the current one is older than 240 s.
     */
    final class Tokens {
        private static final long REFRESH_AFTER_NANOS = Duration.ofSeconds(240).toNanos();

        private final String tokenUrl;
        private final String form;
        private volatile String token;
        private volatile long fetchedAt;

        Tokens(String tokenUrl, String clientId, String user, String password) {
            this(
                    tokenUrl,
                    "grant_type=password&client_id=" + enc(clientId) + "&username=" + enc(user) + "&password="
                            + enc(password));
        }

        private Tokens(String tokenUrl, String form) {
            this.tokenUrl = tokenUrl;
            this.form = form;
        }

        String bearer() throws IOException, InterruptedException {
            var current = token;
            if (current == null || System.nanoTime() - fetchedAt > REFRESH_AFTER_NANOS) {
                synchronized (this) {
                    if (token == null || System.nanoTime() - fetchedAt > REFRESH_AFTER_NANOS) {
                        token = fetch();
                        fetchedAt = System.nanoTime();
                    }
                    current = token;
                }
            }
            return "Bearer " + current;
        }

        private String fetch() throws IOException, InterruptedException {
            var answer = send(HttpRequest.newBuilder(URI.create(tokenUrl))
                    .timeout(TIMEOUT)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form))
                    .build());
            if (answer.status() != 200) {
                throw new IOException("Keycloak answered " + answer.status() + " to the token request at " + tokenUrl
                        + ": " + answer.text());
            }
            return read(answer).path("access_token").asText();
        }
    }

    /** The access tokens of a confidential client, from Keycloak's client credentials grant (a partner's machine client). */
    Tokens clientCredentials(String tokenUrl, String clientId, String clientSecret) {
        return new Tokens(
                tokenUrl,
                "grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(clientSecret));
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
