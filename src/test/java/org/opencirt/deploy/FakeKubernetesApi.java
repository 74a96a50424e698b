package org.opencirt.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Just enough of the Kubernetes API for Helm's {@code lookup} of a Secret: discovery of the core
 * group and GET of one Secret. helm-java's template asks the cluster of {@code $KUBECONFIG}
 * (there is no client-only mode in it), so the tests point KUBECONFIG (set by Surefire) at this
 * server, which also lets them show that a Secret already in the cluster is kept.
 */
final class FakeKubernetesApi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, Map<String, Object>> secrets = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();

    private FakeKubernetesApi(HttpServer server) {
        this.server = server;
    }

    /** Starts the server on a free loopback port and writes the kubeconfig that names it. */
    static FakeKubernetesApi start(Path kubeconfig) throws IOException {
        var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        var api = new FakeKubernetesApi(server);
        server.createContext("/", api::handle);
        server.start();
        Files.createDirectories(kubeconfig.getParent());
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: fake
                    cluster:
                      server: http://127.0.0.1:%d
                users:
                  - name: fake
                    user: {}
                contexts:
                  - name: fake
                    context: {cluster: fake, user: fake}
                current-context: fake
                """.formatted(server.getAddress().getPort()));
        return api;
    }

    /** Puts a Secret (data already base64) into the namespace. */
    void putSecret(String namespace, String name, Map<String, String> data) {
        secrets.put(
                namespace + "/" + name,
                Map.of(
                        "apiVersion", "v1",
                        "kind", "Secret",
                        "metadata", Map.of("name", name, "namespace", namespace),
                        "type", "Opaque",
                        "data", data));
    }

    void clear() {
        secrets.clear();
        requests.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            var path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, status(405, "MethodNotAllowed"));
                return;
            }
            var parts = path.split("/");
            if (path.equals("/api")) {
                send(exchange, 200, Map.of("kind", "APIVersions", "versions", List.of("v1")));
            } else if (path.equals("/apis")) {
                send(exchange, 200, Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", List.of()));
            } else if (path.equals("/api/v1")) {
                send(
                        exchange,
                        200,
                        Map.of(
                                "kind",
                                "APIResourceList",
                                "groupVersion",
                                "v1",
                                "resources",
                                List.of(Map.of(
                                        "name",
                                        "secrets",
                                        "singularName",
                                        "secret",
                                        "namespaced",
                                        true,
                                        "kind",
                                        "Secret",
                                        "verbs",
                                        List.of("get", "list")))));
            } else if (parts.length == 7 && path.startsWith("/api/v1/namespaces/") && parts[5].equals("secrets")) {
                var secret = secrets.get(parts[4] + "/" + parts[6]);
                if (secret == null) {
                    send(exchange, 404, status(404, "NotFound"));
                } else {
                    send(exchange, 200, secret);
                }
            } else {
                send(exchange, 404, status(404, "NotFound"));
            }
        }
    }

    private static Map<String, Object> status(int code, String reason) {
        return Map.of("kind", "Status", "apiVersion", "v1", "status", "Failure", "reason", reason, "code", code);
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        var bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
