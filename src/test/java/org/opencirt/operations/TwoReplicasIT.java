package org.opencirt.operations;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.opencirt.console.ConsoleBrowser;
import org.opencirt.testing.LocalFeedServer;
import org.opencirt.testing.PackagedService;

/**
 * Two processes of the packaged service on one stack, as two replicas behind a load balancer:
 * they migrate the schema once, run each feed once at a time and each scheduled firing once, take
 * over the feed runs of a replica killed with {@code kill -9}, create one incident per
 * idempotency key, accept each other's console sessions and CSRF tokens, count rate limits once,
 * and index every incident exactly once.
 *
 * <p>Replica A listens on 8095, a port the local realm lists as a console redirect URI; both have
 * A's public URL, as behind one load balancer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoReplicasIT {

    private static final String DATABASE = "opencirt_it_replicas";
    private static final String INDEX_PREFIX = "opencirt-it-replicas";
    private static final int PORT_A = 8095;
    private static final int PORT_B = 18394;
    private static final String ES = "http://127.0.0.1:" + PackagedService.ES_PORT;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<Integer, PackagedService> replicas = new TreeMap<>();
    private LocalFeedServer slowFeed;
    private LocalFeedServer manualFeed;
    private Path feeds;

    @BeforeAll
    void startTwoReplicasAtOnce() throws Exception {
        PackagedService.recreateDatabase(DATABASE);
        PackagedService.deleteIndices(INDEX_PREFIX);
        var root = PackagedService.root();
        slowFeed = new LocalFeedServer();
        slowFeed.serve("198.51.100.1\n198.51.100.2\n", "\"slow-1\"");
        // the first runs of the slow feed stay going until the test releases them
        slowFeed.hold();
        manualFeed = new LocalFeedServer();
        manualFeed.serve("198.51.100.3\n", "\"manual-1\"");
        feeds = Files.createDirectories(root.resolve("target/it-feeds"));
        try (var old = Files.list(feeds)) {
            for (var file : old.toList()) {
                Files.delete(file);
            }
        }
        Files.writeString(feeds.resolve("every-four-seconds.yaml"), """
                id: every-four-seconds
                name: Scheduled sample
                url: file:openphish.txt
                format: openphish
                enabled: true
                schedule: "0/4 * * * * ?"
                scope: global
                """);
        Files.writeString(feeds.resolve("slow.yaml"), """
                id: slow
                name: A feed whose first fetch is held
                url: %s
                format: plain-list
                enabled: true
                schedule: "0/5 * * * * ?"
                scope: global
                """.formatted(slowFeed.url("/slow.txt")));
        Files.writeString(feeds.resolve("manual.yaml"), """
                id: manual
                name: A feed run by hand
                url: %s
                format: plain-list
                enabled: false
                scope: global
                """.formatted(manualFeed.url("/manual.txt")));
        var started = new ArrayList<PackagedService>();
        for (var port : List.of(PORT_A, PORT_B)) {
            started.add(start(port));
        }
        started.forEach(PackagedService::awaitReady);
        // the demo CIRTs of the realm file, as the demo seeder stores them (the packaged jar has no demo)
        try (var db = PackagedService.connect(DATABASE);
                var statement = db.createStatement()) {
            statement.execute("""
                    insert into tenant (id, name, country_code, contact_email, partner_client_id, created_at, updated_at)
                    values ('cert-ab', 'CERT-AB', 'FR', 'cert@cert-ab.example.org', 'cert-ab-partner', now(), now()),
                           ('cert-cd', 'CERT-CD', 'TO', 'cert@cert-cd.example.org', 'cert-cd-partner', now(), now())
                    on conflict do nothing
                    """);
        }
    }

    private PackagedService start(int port) throws Exception {
        var settings = new HashMap<String, String>();
        settings.put("opencirt.feeds.definitions-dir", feeds.toString());
        settings.put(
                "opencirt.feeds.file-root",
                PackagedService.root().resolve("threat-feeds/samples").toString());
        settings.put("opencirt.feeds.allowed-private-hosts", "127.0.0.1:1024-65535");
        settings.put("opencirt.feeds.run-on-start", "true");
        settings.put("opencirt.feeds.lease", "PT6S");
        // no playbook changes the incidents: each is created once and indexed once
        settings.put(
                "opencirt.playbooks.dir",
                Files.createDirectories(PackagedService.root().resolve("target/it-no-playbooks"))
                        .toString());
        settings.put("opencirt.incidents.public-reports.per-address", "3");
        settings.put("opencirt.web.public-url", "http://localhost:" + PORT_A);
        // what the chart gives every replica from one Secret
        settings.put(
                "quarkus.oidc.console.token-state-manager.encryption-secret",
                "two-replicas-it-session-key-0123456789abcdef");
        settings.put("opencirt.console.csrf-key", "two-replicas-it-csrf-key-0123456789");
        var replica = PackagedService.start(port, DATABASE, INDEX_PREFIX, settings);
        replicas.put(port, replica);
        return replica;
    }

    @AfterAll
    void stopReplicas() throws Exception {
        for (var replica : replicas.values()) {
            replica.close();
        }
        if (slowFeed != null) {
            slowFeed.close();
        }
        if (manualFeed != null) {
            manualFeed.close();
        }
    }

    @Test
    @Order(1)
    void bothReplicasStartingAtOnceMigrateTheSchemaOnce() throws SQLException {
        var migrations = rows("select version, success from flyway_schema_history where version is not null");
        assertThat(migrations).isNotEmpty();
        assertThat(migrations.stream().map(m -> m.get("version")).distinct().count())
                .as("each migration applied once: %s", migrations)
                .isEqualTo(migrations.size());
        assertThat(migrations).allMatch(m -> Boolean.TRUE.equals(m.get("success")));
        assertThat(count("select count(*) from qrtz_scheduler_state")).isEqualTo(2);
    }

    @Test
    @Order(2)
    void startUpRunsOfOneFeedOnBothReplicasStartOneRun() throws SQLException {
        await().atMost(Duration.ofSeconds(60)).until(() -> !slowFeed.requests().isEmpty());
        // both replicas tried (start-up, and the schedule every five seconds): one run goes, the others were refused
        await().atMost(Duration.ofSeconds(60))
                .until(() -> count("select count(*) from feed_run where feed_id = 'slow' and status = 'skipped'") >= 1);
        assertThat(count("select count(*) from feed_run where feed_id = 'slow' and status = 'running'"))
                .isEqualTo(1);
        assertThat(
                        count(
                                "select count(*) from feed_run where feed_id = 'slow' and status not in ('running', 'skipped')"))
                .isZero();
        assertThat(rows("select error from feed_run where feed_id = 'slow' and status = 'skipped'"))
                .allSatisfy(row -> assertThat((String) row.get("error")).contains("already running"));
    }

    @Test
    @Order(3)
    void aReplicaKilledMidRunLeavesNoRunRunningAndTheSurvivorTakesOver() throws Exception {
        var held = rows("select id, holder from feed_run where feed_id = 'slow' and status = 'running'");
        assertThat(held).hasSize(1);
        var runId = held.getFirst().get("id");
        var holder = (String) held.getFirst().get("holder");
        var victim = replicas.values().stream()
                .filter(r -> holder.endsWith("/" + r.pid()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no replica holds the run: " + holder));
        var survivor =
                replicas.values().stream().filter(r -> r != victim).findFirst().orElseThrow();
        var killedAt = Instant.now();
        victim.kill();
        slowFeed.release();

        // its lease expires (6 s), the survivor marks it abandoned
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> "abandoned".equals(value("select status from feed_run where id = '%s'".formatted(runId))));
        // and runs the feed at its next firing
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> count("""
                                select count(*) from feed_run where feed_id = 'slow' and trigger = 'schedule'
                                   and status = 'succeeded' and started_at > '%s' and holder like '%%/%d'
                                """.formatted(killedAt, survivor.pid())) >= 1);
        assertThat(
                        count(
                                "select count(*) from feed_run where status = 'running' and heartbeat_at < now() - interval '10 seconds'"))
                .as("no run left running without a live replica")
                .isZero();

        // the killed replica comes back, as its pod would
        replicas.remove(victim.port());
        start(victim.port()).awaitReady();
    }

    @Test
    @Order(4)
    void runNowSentToBothReplicasAtOnceStartsOneRun() throws Exception {
        manualFeed.hold();
        var token = token("platform-admin");
        var answers = atOnce(
                List.of(PORT_A, PORT_B),
                port -> () -> given().baseUri("http://localhost:" + port)
                        .auth()
                        .oauth2(token)
                        .post("/api/v1/feeds/manual/runs"));
        assertThat(answers.stream().map(Response::statusCode).sorted().toList()).containsExactly(202, 409);
        assertThat(answers.stream()
                        .filter(a -> a.statusCode() == 409)
                        .findFirst()
                        .orElseThrow()
                        .jsonPath()
                        .getString("detail"))
                .contains("already running");
        assertThat(count("select count(*) from feed_run where feed_id = 'manual' and status = 'running'"))
                .isEqualTo(1);
        manualFeed.release();
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        count("select count(*) from feed_run where feed_id = 'manual' and status = 'succeeded'") == 1);
        assertThat(count("select count(*) from feed_run where feed_id = 'manual'"))
                .isEqualTo(1);
    }

    @Test
    @Order(5)
    void aScheduledFeedRunsOncePerFiringAcrossTheReplicas() throws Exception {
        var from = Instant.now();
        // Quartz fires on the wall clock of two real processes: wait for five firings, however long the machine takes
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> runsPerFiring(from).size() >= 5);
        var perFiring = runsPerFiring(from);
        // the newest firing may still be starting on the other instance; every earlier one has finished starting
        perFiring.remove(perFiring.lastKey());
        assertThat(perFiring.values())
                .as("runs per firing since %s: %s", from, perFiring)
                .containsOnly(1);
    }

    @Test
    @Order(6)
    void oneIdempotencyKeySentToBothReplicasAtOnceCreatesOneIncident() throws Exception {
        var token = token("ab-analyst");
        var key = UUID.randomUUID().toString();
        var title = "Idempotent across replicas " + key;
        var answers = atOnce(
                List.of(PORT_A, PORT_B),
                port -> () -> given().baseUri("http://localhost:" + port)
                        .auth()
                        .oauth2(token)
                        .header("Idempotency-Key", key)
                        .contentType("application/json")
                        .body(Map.of("title", title, "description", "sent twice", "tags", List.of(key)))
                        .post("/api/v1/incidents"));
        // titles are sealed (ADR 40); the tag is not
        assertThat(count("select count(*) from incident where '%s' = any(tags)".formatted(key)))
                .isEqualTo(1);
        var created = answers.stream().filter(a -> a.statusCode() == 201).toList();
        assertThat(created)
                .as("answers %s", answers.stream().map(Response::statusCode).toList())
                .isNotEmpty();
        assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).isIn(201, 409));
        assertThat(created.stream().map(a -> a.jsonPath().getString("id")).distinct())
                .hasSize(1);
    }

    @Test
    @Order(7)
    void aConsoleSessionAndCsrfTokenFromOneReplicaAreAcceptedByTheOther() {
        var browser = new ConsoleBrowser("http://localhost:" + PORT_A);
        var onA = browser.login("ab-analyst");
        assertThat(onA.status()).isEqualTo(200);
        var onB = browser.get("http://localhost:%d/console".formatted(PORT_B));
        assertThat(onB.status()).isEqualTo(200);
        assertThat(onB.url()).as("no new login").startsWith("http://localhost:" + PORT_B);
        assertThat(onB.body()).contains("ab-analyst");

        var withTokenFromA = browser.post(
                "http://localhost:%d/console/language".formatted(PORT_B),
                Map.of("lang", "fr", "return", "/console", "_csrf", onA.csrf()));
        assertThat(withTokenFromA.status()).isEqualTo(200);
        assertThat(withTokenFromA.body()).contains("lang=\"fr\"");
        var forged = browser.post(
                "http://localhost:%d/console/language".formatted(PORT_B),
                Map.of("lang", "en", "return", "/console", "_csrf", onA.csrf() + "x"));
        assertThat(forged.status()).as("a wrong token is still refused").isEqualTo(403);
    }

    @Test
    @Order(8)
    void thePublicReportLimitIsCountedOnceAcrossReplicas() {
        var address = "198.51.100.%d".formatted(10 + (int) (Math.random() * 200));
        var statuses = new ArrayList<Integer>();
        for (var port : List.of(PORT_A, PORT_B, PORT_A, PORT_B)) {
            statuses.add(given().baseUri("http://localhost:" + port)
                    .header("X-Forwarded-For", address)
                    .contentType("application/json")
                    .body(Map.of("cirt", "cert-cd", "title", "spam", "description", "again"))
                    .post("/api/v1/reports")
                    .statusCode());
        }
        assertThat(statuses).as("a limit of 3 per address, counted on both").containsExactly(201, 201, 201, 429);
    }

    @Test
    @Order(9)
    void theRelaysOfBothReplicasIndexEachOf2000IncidentsExactlyOnce() throws Exception {
        var token = token("cd-analyst");
        var batch = "relay-" + UUID.randomUUID().toString().substring(0, 8);
        var ids = ConcurrentHashMap.<String>newKeySet();
        try (var pool = Executors.newFixedThreadPool(4)) {
            var futures = new ArrayList<CompletableFuture<Void>>();
            for (int i = 0; i < 2000; i++) {
                var port = i % 2 == 0 ? PORT_A : PORT_B;
                var n = i;
                futures.add(CompletableFuture.runAsync(
                        () -> ids.add(given().baseUri("http://localhost:" + port)
                                .auth()
                                .oauth2(token)
                                .contentType("application/json")
                                .body(Map.of("title", "%s %d".formatted(batch, n), "description", "one of 2,000"))
                                .post("/api/v1/incidents")
                                .then()
                                .statusCode(201)
                                .extract()
                                .path("id")),
                        pool));
            }
            futures.forEach(CompletableFuture::join);
        }
        assertThat(ids).hasSize(2000);

        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> count("select count(*) from outbox") == 0
                        && indexed(batch).size() == 2000);
        var versions = new HashMap<String, Long>();
        var idList = String.join("','", ids);
        for (var row :
                rows("select id::text as id, version from incident where id::text in ('%s')".formatted(idList))) {
            versions.put((String) row.get("id"), ((Number) row.get("version")).longValue());
        }
        assertThat(versions).hasSize(2000);
        assertThat(indexed(batch))
                .as("Elasticsearch holds each incident at its PostgreSQL version")
                .isEqualTo(versions);
        var indexing = es("GET", "/%s-incidents/_stats/indexing".formatted(INDEX_PREFIX), null)
                .path("_all")
                .path("primaries")
                .path("indexing");
        assertThat(indexing.path("index_failed").asLong())
                .as("no document sent twice (a second send of a version is refused as a conflict): %s", indexing)
                .isZero();
    }

    /** The batch's incidents in Elasticsearch: id to version. */
    private static Map<String, Long> indexed(String batch) throws Exception {
        var body = """
                {"size": 5000, "version": true, "_source": false,
                 "query": {"match_phrase_prefix": {"title": "%s"}}}""".formatted(batch);
        var hits = es("POST", "/%s-incidents/_search".formatted(INDEX_PREFIX), body)
                .path("hits")
                .path("hits");
        var found = new HashMap<String, Long>();
        for (var hit : hits) {
            found.put(hit.path("_id").asText(), hit.path("_version").asLong());
        }
        return found;
    }

    private static JsonNode es(String method, String path, String body) throws Exception {
        var request = given().baseUri(ES).contentType("application/json");
        if (body != null) {
            request.body(body);
        }
        return JSON.readTree(request.request(method, path).asString());
    }

    private static String token(String username) {
        return given().baseUri("http://localhost:" + PackagedService.KC_PORT)
                .formParam("grant_type", "password")
                .formParam("client_id", "opencirt-cli")
                .formParam("username", username)
                .formParam("password", "demo")
                .post("/realms/opencirt/protocol/openid-connect/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    /** Sends one request per port at the same moment. */
    private static <T> List<T> atOnce(List<Integer> ports, java.util.function.Function<Integer, Supplier<T>> request) {
        var go = new CountDownLatch(1);
        var futures = ports.stream()
                .map(port -> CompletableFuture.supplyAsync(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return request.apply(port).get();
                }))
                .toList();
        go.countDown();
        return futures.stream().map(CompletableFuture::join).toList();
    }

    /** The scheduled runs of the four-second feed since a time, by firing (its four-second slot). */
    private static TreeMap<Instant, Integer> runsPerFiring(Instant since) throws SQLException {
        var perFiring = new TreeMap<Instant, Integer>();
        for (var row : rows("""
                select scheduled_for from feed_run where feed_id = 'every-four-seconds' and trigger = 'schedule'
                   and scheduled_for > '%s'""".formatted(since))) {
            perFiring.merge(((java.sql.Timestamp) row.get("scheduled_for")).toInstant(), 1, Integer::sum);
        }
        return perFiring;
    }

    private static List<Map<String, Object>> rows(String sql) throws SQLException {
        try (var db = PackagedService.connect(DATABASE);
                var result = db.createStatement().executeQuery(sql)) {
            var rows = new ArrayList<Map<String, Object>>();
            var meta = result.getMetaData();
            while (result.next()) {
                var row = new HashMap<String, Object>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnLabel(i), result.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private static Object value(String sql) throws SQLException {
        var rows = rows(sql);
        return rows.isEmpty() ? null : rows.getFirst().values().iterator().next();
    }

    private static long count(String sql) throws SQLException {
        return ((Number) value(sql)).longValue();
    }
}
