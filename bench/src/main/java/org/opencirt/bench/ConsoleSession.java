package org.opencirt.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A console login as a browser without JavaScript does it: the service redirects to Keycloak's login page, the
 * form is posted, the code comes back, the session cookie is kept. Keycloak's cookies are {@code Secure}, which
 * browsers accept on http://localhost; this jar does too.
 */
final class ConsoleSession {

    /** A page: status, body, and the server's own time from {@code Server-Timing} (ms, -1 when absent). */
    record Page(int status, String url, String body, double serverMillis) {}

    private static final Pattern TIMING = Pattern.compile("app;dur=([0-9.]+)");

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final Map<String, String> cookies = new LinkedHashMap<>();

    void login(String consoleUrl, String user, String password) throws IOException, InterruptedException {
        var page = get(consoleUrl);
        var m = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"")
                .matcher(page.body());
        if (!m.find()) {
            throw new IllegalStateException("no Keycloak login form at " + page.url() + " (status " + page.status()
                    + "): is http://localhost:PORT/* a redirect URI of opencirt-console in the running Keycloak?");
        }
        var form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        var done = send(HttpRequest.newBuilder(URI.create(m.group(1).replace("&amp;", "&")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build());
        if (done.status() != 200 || !done.url().startsWith(consoleUrl)) {
            throw new IllegalStateException("console login failed: " + done.status() + " at " + done.url());
        }
    }

    Page get(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    private Page send(HttpRequest request) throws IOException, InterruptedException {
        var current = request;
        for (int hops = 0; hops < 15; hops++) {
            var builder = HttpRequest.newBuilder(current, (n, v) -> true).timeout(Http.TIMEOUT);
            if (!cookies.isEmpty()) {
                builder.header(
                        "Cookie",
                        cookies.entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining("; ")));
            }
            var response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            store(response.headers().allValues("set-cookie"));
            var location = response.headers().firstValue("location");
            if (response.statusCode() >= 300 && response.statusCode() < 400 && location.isPresent()) {
                current = HttpRequest.newBuilder(current.uri().resolve(location.get()))
                        .GET()
                        .build();
                continue;
            }
            var timing = response.headers()
                    .firstValue("server-timing")
                    .map(TIMING::matcher)
                    .filter(java.util.regex.Matcher::find)
                    .map(t -> Double.parseDouble(t.group(1)))
                    .orElse(-1.0);
            return new Page(response.statusCode(), current.uri().toString(), response.body(), timing);
        }
        throw new IllegalStateException("too many redirects from " + request.uri());
    }

    private void store(List<String> setCookies) {
        for (var header : setCookies) {
            var pair = header.split(";", 2)[0];
            var eq = pair.indexOf('=');
            if (eq > 0) {
                var value = pair.substring(eq + 1).trim();
                if (value.isEmpty() || header.toLowerCase().contains("max-age=0")) {
                    cookies.remove(pair.substring(0, eq).trim());
                } else {
                    cookies.put(pair.substring(0, eq).trim(), value);
                }
            }
        }
    }
}
