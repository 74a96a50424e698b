package org.opencirt.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The packaged service ({@code target/quarkus-app}) started as a process against the local stack,
 * for the {@code *IT} tests: its own database and index prefix, its log in {@code target/}.
 */
public final class PackagedService implements AutoCloseable {

    public static final String PG_PORT = System.getenv().getOrDefault("OPENCIRT_PG_PORT", "15432");
    public static final String ES_PORT = System.getenv().getOrDefault("OPENCIRT_ES_PORT", "19200");
    public static final String KC_PORT = System.getenv().getOrDefault("OPENCIRT_KC_PORT", "18180");

    private final int port;
    private final Process process;

    private PackagedService(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /**
     * Starts the service on a port with a database and index prefix, and more settings as system
     * properties; does not wait for it ({@link #awaitReady()}).
     */
    public static PackagedService start(int port, String database, String indexPrefix, Map<String, String> settings)
            throws IOException {
        var root = root();
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<>(List.of(
                java,
                "-Dquarkus.profile=it",
                "-Dquarkus.http.port=" + port,
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:%s/%s".formatted(PG_PORT, database),
                // the test key store, which every installation of the tests shares: a CIRT's key is its key
                "-Dquarkus.datasource.keys.jdbc.url=jdbc:postgresql://127.0.0.1:%s/opencirt_test_keys"
                        .formatted(PG_PORT),
                "-Dopencirt.search.index-prefix=" + indexPrefix,
                "-Dopencirt.warninglists.dir=" + root.resolve("threat-feeds/warninglists")));
        new TreeMap<>(settings).forEach((name, value) -> command.add("-D%s=%s".formatted(name, value)));
        command.addAll(List.of(
                "-jar", root.resolve("target/quarkus-app/quarkus-run.jar").toString()));
        var log = root.resolve("target/it-instance-%d.log".formatted(port)).toFile();
        var process = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                .start();
        return new PackagedService(port, process);
    }

    public static Path root() {
        return Path.of(System.getProperty("user.dir"));
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** Waits until readiness answers 200 (the log is in {@code target/it-instance-PORT.log}). */
    public PackagedService awaitReady() {
        var http = HttpClient.newHttpClient();
        var ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:%d/q/health/ready".formatted(port)))
                .timeout(Duration.ofSeconds(10))
                .build();
        await("instance on port %d ready (see target/it-instance-%d.log)".formatted(port, port))
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(IOException.class)
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("instance on port %d exited with %d (see target/it-instance-%d.log)"
                                .formatted(port, process.exitValue(), port));
                    }
                    return http.send(ready, HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200;
                });
        return this;
    }

    /** Kills the process as {@code kill -9} does: nothing in it runs again, no shutdown hook. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Stops the process as an orchestrator does (SIGTERM), then kills it if it does not end. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** Drops and creates an empty database owned by the service's role. */
    public static void recreateDatabase(String database) throws SQLException {
        dropDatabase(database);
        try (var admin = admin();
                var statement = admin.createStatement()) {
            statement.execute("create database " + database + " owner opencirt");
        }
    }

    /** Drops a database, closing its connections (a wiped server, for a restore). */
    public static void dropDatabase(String database) throws SQLException {
        try (var admin = admin();
                var statement = admin.createStatement()) {
            statement.execute("drop database if exists " + database + " with (force)");
        }
    }

    /** Whether a database exists. */
    public static boolean databaseExists(String database) throws SQLException {
        try (var admin = admin();
                var statement = admin.prepareStatement("select 1 from pg_database where datname = ?")) {
            statement.setString(1, database);
            try (var rows = statement.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static Connection admin() throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:%s/postgres".formatted(PG_PORT), "postgres", "");
    }

    /** Deletes the indices under a prefix, by name (the stack's Elasticsearch refuses wildcard deletes). */
    public static void deleteIndices(String prefix) throws IOException, InterruptedException {
        var http = HttpClient.newHttpClient();
        var es = "http://127.0.0.1:" + ES_PORT;
        var list = http.send(
                HttpRequest.newBuilder(URI.create("%s/_cat/indices/%s-*?format=json&h=index".formatted(es, prefix)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        for (var index : new ObjectMapper().readTree(list.body())) {
            var deleted = http.send(
                    HttpRequest.newBuilder(
                                    URI.create(es + "/" + index.path("index").asText()))
                            .DELETE()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            if (deleted.statusCode() != 200) {
                throw new IllegalStateException("index %s not deleted: %d".formatted(index, deleted.statusCode()));
            }
        }
    }

    /** A connection to a database as the service's role. */
    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:%s/%s".formatted(PG_PORT, database), "opencirt", "opencirt");
    }
}
