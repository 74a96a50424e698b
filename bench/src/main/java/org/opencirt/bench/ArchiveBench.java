package org.opencirt.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

/**
 * The archive benchmark ({@code archive}): a CIRT grown to N incidents, each with ten observables,
 * a comment and its timeline (copied in SQL from one incident the API created, so that seeding takes
 * seconds, not hours), then taken as its archive through the API by its admin, encrypted to a key
 * gpg generated, and opened again by gpg: the export's time and size, the decryption's time, and
 * the rows the manifest counts against those in the database. Then the archive is imported by the
 * platform admin into a second installation (its own database, no demo CIRTs, the same Keycloak
 * realm, whose group of the CIRT it finds there): the import's time, and the incidents and
 * observables it holds afterwards against the first's.
 */
final class ArchiveBench {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Options options;
    private final Http http = new Http();
    private final ObjectMapper json = new ObjectMapper();
    private final Http.Tokens analyst;
    private final Http.Tokens admin;
    private final Http.Tokens platformAdmin;
    private final String tenant;
    private final Instant started = Instant.now();
    private final String runTag = "bench-" + STAMP.format(started);
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final StringBuilder out = new StringBuilder();

    ArchiveBench(Options options) {
        this.options = options;
        this.tenant = options.get("tenant");
        var token = options.get("token-url");
        var client = options.get("client-id");
        this.analyst = http.new Tokens(token, client, options.get("user"), options.get("password"));
        this.admin = http.new Tokens(token, client, options.get("cirt-admin-user"), options.get("password"));
        this.platformAdmin = http.new Tokens(token, client, options.get("admin-user"), options.get("admin-password"));
    }

    int run() throws Exception {
        out.append("OpenCIRT archive benchmark, run %s (started %s)%n".formatted(runTag, started));
        var settings = new StringBuilder("settings:");
        options.all().forEach((k, v) -> settings.append(v.isEmpty() ? "" : " " + k + "=" + v));
        out.append(settings).append('\n');
        out.append(
                "machine: %d cores seen by the benchmark JVM (shared with the service, PostgreSQL, Elasticsearch, Keycloak); Java %s%n"
                        .formatted(Runtime.getRuntime().availableProcessors(), Runtime.version()));
        var work = Files.createTempDirectory(Path.of("/tmp"), "arch");
        try {
            var incidents = seed(options.integer("archive-incidents", 1));
            var key = generateKey(work);
            var archive = work.resolve("archive.zip.gpg");
            var exportSeconds = export(key, archive);
            var zip = work.resolve("archive.zip");
            var decryptStarted = System.nanoTime();
            var decrypted = gpg(work, List.of("--output", zip.toString(), "--decrypt", archive.toString()));
            var decryptSeconds = (System.nanoTime() - decryptStarted) / 1e9;
            if (decrypted != 0) {
                problems.add("gpg could not decrypt the archive (exit %d)".formatted(decrypted));
            }
            var size = Files.size(archive);
            out.append("export of %s: %d incidents in the CIRT%n".formatted(tenant, incidents));
            out.append(
                    "  export through the API, encrypted: %.1f s, %.1f incidents/s, %.1f MB (%.0f bytes an incident)%n"
                            .formatted(
                                    exportSeconds, incidents / exportSeconds, size / 1e6, (double) size / incidents));
            out.append("  gpg --decrypt: %.1f s; the zip: %.1f MB%n".formatted(decryptSeconds, Files.size(zip) / 1e6));
            manifest(zip, incidents);
            importInto(zip, incidents);
        } catch (Exception e) {
            problems.add("failed: " + e);
        } finally {
            gpg(work, List.of("--batch", "--yes", "--delete-secret-and-public-keys", "archive-bench@example.org"));
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        return Report.finish(
                out, problems, options.path("results-dir").resolve(STAMP.format(started) + "-archive.txt"));
    }

    /** Grows the tenant to at least {@code target} incidents; answers how many it holds. */
    private long seed(int target) throws Exception {
        try (var db = connect()) {
            var existing = count(db, "select count(*) from incident where tenant = ?");
            var missing = (int) Math.max(0, target - existing);
            if (missing > 0) {
                var template = template();
                var seeding = System.nanoTime();
                db.setAutoCommit(false);
                copy(db, "incident", "id", template, missing);
                for (var child : List.of("observable", "incident_comment", "timeline_entry")) {
                    copy(db, child, "incident_id", template, missing);
                }
                db.commit();
                out.append("seeded %d incidents in SQL in %.1f s%n"
                        .formatted(missing, (System.nanoTime() - seeding) / 1e9));
            }
            return count(db, "select count(*) from incident where tenant = ?");
        }
    }

    /** One incident through the API, with ten observables and a comment: what the copies are made of. */
    private String template() throws Exception {
        var observables = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            observables
                    .append(i == 0 ? "" : ",")
                    .append("{\"value\": \"%s-%d.bench.example.org\"}".formatted(runTag, i));
        }
        var created = send(analyst, "/api/v1/incidents", """
                {"title": "Archive benchmark %s", "description": "An incident of the archive benchmark, with a description of a few lines as analysts write them: what was seen, where, since when, and what the reporter did about it.",
                 "tlp": "AMBER", "reporter": {"name": "Reporter", "email": "reporter@bench.example.org"},
                 "observables": [%s]}""".formatted(runTag, observables));
        if (created.statusCode() != 201) {
            throw new IOException("the template incident was refused: " + created.statusCode());
        }
        var id = json.readTree(created.body()).path("id").asText();
        var comment = send(
                analyst,
                "/api/v1/incidents/" + id + "/comments",
                "{\"body\": \"A comment of the archive benchmark, a sentence or two long, as analysts leave them.\"}");
        if (comment.statusCode() != 201) {
            throw new IOException("the template comment was refused: " + comment.statusCode());
        }
        return id;
    }

    /**
     * Copies the template's rows of a table {@code n} times, each copy under a new incident id
     * (md5 of the run tag and the copy's number, the same in every table).
     */
    private void copy(Connection db, String table, String incidentColumn, String template, int n) throws SQLException {
        var columns = new ArrayList<String>();
        var values = new ArrayList<String>();
        try (var select = db.prepareStatement("""
                select column_name, data_type, column_default from information_schema.columns
                 where table_schema = current_schema() and table_name = ? and is_generated = 'NEVER'
                 order by ordinal_position""")) {
            select.setString(1, table);
            try (var rows = select.executeQuery()) {
                while (rows.next()) {
                    var column = rows.getString(1);
                    var serial = rows.getString(3) != null && rows.getString(3).startsWith("nextval(");
                    if (serial) {
                        continue;
                    }
                    columns.add(column);
                    var newIncident = "md5('%s' || g)::uuid".formatted(runTag);
                    values.add(
                            switch (column) {
                                case "id" -> incidentColumn.equals("id") ? newIncident : "gen_random_uuid()";
                                case "incident_id" -> newIncident;
                                case "reference" -> "'BENCH-%s-' || g".formatted(runTag.substring(6));
                                case "reply_token" -> "substr(md5('%s' || g || 'reply'), 1, 32)".formatted(runTag);
                                default -> "t." + column;
                            });
                }
            }
        }
        var sql = "insert into %s (%s) select %s from %s t cross join generate_series(1, ?) g where t.%s = ?::uuid"
                .formatted(table, String.join(", ", columns), String.join(", ", values), table, incidentColumn);
        try (var insert = db.prepareStatement(sql)) {
            insert.setInt(1, n);
            insert.setString(2, template);
            insert.executeUpdate();
        }
    }

    private Path generateKey(Path work) throws Exception {
        var status = gpg(
                work,
                List.of(
                        "--passphrase",
                        "",
                        "--quick-gen-key",
                        "Archive benchmark <archive-bench@example.org>",
                        "default",
                        "default",
                        "never"));
        if (status != 0) {
            throw new IOException("gpg could not generate the recipient's key");
        }
        var key = work.resolve("key.asc");
        if (gpg(work, List.of("--armor", "--output", key.toString(), "--export", "archive-bench@example.org")) != 0) {
            throw new IOException("gpg could not export the recipient's key");
        }
        return key;
    }

    /** Asks for the archive, writes it to {@code archive}; answers the seconds to its last byte. */
    private double export(Path key, Path archive) throws Exception {
        var body = json.writeValueAsString(Map.of("recipientKey", Files.readString(key, StandardCharsets.US_ASCII)));
        var request = HttpRequest.newBuilder(URI.create(options.url("api-url") + "/api/v1/archive/export"))
                .timeout(Duration.ofSeconds(options.integer("phase-timeout", 1)))
                .header("Authorization", admin.bearer())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        var begun = System.nanoTime();
        var answer = http.client.send(request, HttpResponse.BodyHandlers.ofFile(archive));
        var seconds = (System.nanoTime() - begun) / 1e9;
        if (answer.statusCode() != 200) {
            throw new IOException("the export answered " + answer.statusCode() + ": " + Files.readString(archive));
        }
        return seconds;
    }

    /** The manifest's count of incidents must be the database's. */
    private void manifest(Path zip, long incidents) throws IOException {
        try (var archive = new ZipFile(zip.toFile())) {
            var manifest = json.readTree(archive.getInputStream(archive.getEntry("manifest.json")));
            long counted = -1;
            for (var part : manifest.path("parts")) {
                if (part.path("folder").asText().equals("incidents")) {
                    counted = part.path("counts").path("incident").asLong();
                    out.append("  the incidents folder: %s%n".formatted(part.path("counts")));
                }
            }
            out.append("  files in the archive: %d%n".formatted(archive.size()));
            if (counted != incidents) {
                problems.add("the manifest counts %d incidents, the database holds %d".formatted(counted, incidents));
            }
        }
    }

    /**
     * Imports the decrypted archive into the receiving installation, uploaded in parts as {@code bin/opencirt
     * import-archive} does, and compares what it holds then.
     */
    private void importInto(Path zip, long incidents) throws Exception {
        var base = options.url("receiving-url") + "/api/v1/archive/uploads";
        var begun = System.nanoTime();
        var started = receiving(HttpRequest.newBuilder(URI.create(base)).POST(HttpRequest.BodyPublishers.noBody()));
        if (started.statusCode() != 201) {
            problems.add("the upload's start answered %d: %s".formatted(started.statusCode(), started.body()));
            return;
        }
        var upload = json.readTree(started.body());
        var id = upload.path("id").asText();
        var partBytes = (int) upload.path("maxPartBytes").asLong();
        int parts = 0;
        try (var in = Files.newInputStream(zip)) {
            byte[] part;
            while ((part = in.readNBytes(partBytes)).length > 0) {
                parts++;
                var sent = receiving(HttpRequest.newBuilder(URI.create(base + "/" + id + "/parts/" + parts))
                        .header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(part)));
                if (sent.statusCode() != 204) {
                    problems.add("part %d answered %d: %s".formatted(parts, sent.statusCode(), sent.body()));
                    return;
                }
            }
        }
        var uploaded = (System.nanoTime() - begun) / 1e9;
        var answer = receiving(HttpRequest.newBuilder(URI.create(base + "/" + id + "/import"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        var seconds = (System.nanoTime() - begun) / 1e9;
        if (answer.statusCode() != 201) {
            problems.add("the import answered %d: %s".formatted(answer.statusCode(), answer.body()));
            return;
        }
        out.append("upload in %d parts of at most %d bytes: %.1f s%n".formatted(parts, partBytes, uploaded));
        out.append("import into a second installation through the API, upload included: %.1f s, %.1f incidents/s%n"
                .formatted(seconds, incidents / seconds));
        try (var here = connect();
                var there = DriverManager.getConnection(
                        options.get("receiving-jdbc-url"), options.get("db-user"), options.get("db-password"))) {
            for (var table : List.of("incident", "observable", "incident_comment", "timeline_entry", "audit_entry")) {
                var sql = "select count(*) from %s where tenant = ?".formatted(table);
                long sent = count(here, sql);
                long received = count(there, sql);
                out.append("  %s: %d rows here, %d there%n".formatted(table, sent, received));
                if (received < sent && !table.equals("audit_entry")) {
                    problems.add("the import holds %d rows of %s, the export's installation %d"
                            .formatted(received, table, sent));
                }
            }
        }
    }

    private HttpResponse<String> receiving(HttpRequest.Builder request) throws Exception {
        return http.client.send(
                request.timeout(Duration.ofSeconds(options.integer("phase-timeout", 1)))
                        .header("Authorization", platformAdmin.bearer())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> send(Http.Tokens who, String path, String body) throws Exception {
        return http.client.send(
                HttpRequest.newBuilder(URI.create(options.url("api-url") + path))
                        .timeout(Http.TIMEOUT)
                        .header("Authorization", who.bearer())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private int gpg(Path home, List<String> args) throws Exception {
        var command = new ArrayList<>(
                List.of("gpg", "--batch", "--no-tty", "--pinentry-mode", "loopback", "--homedir", home.toString()));
        command.addAll(args);
        var process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(30, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("gpg did not finish in 30 minutes");
        }
        return process.exitValue();
    }

    private long count(Connection db, String sql) throws SQLException {
        try (var select = db.prepareStatement(sql)) {
            select.setString(1, tenant);
            try (var rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(options.get("jdbc-url"), options.get("db-user"), options.get("db-password"));
    }
}
