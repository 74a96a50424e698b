package org.opencirt.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import org.postgresql.PGConnection;

/**
 * The audit benchmark ({@code audit}), against two services the launcher starts from the same
 * build, each on its own database: one with the audit trail (the {@code api-url}), one without it
 * ({@code untrailed-url}, {@code opencirt.audit.enabled=false}).
 * <ol>
 *   <li><b>Phase O, overhead</b>: N incidents of 10 observables created through the API of each
 *       service, by C workers, in R rounds that alternate which service goes first, so that a
 *       machine that slows down or speeds up during the run weighs on both alike; throughput and
 *       latency of each, and what the trail costs: the throughput lost and the p50 added.</li>
 *   <li><b>Phase V, verification</b>: M entries appended to the tenant's chain with COPY (hashed
 *       here after docs/audit.md's definition, so a disagreement with the service shows as a
 *       broken chain), then {@code GET /api/v1/audit/verification} by the tenant's lead, twice: the
 *       time of each and the entries it checked.</li>
 * </ol>
 */
final class AuditBench {

    static final double OVERHEAD_TARGET = 0.10;
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter AT =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final long MAX_LATENCY_MICROS = 120_000_000L;
    private static final String GENESIS = "0".repeat(64);

    private final Options options;
    private final Http http = new Http();
    private final ObjectMapper json = new ObjectMapper();
    private final Http.Tokens analyst;
    private final Http.Tokens lead;
    private final String trailed;
    private final String untrailed;
    private final String tenant;
    private final Instant started = Instant.now();
    private final String runTag = "bench-" + STAMP.format(started);
    private final Dataset dataset = new Dataset(runTag, started);
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final StringBuilder out = new StringBuilder();

    AuditBench(Options options) {
        this.options = options;
        this.trailed = options.url("api-url");
        this.untrailed = options.url("untrailed-url");
        this.tenant = options.get("tenant");
        var token = options.get("token-url");
        var client = options.get("client-id");
        this.analyst = http.new Tokens(token, client, options.get("user"), options.get("password"));
        this.lead = http.new Tokens(token, client, options.get("lead-user"), options.get("password"));
    }

    @FunctionalInterface
    private interface Phase {
        void run() throws Exception;
    }

    int run() throws Exception {
        out.append("OpenCIRT audit benchmark, run %s (started %s)%n".formatted(runTag, started));
        var settings = new StringBuilder("settings:");
        options.all().forEach((k, v) -> settings.append(v.isEmpty() ? "" : " " + k + "=" + v));
        out.append(settings).append('\n');
        out.append(
                "machine: %d cores seen by the benchmark JVM (shared by the client, both services, PostgreSQL, Elasticsearch, Keycloak); Java %s%n"
                        .formatted(Runtime.getRuntime().availableProcessors(), Runtime.version()));
        for (var phase : List.<Phase>of(this::overhead, this::verification)) {
            try {
                phase.run();
            } catch (Exception e) {
                problems.add("phase failed: " + e);
            }
        }
        var status =
                Report.finish(out, problems, options.path("results-dir").resolve(STAMP.format(started) + "-audit.txt"));
        return status == 0 && options.flag("fail-on-target") && overheadMissed ? 3 : status;
    }

    // ------------------------------------------------------------------ phase O

    private boolean overheadMissed;

    private record Side(String name, String api, Histogram latency, double[] seconds, int[] created) {
        double throughput() {
            return throughput(0);
        }

        /** Incidents per second over the rounds from {@code first} on. */
        double throughput(int first) {
            double total = 0;
            int n = 0;
            for (int r = first; r < seconds.length; r++) {
                total += seconds[r];
                n += created[r];
            }
            return n / total;
        }
    }

    private void overhead() throws Exception {
        var n = options.integer("audit-incidents", 1);
        var rounds = options.integer("audit-rounds", 1);
        var workers = options.integer("concurrency", 1);
        var warmup = options.integer("warmup", 0);
        var perRound = Math.max(1, n / rounds);
        say("phase O: %d incidents per service in %d rounds, %d workers; %d warm-up creations each"
                .formatted(perRound * rounds, rounds, workers, warmup));
        var with = new Side("with the trail", trailed, histogram(), new double[rounds], new int[rounds]);
        var without = new Side("without", untrailed, histogram(), new double[rounds], new int[rounds]);
        var next = new AtomicInteger();
        for (var side : List.of(with, without)) {
            create(side.api(), bodies(Dataset.Kind.WARMUP, next, warmup), workers, histogram());
        }
        for (int r = 0; r < rounds; r++) {
            var order = r % 2 == 0 ? List.of(with, without) : List.of(without, with);
            for (var side : order) {
                var bodies = bodies(Dataset.Kind.API, next, perRound);
                var t0 = System.nanoTime();
                side.created()[r] = create(side.api(), bodies, workers, side.latency());
                side.seconds()[r] = (System.nanoTime() - t0) / 1e9;
            }
            say("  round %d: %.0f/s with the trail, %.0f/s without"
                    .formatted(
                            r + 1, with.created()[r] / with.seconds()[r], without.created()[r] / without.seconds()[r]));
        }
        var recorded = entries(options.get("jdbc-url"));
        var unrecorded = entries(options.get("untrailed-jdbc-url"));
        var expected = perRound * rounds + warmup;
        if (recorded < expected) {
            problems.add("the trailed service recorded %d incident.create entries of %s, expected %d"
                    .formatted(recorded, options.get("user"), expected));
        }
        if (unrecorded != 0) {
            problems.add("the service without the trail recorded %d entries".formatted(unrecorded));
        }
        var lost = 1 - with.throughput() / without.throughput();
        // the later half alone: both services still warm up during the first rounds, which hides a gap
        var warm = rounds / 2;
        var lostWarm = 1 - with.throughput(warm) / without.throughput(warm);
        var addedP50 =
                with.latency().getValueAtPercentile(50) - without.latency().getValueAtPercentile(50);
        overheadMissed = Math.max(lost, lostWarm) >= OVERHEAD_TARGET;
        out.append(
                "\nPhase O: incident creation through the API, with and without the audit trail (same run, alternating rounds)\n");
        out.append("  %-16s %10s %10s %10s %10s%n".formatted("", "incidents/s", "p50 ms", "p99 ms", "created"));
        for (var side : List.of(with, without)) {
            int created = 0;
            for (var c : side.created()) {
                created += c;
            }
            out.append("  %-16s %10.1f %10.1f %10.1f %10d%n"
                    .formatted(
                            side.name(),
                            side.throughput(),
                            side.latency().getValueAtPercentile(50) / 1000.0,
                            side.latency().getValueAtPercentile(99) / 1000.0,
                            created));
        }
        out.append(
                "  throughput lost to the trail: %.1f %% over all rounds, %.1f %% over the last %d (%.1f/s against %.1f/s)%n"
                        .formatted(
                                lost * 100,
                                lostWarm * 100,
                                rounds - warm,
                                with.throughput(warm),
                                without.throughput(warm)));
        out.append("  target under %.0f %% (both): %s; p50 added: %.1f ms%n"
                .formatted(OVERHEAD_TARGET * 100, overheadMissed ? "MISSED" : "met", addedP50 / 1000.0));
        out.append("  entries recorded: %d with the trail, %d without%n".formatted(recorded, unrecorded));
    }

    private List<byte[]> bodies(Dataset.Kind kind, AtomicInteger next, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> dataset.apiBody(dataset.incident(kind, next.getAndIncrement())))
                .toList();
    }

    /** POSTs every body with {@code workers} threads; the incidents created. */
    private int create(String api, List<byte[]> bodies, int workers, Histogram latency) throws Exception {
        var next = new AtomicInteger();
        var created = new AtomicInteger();
        var uri = URI.create(api + "/api/v1/incidents");
        var histograms = Collections.synchronizedList(new ArrayList<Histogram>());
        Floor.runAll(workers, w -> {
            var mine = histogram();
            histograms.add(mine);
            int i;
            while ((i = next.getAndIncrement()) < bodies.size()) {
                var request = HttpRequest.newBuilder(uri)
                        .timeout(Http.TIMEOUT)
                        .header("Authorization", analyst.bearer())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i)))
                        .build();
                var t0 = System.nanoTime();
                var answer = http.send(request);
                mine.recordValue(Math.min(MAX_LATENCY_MICROS, (System.nanoTime() - t0) / 1000));
                if (answer.status() == 201) {
                    created.incrementAndGet();
                } else if (problems.size() < 20) {
                    problems.add("POST %s answered %d".formatted(uri, answer.status()));
                }
            }
            return null;
        });
        histograms.forEach(latency::add);
        return created.get();
    }

    private long entries(String jdbcUrl) throws SQLException {
        try (var c = connect(jdbcUrl);
                var s = c.prepareStatement(
                        "select count(*) from audit_entry where tenant = ? and actor = ? and action = 'incident.create'")) {
            s.setString(1, tenant);
            s.setString(2, options.get("user"));
            try (var rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    // ------------------------------------------------------------------ phase V

    private void verification() throws Exception {
        var m = options.integer("audit-entries", 0);
        say("phase V: appending %d entries to %s's chain".formatted(m, tenant));
        var t0 = System.nanoTime();
        append(m);
        var appendSeconds = (System.nanoTime() - t0) / 1e9;
        out.append("\nPhase V: verifying %s's chain after appending %d entries (COPY, %.1f s)%n"
                .formatted(tenant, m, appendSeconds));
        for (var run : List.of("first", "second")) {
            say("phase V: verification (%s)".formatted(run));
            var request = HttpRequest.newBuilder(URI.create(trailed + "/api/v1/audit/verification"))
                    .timeout(Duration.ofMinutes(30))
                    .header("Authorization", lead.bearer())
                    .GET()
                    .build();
            var v0 = System.nanoTime();
            var answer = http.send(request);
            var seconds = (System.nanoTime() - v0) / 1e9;
            if (answer.status() != 200) {
                problems.add("the verification answered %d".formatted(answer.status()));
                return;
            }
            var result = http.read(answer);
            if (!result.path("ok").asBoolean()) {
                problems.add("the verification found a broken chain: " + result);
            }
            var checked = result.path("entries").asLong();
            out.append("  %s verification: %d entries in %.1f s (%.0f entries/s), ok=%s%n"
                    .formatted(
                            run,
                            checked,
                            seconds,
                            checked / seconds,
                            result.path("ok").asText()));
        }
    }

    /**
     * Appends {@code count} entries after the chain's head, under the lock the service's appends
     * take, hashed as docs/audit.md defines it.
     */
    private void append(int count) throws SQLException, IOException, NoSuchAlgorithmException {
        var sha256 = MessageDigest.getInstance("SHA-256");
        var hex = HexFormat.of();
        try (var c = connect(options.get("jdbc-url"))) {
            c.setAutoCommit(false);
            try (var lock = c.prepareStatement("select pg_advisory_xact_lock(hashtext('audit_entry:' || ?))")) {
                lock.setString(1, tenant);
                lock.execute();
            }
            long seq = 0;
            var prev = GENESIS;
            try (var head = c.prepareStatement(
                    "select seq, hash from audit_entry where coalesce(tenant, '') = ? order by seq desc limit 1")) {
                head.setString(1, tenant);
                try (var rows = head.executeQuery()) {
                    if (rows.next()) {
                        seq = rows.getLong(1);
                        prev = rows.getString(2);
                    }
                }
            }
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            var at = started.truncatedTo(ChronoUnit.MICROS);
            var batch = new StringBuilder();
            for (int i = 1; i <= count; i++) {
                seq++;
                var entry = new TreeMap<String, Object>();
                entry.put("action", "incident.update");
                entry.put("actor", options.get("user"));
                entry.put("at", AT.format(at));
                entry.put(
                        "changeDigest",
                        hex.formatHex(sha256.digest(("bench " + seq).getBytes(StandardCharsets.UTF_8))));
                entry.put("objectId", "bench-" + seq);
                entry.put("objectType", "incidents");
                entry.put("requestId", runTag + "-" + seq);
                entry.put("roles", "analyst");
                entry.put("seq", seq);
                entry.put("sourceAddress", "127.0.0.1");
                entry.put("tenant", tenant);
                var canonical = json.writeValueAsString(entry);
                var hash = hex.formatHex(sha256.digest((prev + "\n" + canonical).getBytes(StandardCharsets.UTF_8)));
                batch.append(String.join(
                                "\t",
                                tenant,
                                Long.toString(seq),
                                AT.format(at),
                                options.get("user"),
                                "analyst",
                                "incident.update",
                                "incidents",
                                "bench-" + seq,
                                runTag + "-" + seq,
                                "127.0.0.1",
                                (String) entry.get("changeDigest"),
                                prev,
                                hash))
                        .append('\n');
                prev = hash;
                if (i % 50_000 == 0 || i == count) {
                    copy.copyIn(
                            "copy audit_entry (tenant, seq, at, actor, roles, action, object_type, object_id, request_id,"
                                    + " source_address, change_digest, prev_hash, hash) from stdin",
                            new StringReader(batch.toString()));
                    batch.setLength(0);
                }
            }
            c.commit();
        }
    }

    private Connection connect(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, options.get("db-user"), options.get("db-password"));
    }

    private static Histogram histogram() {
        return new Histogram(MAX_LATENCY_MICROS, 3);
    }

    private static void say(String message) {
        System.out.println("opencirt-bench: " + message);
    }
}
