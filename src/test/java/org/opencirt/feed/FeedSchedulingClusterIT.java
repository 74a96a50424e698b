package org.opencirt.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances of the packaged service share one database. A feed scheduled every four seconds
 * must run once per firing, not once per instance: Quartz's clustered job store on PostgreSQL.
 */
class FeedSchedulingClusterIT {

    private static final String PG_PORT = System.getenv().getOrDefault("OPENCIRT_PG_PORT", "15432");
    private static final String DATABASE = "opencirt_it";
    private final List<Process> instances = new ArrayList<>();

    @AfterEach
    void stopInstances() throws InterruptedException {
        for (var instance : instances) {
            instance.destroy();
        }
        for (var instance : instances) {
            if (!instance.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                instance.destroyForcibly();
            }
        }
    }

    @Test
    void aScheduledFeedRunsOncePerFiringWithTwoInstances() throws Exception {
        recreateDatabase();
        var root = Path.of(System.getProperty("user.dir"));
        var feeds = Files.createDirectories(root.resolve("target/it-feeds"));
        Files.writeString(feeds.resolve("every-four-seconds.yaml"), """
                id: every-four-seconds
                name: Scheduled sample
                url: file:openphish.txt
                format: openphish
                enabled: true
                schedule: "0/4 * * * * ?"
                scope: global
                """);
        var started = Instant.now();
        instances.add(start(root, 18391, feeds));
        instances.add(start(root, 18392, feeds));
        awaitReady(18391);
        awaitReady(18392);
        assertThat(count("select count(*) from qrtz_scheduler_state")).isEqualTo(2);

        // Quartz fires on the wall clock of two real processes: wait for five firings, however long the machine takes
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> runsPerFiring().size() >= 5);
        var perFiring = runsPerFiring();
        // the newest firing may still be starting on the other instance; every earlier one has finished starting
        perFiring.remove(perFiring.lastKey());
        assertThat(perFiring.values())
                .as("runs per firing since %s: %s", started, perFiring)
                .containsOnly(1);
    }

    /** The scheduled runs of the feed by firing (its four-second slot), oldest first. */
    private static TreeMap<Long, Integer> runsPerFiring() throws SQLException {
        var perFiring = new TreeMap<Long, Integer>();
        try (var db = connect();
                var rows = db.createStatement()
                        .executeQuery(
                                "select started_at from feed_run where feed_id = 'every-four-seconds' and trigger = 'schedule'")) {
            while (rows.next()) {
                var slot = rows.getTimestamp(1).toInstant().getEpochSecond() / 4;
                perFiring.merge(slot, 1, Integer::sum);
            }
        }
        return perFiring;
    }

    private static Process start(Path root, int port, Path feeds) throws Exception {
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var log = root.resolve("target/it-instance-%d.log".formatted(port)).toFile();
        return new ProcessBuilder(
                        java,
                        "-Dquarkus.profile=it",
                        "-Dquarkus.http.port=" + port,
                        "-Dquarkus.http.host=127.0.0.1",
                        "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:%s/%s".formatted(PG_PORT, DATABASE),
                        "-Dopencirt.search.index-prefix=opencirt-it",
                        "-Dopencirt.feeds.definitions-dir=" + feeds,
                        "-Dopencirt.feeds.file-root=" + root.resolve("threat-feeds/samples"),
                        "-Dopencirt.warninglists.dir=" + root.resolve("threat-feeds/warninglists"),
                        "-jar",
                        root.resolve("target/quarkus-app/quarkus-run.jar").toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
    }

    private static void awaitReady(int port) {
        var http = HttpClient.newHttpClient();
        var ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:%d/q/health/ready".formatted(port)))
                .build();
        await("instance on port %d ready (see target/it-instance-%d.log)".formatted(port, port))
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptionsInstanceOf(java.io.IOException.class)
                .until(() ->
                        http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    private static void recreateDatabase() throws SQLException {
        try (var admin = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:%s/postgres".formatted(PG_PORT), "postgres", "")) {
            admin.createStatement().execute("drop database if exists " + DATABASE + " with (force)");
            admin.createStatement().execute("create database " + DATABASE + " owner opencirt");
        }
    }

    private static java.sql.Connection connect() throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:%s/%s".formatted(PG_PORT, DATABASE), "opencirt", "opencirt");
    }

    private static long count(String sql) throws SQLException {
        try (var db = connect();
                var rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
