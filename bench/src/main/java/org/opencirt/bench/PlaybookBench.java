package org.opencirt.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;

/**
 * The playbook benchmark ({@code playbooks}), against a running service:
 * <ol>
 *   <li><b>Phase E, evaluation</b>: the tenant gets its own playbooks until 50 run on
 *       {@code incident.created} (the shipped ones count), then N incidents of 10 observables are
 *       created through the API (one at a time by default, so that the service is not also busy
 *       with other incidents while one is evaluated); the engine evaluates the 50 playbooks against each after its
 *       commit. Each pass records, in {@code playbook_run.evaluation_micros}, the time spent on
 *       the incident's facts and the 50 conditions, all together (actions, database reads and
 *       writes excluded): p50, p99 and max over the N passes.</li>
 *   <li><b>Phase K, backtest</b>: the tenant's incidents are filled up to M (the incident
 *       benchmark's floor writes them straight to PostgreSQL and Elasticsearch, a year of
 *       history), then a candidate playbook is backtested over the last 365 days through the API:
 *       total time as the client sees it and as the service reports it, one unmeasured run first.</li>
 * </ol>
 */
final class PlaybookBench {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final int PLAYBOOKS = 50;

    private final Options options;
    private final Http http = new Http();
    private final Http.Tokens analyst;
    private final Http.Tokens admin;
    private final Http.Tokens lead;
    private final String api;
    private final String tenant;
    private final Instant started = Instant.now();
    private final String runTag = "bench-" + STAMP.format(started);
    private final Dataset dataset = new Dataset(runTag, started);
    private final Floor floor;
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final StringBuilder out = new StringBuilder();

    PlaybookBench(Options options) {
        this.options = options;
        this.api = options.url("api-url");
        this.tenant = options.get("tenant");
        var token = options.get("token-url");
        var client = options.get("client-id");
        this.analyst = http.new Tokens(token, client, options.get("user"), options.get("password"));
        this.admin = http.new Tokens(token, client, options.get("cirt-admin-user"), options.get("password"));
        this.lead = http.new Tokens(token, client, options.get("lead-user"), options.get("password"));
        this.floor = new Floor(
                options.get("jdbc-url"),
                options.get("db-user"),
                options.get("db-password"),
                options.url("es-url"),
                options.get("index-prefix") + "-incidents",
                tenant,
                options.get("user"),
                http);
    }

    @FunctionalInterface
    private interface Phase {
        void run() throws Exception;
    }

    int run() throws Exception {
        out.append("OpenCIRT benchmark, run %s (started %s)%n".formatted(runTag, started));
        var settings = new StringBuilder("settings:");
        options.all().forEach((k, v) -> settings.append(v.isEmpty() ? "" : " " + k + "=" + v));
        out.append(settings).append('\n');
        out.append(
                "machine: %d cores seen by the benchmark JVM (shared by the client, the service, PostgreSQL, Elasticsearch, Keycloak); Java %s%n"
                        .formatted(Runtime.getRuntime().availableProcessors(), Runtime.version()));
        for (var phase : List.<Phase>of(this::evaluation, this::backtest)) {
            try {
                phase.run();
            } catch (Exception e) {
                problems.add("phase failed: " + e);
            }
        }
        return Report.finish(
                out, problems, options.path("results-dir").resolve(STAMP.format(started) + "-playbooks.txt"));
    }

    private void evaluation() throws Exception {
        var list = http.read(send("GET", "/api/v1/playbooks", analyst, null));
        int present = 0;
        for (var p : list) {
            present += p.path("enabled").asBoolean()
                            && "incident.created".equals(p.path("trigger").asText())
                    ? 1
                    : 0;
        }
        var adding = Math.max(0, PLAYBOOKS - present);
        for (int i = 0; i < adding; i++) {
            var answer = send("POST", "/api/v1/playbooks", admin, playbook(i));
            if (answer.status() != 201) {
                throw new IllegalStateException(
                        "adding a playbook answered %d: %s".formatted(answer.status(), answer.text()));
            }
        }
        say("phase E: %d playbooks on incident.created (%d shipped or present, %d added)"
                .formatted(present + adding, present, adding));
        var n = options.integer("playbook-incidents", 1);
        var warmup = options.integer("playbook-warmup", 0);
        create(Dataset.Kind.WARMUP, warmup);
        var t0 = Instant.now();
        create(Dataset.Kind.API, n);
        var micros = new Histogram(60_000_000L, 3);
        var cpuMicros = new Histogram(60_000_000L, 3);
        var passMillis = new Histogram(600_000L, 3);
        var evaluated = new Histogram(1000L, 3);
        var deadline = System.nanoTime() + options.seconds("phase-timeout").toNanos();
        int passes;
        do {
            Thread.sleep(500);
            passes = count(t0);
        } while (passes < n && System.nanoTime() < deadline);
        if (passes < n) {
            problems.add("only %d of %d incidents got a playbook pass".formatted(passes, n));
        }
        try (var c = floor.connect();
                var s = c.prepareStatement("""
                select r.evaluation_micros, extract(epoch from r.finished_at - r.started_at) * 1000, jsonb_array_length(r.evaluations),
                    r.evaluation_cpu_micros
                from playbook_run r join incident i on i.id = r.incident_id
                where r.tenant = ? and r.trigger = 'incident.created' and i.created_at >= ? and ? = any(i.tags)""")) {
            s.setString(1, tenant);
            s.setObject(2, t0.atOffset(ZoneOffset.UTC));
            s.setString(3, dataset.tag(Dataset.Kind.API));
            try (var rs = s.executeQuery()) {
                while (rs.next()) {
                    micros.recordValue(Math.max(1, rs.getLong(1)));
                    passMillis.recordValue(Math.max(1, Math.round(rs.getDouble(2))));
                    evaluated.recordValue(rs.getInt(3));
                    cpuMicros.recordValue(Math.max(1, rs.getLong(4)));
                }
            }
        }
        out.append(
                "%nE. EVALUATION of %d playbooks (trigger incident.created) against one incident, over %,d incidents created through the API at concurrency %d%n"
                        .formatted(
                                present + adding, micros.getTotalCount(), options.integer("playbook-concurrency", 1)));
        out.append(
                "   (after %d unmeasured; facts and conditions of one pass, all playbooks together; actions and database work excluded)%n"
                        .formatted(warmup));
        out.append("  %-40s %9s %9s %9s %9s%n".formatted("", "p50", "p95", "p99", "max"));
        out.append("  %-40s %9.3f %9.3f %9.3f %9.3f   target p99 < 2 ms: %s%n"
                .formatted(
                        "evaluation, wall time, ms",
                        micros.getValueAtPercentile(50) / 1000.0,
                        micros.getValueAtPercentile(95) / 1000.0,
                        micros.getValueAtPercentile(99) / 1000.0,
                        micros.getMaxValue() / 1000.0,
                        micros.getValueAtPercentile(99) < 2000 ? "met" : "MISSED"));
        out.append("  %-40s %9.3f %9.3f %9.3f %9.3f   target p99 < 2 ms: %s%n"
                .formatted(
                        "the same, CPU time of the thread, ms",
                        cpuMicros.getValueAtPercentile(50) / 1000.0,
                        cpuMicros.getValueAtPercentile(95) / 1000.0,
                        cpuMicros.getValueAtPercentile(99) / 1000.0,
                        cpuMicros.getMaxValue() / 1000.0,
                        cpuMicros.getValueAtPercentile(99) < 2000 ? "met" : "MISSED"));
        out.append("  %-40s %9d %9d %9d %9d%n"
                .formatted(
                        "whole pass (claims, actions, run log), ms",
                        passMillis.getValueAtPercentile(50),
                        passMillis.getValueAtPercentile(95),
                        passMillis.getValueAtPercentile(99),
                        passMillis.getMaxValue()));
        out.append("  playbooks evaluated per pass: min %d, max %d%n"
                .formatted(evaluated.getMinValue(), evaluated.getMaxValue()));
        if (evaluated.getMinValue() < present + adding) {
            problems.add("a pass evaluated %d playbooks, not %d".formatted(evaluated.getMinValue(), present + adding));
        }
    }

    private void backtest() throws Exception {
        var wanted = options.integer("backtest-incidents", 1);
        var present = count("select count(*) from incident where tenant = ?");
        var missing = Math.max(0, wanted - present);
        for (int from = 0; from < missing; from += 20_000) {
            var to = Math.min(missing, from + 20_000);
            var incidents = IntStream.range(from, to)
                    .mapToObj(i -> dataset.incident(Dataset.Kind.FILL, i))
                    .toList();
            floor.sequentially(incidents, 4, 100, 2, 1000);
            say("phase K: loaded %d of %d incidents".formatted(to, missing));
        }
        var body = new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(java.util.Map.of("days", 365, "playbook", """
                id: bench-candidate
                name: Candidate
                version: 1
                trigger: incident.created
                when: >
                  severity in ['high', 'critical'] && observables.exists(o, o.type == 'url')
                  || tags.exists(t, t.startsWith('theme-phish'))
                actions:
                  - set-severity: {severity: critical, priority: P1}
                  - add-tags: {tags: [candidate]}
                  - add-tasks: {tasks: [Check the candidate]}
                """));
        say("phase K: backtest over %,d incidents (one unmeasured run first)".formatted(Math.max(present, wanted)));
        backtestRequest(body);
        var t = System.nanoTime();
        var answer = backtestRequest(body);
        var seconds = (System.nanoTime() - t) / 1e9;
        if (answer.status() != 200) {
            problems.add("backtest answered %d: %s".formatted(answer.status(), answer.text()));
            return;
        }
        var result = http.read(answer);
        out.append("\nK. BACKTEST of a candidate playbook over the tenant's incidents of the last 365 days\n");
        out.append("  incidents evaluated %,d, matched %,d, errors %d%n"
                .formatted(
                        result.path("evaluated").asInt(),
                        result.path("matched").asInt(),
                        result.path("errors").asInt()));
        out.append("  total time: %.2f s as the client sees it, %.2f s as the service reports it (%,.0f incidents/s)%n"
                .formatted(
                        seconds,
                        result.path("millis").asLong() / 1000.0,
                        result.path("evaluated").asInt() / seconds));
        out.append("  changes: %s; added: %s%n".formatted(result.path("changes"), result.path("added")));
        var inWindow =
                count("select count(*) from incident where tenant = ? and reported_at >= now() - interval '365 days'");
        out.append("  the tenant's incidents reported in those 365 days (PostgreSQL, after the run): %,d%n"
                .formatted(inWindow));
        if (result.path("evaluated").asInt() < inWindow) {
            problems.add("the backtest evaluated %d incidents, fewer than the %d in its window"
                    .formatted(result.path("evaluated").asInt(), inWindow));
        }
    }

    private Http.Answer backtestRequest(String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/playbooks/backtest"))
                .timeout(options.seconds("phase-timeout"))
                .header("Content-Type", "application/json")
                .header("Authorization", lead.bearer())
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private void create(Dataset.Kind kind, int count) throws Exception {
        var next = new AtomicInteger();
        var workers = options.integer("playbook-concurrency", 1);
        var pool = Executors.newFixedThreadPool(workers);
        for (int w = 0; w < workers; w++) {
            pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    var answer = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/incidents"))
                            .timeout(Http.TIMEOUT)
                            .header("Content-Type", "application/json")
                            .header("Authorization", analyst.bearer())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(dataset.apiBody(dataset.incident(kind, i))))
                            .build());
                    if (answer.status() != 201) {
                        problems.add("creating an incident answered %d: %s".formatted(answer.status(), answer.text()));
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(options.seconds("phase-timeout").toSeconds(), TimeUnit.SECONDS);
    }

    private int count(Instant since) throws Exception {
        try (var c = floor.connect();
                var s = c.prepareStatement("""
                select count(*) from playbook_run r join incident i on i.id = r.incident_id
                where r.tenant = ? and r.trigger = 'incident.created' and i.created_at >= ? and ? = any(i.tags)""")) {
            s.setString(1, tenant);
            s.setObject(2, since.atOffset(ZoneOffset.UTC));
            s.setString(3, dataset.tag(Dataset.Kind.API));
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** A count of the tenant's rows ({@code ?} is the tenant). */
    private int count(String sql) throws Exception {
        try (var c = floor.connect();
                var s = c.prepareStatement(sql)) {
            s.setString(1, tenant);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The i-th added playbook: conditions of the kinds the shipped ones use, on the benchmark's own tags. */
    private String playbook(int i) {
        var conditions = List.of(
                "tags.exists(t, t == 'bench-%d') && severity in ['high', 'critical']",
                "observables.exists(o, o.type == 'domain' && o.value.endsWith('.bench-%d.example'))",
                "category == 'fraud' && title.matches('(?i)bench-%d|invoice')",
                "matches.exists(m, m.confidence > 80 && 'bench-%d' in m.feeds)",
                "channel == 'partner' && reporter.org == 'bench-%d' || tlp_level >= 3 && tags.size() > 5");
        return """
                id: %s-%d
                name: Benchmark playbook %d
                version: 1
                trigger: incident.created
                when: "%s"
                actions:
                  - add-tags: {tags: [bench-matched]}
                """.formatted(runTag, i, i, conditions.get(i % conditions.size()).formatted(i));
    }

    private Http.Answer send(String method, String path, Http.Tokens who, String body)
            throws IOException, InterruptedException {
        var builder = HttpRequest.newBuilder(URI.create(api + path))
                .timeout(Http.TIMEOUT)
                .header("Authorization", who.bearer());
        if (body == null) {
            builder.GET();
        } else {
            builder.header("Content-Type", body.startsWith("{") ? "application/json" : "application/yaml")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(builder.build());
    }

    private static void say(String message) {
        System.out.println("opencirt-bench: " + message);
    }
}
