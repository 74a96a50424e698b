package org.opencirt.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.PackagedService;

/**
 * {@code bin/opencirt backup} and {@code restore} against the packaged service on the local stack: data made through
 * the API comes back row for row after the database and the search indices are wiped, search works once the
 * projections are rebuilt, and a backup taken while incidents are being created is consistent.
 */
class BackupRestoreIT {

    private static final String DATABASE = "opencirt_it_backup";
    private static final String PREFIX = "opencirt-it-backup";
    private static final int PORT = 18393;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of(System.getProperty("user.dir"));

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private PackagedService service;

    @BeforeEach
    void freshDatabaseAndIndices() throws Exception {
        PackagedService.recreateDatabase(DATABASE);
        PackagedService.deleteIndices(PREFIX);
    }

    @AfterEach
    void stopService() throws InterruptedException {
        stop();
    }

    @Test
    void everyTableComesBackAndSearchWorksAfterTheProjectionsAreRebuilt() throws Exception {
        start();
        seedCirt();
        var analyst = userToken("ab-analyst");
        var incident = createIncident(analyst, "Backup phishing wave alpha");
        var id = incident.path("id").asText();
        // the playbooks of incident.created change the new incident meanwhile: a comment racing them fails, and is sent
        // again
        await("a comment on the incident")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> post(analyst, "/api/v1/incidents/%s/comments".formatted(id), """
                                {"body": "Registrar contacted before the backup.", "visibility": "internal"}""")
                                .statusCode()
                        == 201);
        var secret = put(userToken("ab-admin"), "/api/v1/secrets/backup-key", """
                {"value": "kept-under-the-kek"}""");
        assertThat(secret.statusCode()).isEqualTo(201);
        var admin = userToken("ab-admin");
        assertThat(send(admin, "POST", "/api/v1/playbooks", "application/yaml", """
                        id: bank-backup
                        name: Bank phishing (backup)
                        version: 1
                        trigger: incident.created
                        when: type == 'phishing' && 'banking' in tags
                        actions:
                          - set-severity: {severity: high, priority: P2}
                        """)
                        .statusCode())
                .isEqualTo(201);
        var published = publishAdvisory(analyst, admin);
        var firstRun = runFeed();
        var before = get(analyst, "/api/v1/incidents/" + id);
        assertThat(before.statusCode()).isEqualTo(200);
        await("the incident indexed before the backup")
                .atMost(Duration.ofSeconds(90))
                .until(() -> searchTotal(analyst, "alpha") == 1);

        stop();
        var digests = tableDigests();
        assertThat(digests)
                .containsKeys("incident", "incident_comment", "observable", "timeline_entry", "cirt_secret")
                .containsKeys("advisory_version", "advisory_signing_key", "playbook", "feed_run");
        var backup = Files.createTempDirectory("opencirt-backup-");
        Files.delete(backup);
        assertThat(launcher("backup", backup.toString())).isZero();
        assertThat(backup.resolve("manifest.json")).exists();
        var manifest = JSON.readTree(backup.resolve("manifest.json").toFile());
        assertThat(manifest.path("notIncluded").toString()).contains("OPENCIRT_SIGNING_KEK");
        assertThat(manifest.path("files").findValuesAsText("path"))
                .contains("postgres/database.json", "postgres/incident.copy", "keycloak/realm.json");

        PackagedService.dropDatabase(DATABASE);
        PackagedService.deleteIndices(PREFIX);
        // an altered copy, and one that lost its manifest, are refused before anything is created
        var altered = copyOf(backup);
        Files.write(altered.resolve("postgres/incident.copy"), new byte[] {1}, java.nio.file.StandardOpenOption.APPEND);
        assertThat(launcher("restore", altered.toString())).isNotZero();
        var partial = copyOf(backup);
        Files.delete(partial.resolve("manifest.json"));
        assertThat(launcher("restore", partial.toString())).isNotZero();
        assertThat(PackagedService.databaseExists(DATABASE)).isFalse();

        assertThat(launcher("restore", backup.toString())).isZero();
        assertThat(tableDigests()).isEqualTo(digests);
        assertThat(launcher("restore", backup.toString()))
                .as("a second restore into the database that now has tables, without --force")
                .isNotZero();
        assertThat(tableDigests()).isEqualTo(digests);

        start();
        var after = get(analyst, "/api/v1/incidents/" + id);
        assertThat(after.statusCode()).isEqualTo(200);
        var restored = JSON.readTree(after.body());
        var original = JSON.readTree(before.body());
        assertThat(restored.path("version")).isEqualTo(original.path("version"));
        assertThat(restored.path("reference")).isEqualTo(original.path("reference"));
        assertThat(get(analyst, "/api/v1/incidents/%s/comments".formatted(id)).body())
                .contains("Registrar contacted before the backup.");
        // the secret decrypts with the same KEK: replacing it answers 200 (an existing secret), listing names it
        assertThat(get(userToken("ab-admin"), "/api/v1/secrets").body()).contains("backup-key");

        assertThat(get(admin, "/api/v1/playbooks/bank-backup").statusCode()).isEqualTo(200);
        assertSignatureVerifies(published);
        // the new indicator index made the feed forget its validators: the run fetches and writes everything again
        assertThat(runFeed())
                .as("a run of the restored feed parses what the first did")
                .isEqualTo(firstRun);

        // no reindex here: a missing index is filled again from PostgreSQL when the service starts
        await("search finds the restored incident once the projection is rebuilt")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> searchTotal(analyst, "alpha") == 1);
    }

    /** bin/opencirt audit verify, on an archive the packaged service exported: OK, and refused once a byte changed. */
    @Test
    void anExportedAuditTrailVerifiesWithTheLauncherAndAnAlteredOneDoesNot() throws Exception {
        start();
        seedCirt();
        createIncident(userToken("ab-analyst"), "Audited before the export");
        var lead = userToken("ab-lead");
        assertThat(post(lead, "/api/v1/audit/heads", "").statusCode()).isEqualTo(200);
        var export =
                http.send(request(lead, "/api/v1/audit/export").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(export.statusCode()).isEqualTo(200);
        var archive = Files.createTempFile("opencirt-audit-", ".zip");
        Files.write(archive, export.body());

        assertThat(launcher("audit", "verify", archive.toString()))
                .as("the exported archive verifies; see target/it-backup-launcher.log")
                .isZero();

        var altered = export.body().clone();
        altered[altered.length / 2] ^= 0x01;
        Files.write(archive, altered);
        assertThat(launcher("audit", "verify", archive.toString()))
                .as("an altered archive is refused")
                .isNotZero();
        Files.delete(archive);
    }

    @Test
    void aBackupTakenWhileIncidentsAreCreatedRestoresAConsistentState() throws Exception {
        start();
        seedCirt();
        var analyst = userToken("ab-analyst");
        createIncident(analyst, "Busy backup first");
        var writing = new AtomicBoolean(true);
        var created = new AtomicInteger();
        var failures = new ArrayList<String>();
        var writer = Thread.ofPlatform().start(() -> {
            while (writing.get()) {
                try {
                    createIncident(analyst, "Busy backup " + UUID.randomUUID());
                    created.incrementAndGet();
                } catch (Exception | AssertionError e) {
                    synchronized (failures) {
                        failures.add(e.toString());
                    }
                }
            }
        });
        await().atMost(Duration.ofSeconds(90)).until(() -> created.get() >= 3);
        var backup = Files.createTempDirectory("opencirt-busy-backup-");
        Files.delete(backup);
        int status;
        try {
            status = launcher("backup", backup.toString());
        } finally {
            writing.set(false);
            writer.join(Duration.ofSeconds(60));
        }
        assertThat(status).isZero();
        assertThat(failures).isEmpty();
        var written = count("select count(*) from incident");
        stop();

        PackagedService.dropDatabase(DATABASE);
        PackagedService.deleteIndices(PREFIX);
        assertThat(launcher("restore", backup.toString())).isZero();
        var restored = count("select count(*) from incident");
        assertThat(restored).isBetween(4L, written);
        assertThat(count("select count(*) from incident i where not exists"
                        + " (select 1 from observable o where o.incident_id = i.id)"))
                .as("incidents without their observables")
                .isZero();
        assertThat(count("select count(*) from incident i where not exists"
                        + " (select 1 from timeline_entry t where t.incident_id = i.id)"))
                .as("incidents without their timeline")
                .isZero();

        start();
        reindex("incidents");
        await("search shows as many incidents as PostgreSQL holds")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> searchTotal(analyst, "busy") == restored);
    }

    private JsonNode createIncident(String token, String title) throws Exception {
        var response = post(token, "/api/v1/incidents", """
                {"title": "%s", "type": "phishing", "severity": "high", "tlp": "AMBER",
                 "observables": [{"type": "domain", "value": "%s.example.net"}]}""".formatted(title, UUID.randomUUID()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body());
    }

    /** A signing key, then an advisory written by the analyst and published by the lead (four eyes): its version. */
    private JsonNode publishAdvisory(String analyst, String admin) throws Exception {
        var key = post(admin, "/api/v1/signing-keys/rotation", "");
        assertThat(key.statusCode()).as(key.body()).isBetween(200, 201);
        var draft = post(analyst, "/api/v1/advisories/from-form", """
                {"title": "Remote code execution in Example Router OS", "tlp": "WHITE", "severity": "Critical",
                 "summary": "An unauthenticated attacker can run commands on the device.",
                 "products": [{"vendor": "Example Networks", "name": "Example Router OS", "versions": ["4.2.0"],
                               "fixedVersions": ["4.2.2"]}],
                 "vulnerabilities": [{"cve": "CVE-2026-10001", "description": "Command injection.", "cwe": "CWE-78",
                                      "cvssVector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
                 "recommendations": "Update to 4.2.2."}""");
        assertThat(draft.statusCode()).as(draft.body()).isEqualTo(201);
        var advisory = JSON.readTree(draft.body()).path("id").asText();
        var submitted = post(analyst, "/api/v1/advisories/%s/submission".formatted(advisory), "");
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
        var publication = post(userToken("ab-lead"), "/api/v1/advisories/%s/publication".formatted(advisory), "");
        assertThat(publication.statusCode()).as(publication.body()).isEqualTo(201);
        return JSON.readTree(publication.body());
    }

    /** The published document, its signature and key as the restored service serves them; gpg checks them. */
    private void assertSignatureVerifies(JsonNode published) throws Exception {
        var base = "/.well-known/csaf/cert-ab/";
        var document = http.send(
                request(null, base + published.path("path").asText()).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(document.statusCode()).isEqualTo(200);
        var signature = http.send(
                request(null, base + published.path("path").asText() + ".asc")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signature.statusCode()).isEqualTo(200);
        var key = http.send(
                request(
                                null,
                                base
                                        + "openpgp/%s.asc"
                                                .formatted(published
                                                        .path("keyFingerprint")
                                                        .asText()))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(key.statusCode()).isEqualTo(200);
        var home = Files.createTempDirectory(Path.of("/tmp"), "gpg");
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        var documentFile = Files.write(home.resolve("advisory.json"), document.body());
        var signatureFile = Files.writeString(home.resolve("advisory.json.asc"), signature.body());
        var keyFile = Files.writeString(home.resolve("key.asc"), key.body());
        assertThat(gpg(home, "--import", keyFile.toString())).startsWith("0:");
        assertThat(gpg(home, "--status-fd", "1", "--verify", signatureFile.toString(), documentFile.toString()))
                .startsWith("0:")
                .contains("[GNUPG:] VALIDSIG");
        new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "all")
                .start()
                .waitFor(30, TimeUnit.SECONDS);
    }

    /** {@code exit code:stdout} of gpg with a private home. */
    private static String gpg(Path home, String... args) throws Exception {
        var command = new ArrayList<>(List.of("gpg", "--batch", "--no-tty", "--homedir", home.toString()));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        var out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() + ":" + out;
    }

    /** Runs the test's file: feed now (platform admin) and waits for the run: how many entries it parsed. */
    private long runFeed() throws Exception {
        var runs = count("select count(*) from feed_run where feed_id = 'backup-sample'");
        var response = post(userToken("platform-admin"), "/api/v1/feeds/backup-sample/runs", "");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        await("the feed run finished")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> count("select count(*) from feed_run where feed_id = 'backup-sample'"
                                + " and status <> 'running'")
                        > runs);
        var parsed = count("select parsed from feed_run where feed_id = 'backup-sample' and status <> 'running'"
                + " order by started_at desc limit 1");
        assertThat(parsed).isPositive();
        return parsed;
    }

    private static Path feedDefinitions() throws IOException {
        var feeds = Files.createDirectories(ROOT.resolve("target/it-backup-feeds"));
        Files.writeString(feeds.resolve("backup-sample.yaml"), """
                id: backup-sample
                name: Backup sample
                url: file:openphish.txt
                format: openphish
                enabled: true
                schedule: "0 0 3 1 1 ?"
                scope: global
                """);
        return feeds;
    }

    private long searchTotal(String token, String query) throws Exception {
        var response = get(token, "/api/v1/incidents?limit=1&q=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        return response.statusCode() == 200
                ? JSON.readTree(response.body()).path("total").asLong()
                : -1;
    }

    private void reindex(String projection) throws Exception {
        var response = post(userToken("platform-admin"), "/api/v1/admin/search/reindex/" + projection, "");
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    }

    /** The demo CIRT cert-ab, whose demo users the realm has (a demo build's seeder does the same). */
    private static void seedCirt() throws SQLException {
        try (var db = PackagedService.connect(DATABASE)) {
            db.createStatement().execute("""
                    insert into tenant (id, name, country_code, contact_email, created_at, updated_at)
                    values ('cert-ab', 'CERT AB', 'AB', 'cert@ab.example', now(), now()) on conflict do nothing""");
        }
    }

    /** An md5 of every row of every table but Flyway's history (whose times a restore sets anew). */
    private static Map<String, String> tableDigests() throws SQLException {
        var digests = new TreeMap<String, String>();
        try (var db = PackagedService.connect(DATABASE)) {
            var tables = new ArrayList<String>();
            try (var rows = db.createStatement()
                    .executeQuery("select tablename from pg_tables where schemaname = 'public'"
                            + " and tablename <> 'flyway_schema_history'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (var table : tables) {
                try (var rows = db.createStatement()
                        .executeQuery(
                                "select count(*) || ':' || md5(coalesce(string_agg(t::text, '|' order by t::text), ''))"
                                        + " from \"%s\" t".formatted(table))) {
                    rows.next();
                    digests.put(table, rows.getString(1));
                }
            }
        }
        return digests;
    }

    private static int launcher(String... args) throws Exception {
        var command = new ArrayList<>(List.of(ROOT.resolve("bin/opencirt").toString()));
        command.addAll(List.of(args));
        var log = ROOT.resolve("target/it-backup-launcher.log").toFile();
        var builder = new ProcessBuilder(command)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        builder.environment().put("OPENCIRT_BACKUP_DB", DATABASE);
        builder.environment().put("OPENCIRT_BACKUP_INDEX_PREFIX", PREFIX);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        var process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("bin/opencirt " + args[0] + " did not finish in 5 minutes; see " + log);
        }
        return process.exitValue();
    }

    private void start() throws Exception {
        service = PackagedService.start(
                        PORT,
                        DATABASE,
                        PREFIX,
                        Map.of(
                                "opencirt.feeds.run-on-start", "false",
                                "opencirt.feeds.definitions-dir",
                                        feedDefinitions().toString(),
                                "opencirt.feeds.file-root",
                                        ROOT.resolve("threat-feeds/samples").toString()))
                .awaitReady();
    }

    private void stop() throws InterruptedException {
        if (service != null) {
            service.close();
            service = null;
        }
    }

    private String userToken(String username) throws Exception {
        var form = "grant_type=password&client_id=opencirt-cli&username=%s&password=demo".formatted(username);
        var response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:%s/realms/opencirt/protocol/openid-connect/token"
                                .formatted(PackagedService.KC_PORT)))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).path("access_token").asText();
    }

    private HttpResponse<String> get(String token, String path) throws Exception {
        return http.send(request(token, path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String token, String path, String body) throws Exception {
        return http.send(
                request(token, path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(String token, String path, String body) throws Exception {
        return http.send(
                request(token, path)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String token, String method, String path, String type, String body)
            throws Exception {
        return http.send(
                request(token, path)
                        .header("Content-Type", type)
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String token, String path) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:%d%s".formatted(PORT, path)))
                .timeout(Duration.ofSeconds(60));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private static Path copyOf(Path backup) throws IOException {
        var copy = Files.createTempDirectory("opencirt-backup-copy-");
        try (var files = Files.walk(backup)) {
            for (var file : files.toList()) {
                var target = copy.resolve(backup.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return copy;
    }

    private static long count(String sql) throws SQLException {
        try (var db = PackagedService.connect(DATABASE);
                var rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
