package org.opencirt.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.Api;

/**
 * Definitions a CIRT sends through the API name only its own CIRT's secrets ({@code secret:NAME}):
 * never the service's environment or files, which stay for the platform's own definition files.
 */
@QuarkusTest
class SecretReferencesApiTest {

    private static HttpServer server;
    private static final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startFeedServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            var body = "198.51.100.61\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterAll
    static void stopFeedServer() {
        server.stop(0);
    }

    private static String feed(String id, String valueFrom) {
        return """
                id: %s
                name: Partner list %s
                url: http://127.0.0.1:%d/list.txt
                format: plain-list
                auth: {header: Authorization, value-from: "%s"}
                """.formatted(id, id, server.getAddress().getPort(), valueFrom);
    }

    private static String newId() {
        return "ref-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void refusedWithPointer(io.restassured.response.Response response, String pointer) {
        response.then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo(pointer));
    }

    @Test
    void anApiFeedNamingAFileOfTheServerIsRefusedWithAPointer() {
        var id = newId();
        refusedWithPointer(
                Api.asUser("ab-admin")
                        .contentType("application/yaml")
                        .body(feed(id, "file:/proc/self/environ"))
                        .post("/api/v1/feeds"),
                "/auth/value-from");
        Api.asUser("ab-admin").get("/api/v1/feeds/" + id).then().statusCode(404);
    }

    @Test
    void anApiFeedNamingTheServicesEnvironmentIsRefusedWithAPointer() {
        var id = newId();
        refusedWithPointer(
                Api.asUser("ab-admin")
                        .contentType("application/yaml")
                        .body(feed(id, "env:OPENCIRT_SIGNING_KEK"))
                        .post("/api/v1/feeds"),
                "/auth/value-from");
        Api.asUser("ab-admin").get("/api/v1/feeds/" + id).then().statusCode(404);
        // nor can an existing feed be changed to name it
        Api.asUser("ab-admin")
                .body("{\"value\": \"partner-token\"}")
                .put("/api/v1/secrets/partner-token")
                .then()
                .statusCode(oneOf());
        Api.asUser("ab-admin")
                .contentType("application/yaml")
                .body(feed(id, "secret:partner-token"))
                .post("/api/v1/feeds")
                .then()
                .statusCode(201);
        refusedWithPointer(
                Api.asUser("ab-admin")
                        .contentType("application/yaml")
                        .body(feed(id, "env:OPENCIRT_DB_PASSWORD"))
                        .put("/api/v1/feeds/" + id),
                "/auth/value-from");
    }

    @Test
    void anApiFeedNamingASecretItsCirtDoesNotHaveIsRefused() {
        var name = "ab-key-" + UUID.randomUUID().toString().substring(0, 8);
        Api.asUser("ab-admin")
                .body("{\"value\": \"only-for-ab\"}")
                .put("/api/v1/secrets/" + name)
                .then()
                .statusCode(201);
        // another CIRT's secret of that name does not exist for CERT-CD
        refusedWithPointer(
                Api.asUser("cd-admin")
                        .contentType("application/yaml")
                        .body(feed(newId(), "secret:" + name))
                        .post("/api/v1/feeds"),
                "/auth/value-from");
    }

    @Test
    void aCirtFeedSendsItsCirtsSecretAndFailsCleanlyOnceTheSecretIsDeleted() {
        var name = "feed-key-" + UUID.randomUUID().toString().substring(0, 8);
        var value = "Bearer feed-" + UUID.randomUUID();
        Api.asUser("ab-admin")
                .body("{\"value\": \"%s\"}".formatted(value))
                .put("/api/v1/secrets/" + name)
                .then()
                .statusCode(201);
        var id = newId();
        Api.asUser("ab-admin")
                .contentType("application/yaml")
                .body(feed(id, "secret:" + name))
                .post("/api/v1/feeds")
                .then()
                .statusCode(201);

        var run = runAndWait(id);
        assertThat(run.getString("status")).isEqualTo("succeeded");
        assertThat(authorizations).contains(value);
        Api.asUser("ab-admin")
                .get("/api/v1/secrets")
                .then()
                .body("find { it.name == '%s' }.lastUsedAt".formatted(name), notNullValue());

        Api.asUser("ab-admin").delete("/api/v1/secrets/" + name).then().statusCode(204);
        var failed = runAndWait(id);
        assertThat(failed.getString("status")).isEqualTo("failed");
        assertThat(failed.getString("errorCode")).isEqualTo("secret-missing");
        assertThat(failed.getString("error")).contains(name);
    }

    @Test
    void anApiPlaybookWebhookNamingTheServicesEnvironmentIsRefusedWithAPointer() {
        var id = "hook-" + UUID.randomUUID().toString().substring(0, 8);
        var yaml = """
                id: %s
                name: Hook
                version: 1
                trigger: incident.created
                when: "true"
                actions:
                  - add-tags: {tags: [hooked]}
                  - notify: {webhook: {url: "https://hooks.example.org/in", secret: "%s"}}
                """;
        Api.asUser("ab-admin")
                .contentType("application/yaml")
                .body(yaml.formatted(id, "env:OPENCIRT_SIGNING_KEK"))
                .post("/api/v1/playbooks")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/actions/1/notify/webhook/secret"))
                .body("errors[0].message", containsString("secret:NAME"));
        Api.asUser("ab-admin")
                .contentType("application/yaml")
                .body(yaml.formatted(id, "secret:no-such-secret"))
                .post("/api/v1/playbooks")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/actions/1/notify/webhook/secret"));
        Api.asUser("ab-admin").get("/api/v1/playbooks/" + id).then().statusCode(404);
    }

    private static org.hamcrest.Matcher<Integer> oneOf() {
        return org.hamcrest.Matchers.oneOf(200, 201);
    }

    private static JsonPath runAndWait(String feedId) {
        var run = Api.asUser("ab-admin")
                .post("/api/v1/feeds/%s/runs".formatted(feedId))
                .then()
                .statusCode(202)
                .extract()
                .jsonPath();
        var url = "/api/v1/feeds/%s/runs/%s".formatted(feedId, run.getString("id"));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !"running"
                        .equals(Api.asUser("ab-admin").get(url).then().extract().path("status")));
        return Api.asUser("ab-admin").get(url).then().statusCode(200).extract().jsonPath();
    }
}
