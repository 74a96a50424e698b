package org.opencirt.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.opencirt.console.ConsoleBrowser;
import org.opencirt.console.ConsoleRealm;
import org.opencirt.testing.Api;
import org.opencirt.testing.Tokens;

/**
 * A run's error, its history, its invalid-entry samples, the console's run page and the log
 * never hold a credential, a header, a file's content or a raw exception message: a distinctive
 * secret value is sent to a server that answers an error echoing the request's headers, and a
 * platform feed names a credential file whose content a header cannot carry (the JDK's refusal
 * quotes it); the value is then looked for everywhere.
 */
@QuarkusTest
@TestProfile(SanitisedRunErrorsTest.PlatformFeedWithACredentialFile.class)
class SanitisedRunErrorsTest {

    /** Where the profile writes the platform feed's definition and its credential file. */
    static final Path FOLDER = Path.of("target/sanitised-run-errors").toAbsolutePath();

    static final String PLATFORM_FEED = "platform-credential-file";

    /** A platform feed (a file the operator controls) whose credential comes from a file. */
    public static class PlatformFeedWithACredentialFile implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(FOLDER.resolve("feeds"));
                var credential = FOLDER.resolve("credential.txt");
                // a line break inside: no header can carry it (refused before any connection; the port is an
                // allowed one so that the destination check passes first)
                Files.writeString(credential, "FILE-CANARY-" + UUID.randomUUID() + "\r\nX-Injected: yes\n");
                Files.writeString(FOLDER.resolve("feeds/platform.yaml"), """
                        id: %s
                        name: Platform feed with a credential file
                        url: http://127.0.0.1:1029/list.txt
                        format: plain-list
                        auth: {header: Authorization, value-from: "file:%s"}
                        """.formatted(PLATFORM_FEED, credential));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("opencirt.feeds.extra-dirs", "threat-feeds/demo," + FOLDER.resolve("feeds"));
        }
    }

    private static HttpServer echo;
    private static final ConcurrentLinkedQueue<String> log = new ConcurrentLinkedQueue<>();
    private static final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            var text = new StringWriter();
            text.append(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
            if (record.getThrown() != null) {
                record.getThrown().printStackTrace(new PrintWriter(text));
            }
            log.add(text.toString());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @Inject
    Keycloak keycloak;

    @BeforeAll
    static void startEchoingServerAndCaptureTheLog() throws IOException {
        Logger.getLogger("").addHandler(capture);
        echo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        echo.createContext("/", exchange -> {
            // what careless servers do: answer an error that quotes the request's headers
            var body = ("Unauthorized. You sent: " + exchange.getRequestHeaders()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        echo.start();
    }

    @AfterAll
    static void stop() {
        echo.stop(0);
        Logger.getLogger("").removeHandler(capture);
    }

    @BeforeEach
    void realmKnowsTheTestPort() {
        ConsoleRealm.syncFromRealmFile(keycloak);
    }

    @Test
    void aCredentialEchoedInAnErrorBodyAppearsNowhere() {
        var value = "SECRET-CANARY-" + UUID.randomUUID();
        var name = "echoed-" + UUID.randomUUID().toString().substring(0, 8);
        Api.asUser("ab-admin")
                .body("{\"value\": \"%s\"}".formatted(value))
                .put("/api/v1/secrets/" + name)
                .then()
                .statusCode(201);
        var id = "echo-" + UUID.randomUUID().toString().substring(0, 8);
        Api.asUser("ab-admin")
                .contentType("application/yaml")
                .body("""
                id: %s
                name: Echoing feed
                url: http://127.0.0.1:%d/list.txt
                format: plain-list
                auth: {header: Authorization, value-from: "secret:%s"}
                """.formatted(id, echo.getAddress().getPort(), name))
                .post("/api/v1/feeds")
                .then()
                .statusCode(201);

        var admin = Tokens.user("ab-admin");
        var run = runAndWait(admin, id);
        assertThat(run.getString("status")).isEqualTo("failed");
        assertThat(run.getString("errorCode")).isEqualTo("fetch-http-status");
        assertThat(run.getString("error")).isEqualTo("the server answered HTTP 401");

        assertAppearsNowhere(value, admin, id, run.getString("id"), "ab-analyst");
    }

    @Test
    void theContentOfAPlatformFeedsCredentialFileAppearsNowhere() throws IOException {
        var content = Files.readString(FOLDER.resolve("credential.txt")).strip();
        var canary = content.substring(0, content.indexOf('\r'));
        var admin = Tokens.user("platform-admin");
        var run = runAndWait(admin, PLATFORM_FEED);
        assertThat(run.getString("status")).isEqualTo("failed");
        assertThat(run.getString("errorCode")).isEqualTo("fetch-bad-url");

        assertAppearsNowhere(canary, admin, PLATFORM_FEED, run.getString("id"), "cd-analyst");
    }

    private void assertAppearsNowhere(String value, String token, String feed, String runId, String consoleUser) {
        var runs = "/api/v1/feeds/%s/runs".formatted(feed);
        assertThat(Api.as(token)
                        .get(runs + "/" + runId)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .doesNotContain(value);
        assertThat(Api.as(token).get(runs).then().statusCode(200).extract().asString())
                .contains(runId)
                .doesNotContain(value);
        assertThat(Api.as(token)
                        .get("/api/v1/feeds/" + feed)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .doesNotContain(value);

        var browser = new ConsoleBrowser();
        var page = browser.login(consoleUser, "/console/feeds/%s/runs/%s".formatted(feed, runId));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("failed").doesNotContain(value);
        assertThat(browser.get("/console/feeds/" + feed).body()).doesNotContain(value);
        assertThat(browser.get("/console/feeds").body()).doesNotContain(value);

        assertThat(log).as("the captured log").isNotEmpty().noneMatch(line -> line.contains(value));
    }

    private static JsonPath runAndWait(String token, String feedId) {
        var run = Api.as(token)
                .post("/api/v1/feeds/%s/runs".formatted(feedId))
                .then()
                .statusCode(202)
                .extract()
                .jsonPath();
        var url = "/api/v1/feeds/%s/runs/%s".formatted(feedId, run.getString("id"));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !"running"
                        .equals(Api.as(token).get(url).then().extract().path("status")));
        return Api.as(token).get(url).then().statusCode(200).extract().jsonPath();
    }
}
