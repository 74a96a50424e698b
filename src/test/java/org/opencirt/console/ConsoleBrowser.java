package org.opencirt.console;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A minimal browser without JavaScript for {@code @QuarkusTest}s of the console: keeps cookies per host
 * (Keycloak's are {@code Secure}, which browsers accept on http://localhost, so this jar does too), follows
 * redirects, and logs in through the real Keycloak login form. The Playwright tests drive a real Chromium.
 */
public final class ConsoleBrowser {

    /** A page as received after redirects. */
    public record Page(int status, String url, String body, Map<String, List<String>> headers) {

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst()
                    .map(e -> e.getValue().getFirst())
                    .orElse(null);
        }

        /** The value of the page's CSRF token field (every console page has one in its layout). */
        public String csrf() {
            var m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(body);
            if (!m.find()) {
                throw new AssertionError("no CSRF token on " + url + ":\n" + body);
            }
            return m.group(1);
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    /** A cookie as stored: its value and the path it is sent to. */
    private record Cookie(String value, String path) {}

    private final Map<String, Map<String, Cookie>> cookies = new LinkedHashMap<>();
    /** Every Set-Cookie header received from the service (not Keycloak), in order, redirects included. */
    private final List<String> setCookies = new ArrayList<>();

    private final String base;

    public ConsoleBrowser() {
        this("http://localhost:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class));
    }

    /** A browser for a service at a base URL (a packaged service in an {@code *IT}). */
    public ConsoleBrowser(String base) {
        this.base = base;
    }

    String base() {
        return base;
    }

    /** The last Set-Cookie header the service sent for a cookie (or a chunk of it: {@code name_chunk_1}), with its attributes. */
    String setCookie(String name) {
        return setCookies.reversed().stream()
                .filter(h -> h.startsWith(name + "=") || h.startsWith(name + "_chunk_"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the service never set cookie " + name + ": " + setCookies));
    }

    /** Opens the console, logs in on Keycloak's page with the demo password, and answers the page reached. */
    public Page login(String username) {
        return login(username, "/console");
    }

    public Page login(String username, String path) {
        var loginPage = get(path);
        if (!loginPage.url().contains("/protocol/openid-connect/auth")) {
            throw new AssertionError("expected Keycloak's login page, got " + loginPage.url());
        }
        var m = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"")
                .matcher(loginPage.body());
        if (!m.find()) {
            throw new AssertionError("no login form on Keycloak's page:\n" + loginPage.body());
        }
        var action = m.group(1).replace("&amp;", "&");
        return send(HttpRequest.newBuilder(URI.create(action))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", username, "password", "demo"))))
                .build());
    }

    public Page get(String path) {
        return send(HttpRequest.newBuilder(resolve(path)).GET().build());
    }

    /** Posts a form as a browser would (the caller adds {@code _csrf} when it wants one). */
    public Page post(String path, Map<String, String> fields) {
        return send(HttpRequest.newBuilder(resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)))
                .build());
    }

    /** Posts a multipart form as a browser would, with one file (the caller adds {@code _csrf} when it wants one). */
    Page postFile(String path, Map<String, String> fields, String fileField, String filename, byte[] content) {
        var boundary = "----console-browser-" + java.util.UUID.randomUUID();
        var body = new java.io.ByteArrayOutputStream();
        var text = new StringBuilder();
        fields.forEach((name, value) -> text.append(
                "--%s\r\nContent-Disposition: form-data; name=\"%s\"\r\n\r\n%s\r\n".formatted(boundary, name, value)));
        text.append(
                "--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\nContent-Type: text/plain\r\n\r\n"
                        .formatted(boundary, fileField, filename));
        body.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes("\r\n--%s--\r\n".formatted(boundary).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(resolve(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build());
    }

    /** Posts a form given as ordered pairs (repeated names allowed: bulk selections). */
    Page postPairs(String path, List<Map.Entry<String, String>> fields) {
        var body = fields.stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private URI resolve(String path) {
        return URI.create(path.startsWith("http") ? path : base + path);
    }

    private Page send(HttpRequest request) {
        try {
            var current = request;
            for (int hops = 0; hops < 15; hops++) {
                var withCookies = HttpRequest.newBuilder(current, (n, v) -> true);
                var path = current.uri().getPath() == null
                                || current.uri().getPath().isEmpty()
                        ? "/"
                        : current.uri().getPath();
                var sent = cookies.getOrDefault(current.uri().getHost(), Map.of()).entrySet().stream()
                        .filter(e -> pathMatches(e.getValue().path(), path))
                        .map(e -> e.getKey() + "=" + e.getValue().value())
                        .collect(Collectors.joining("; "));
                if (!sent.isEmpty()) {
                    withCookies.header("Cookie", sent);
                }
                var response =
                        http.send(withCookies.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                store(current.uri(), response.headers().allValues("set-cookie"));
                if (current.uri().toString().startsWith(base)) {
                    setCookies.addAll(response.headers().allValues("set-cookie"));
                }
                var location = response.headers().firstValue("location");
                if (response.statusCode() >= 300 && response.statusCode() < 400 && location.isPresent()) {
                    current = HttpRequest.newBuilder(current.uri().resolve(location.get()))
                            .GET()
                            .build();
                    continue;
                }
                return new Page(
                        response.statusCode(),
                        current.uri().toString(),
                        response.body(),
                        response.headers().map());
            }
            throw new AssertionError("too many redirects from " + request.uri());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void store(URI uri, List<String> setCookies) {
        Map<String, Cookie> jar = cookies.computeIfAbsent(uri.getHost(), h -> new LinkedHashMap<>());
        for (var header : setCookies) {
            var pair = header.split(";", 2)[0];
            var eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            var name = pair.substring(0, eq).trim();
            var value = pair.substring(eq + 1).trim();
            var attributes = header.toLowerCase();
            var expired = attributes.contains("max-age=0") || value.isEmpty();
            var m = Pattern.compile(";\\s*path=([^;]+)", Pattern.CASE_INSENSITIVE)
                    .matcher(header);
            var cookiePath = m.find() ? m.group(1).trim() : defaultPath(uri.getPath());
            if (expired) {
                jar.remove(name);
            } else {
                jar.put(name, new Cookie(value, cookiePath));
            }
        }
    }

    /** RFC 6265 path matching: the cookie path is the request path or a folder above it. */
    private static boolean pathMatches(String cookiePath, String requestPath) {
        if (cookiePath.equals("/") || requestPath.equals(cookiePath)) {
            return true;
        }
        return requestPath.startsWith(cookiePath)
                && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/');
    }

    private static String defaultPath(String requestPath) {
        if (requestPath == null || requestPath.lastIndexOf('/') <= 0) {
            return "/";
        }
        return requestPath.substring(0, requestPath.lastIndexOf('/'));
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
