package org.opencirt.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;

/**
 * The OpenCIRT benchmark. Against a running service (see {@code bin/opencirt bench}):
 * <ol>
 *   <li><b>Phase A, API create</b>: a warm-up, then N incidents with 10 observables each, POSTed
 *       by C workers; latency per request, throughput; then the indexing lag (until the outbox is
 *       empty and until Elasticsearch counts all of them).</li>
 *   <li><b>Phase B, floor</b>: the same N incidents' rows with plain JDBC batches and their
 *       documents with _bulk, concurrently; the ratio of API to floor throughput.</li>
 *   <li><b>Phase C, search</b>: the index filled up to M incidents of the tenant (floor path),
 *       then a fixed set of searches, each through the API and straight to Elasticsearch,
 *       alternately, one at a time; p50/p95/p99 of both and the ratio of the p95s (target 1.5x).</li>
 * </ol>
 * The command {@code feeds} runs the feed benchmark instead ({@link FeedBench}).
 * Prints a table and writes it to {@code <results-dir>/<timestamp>.txt}. Exit status: 0 when every
 * phase ran cleanly, 1 when requests failed or checks did not hold, 2 for a wrong command line,
 * 3 with {@code --fail-on-target} when a search p95 ratio misses the target.
 */
public final class IncidentBench {

    static final double SEARCH_TARGET = 1.5;
    private static final long MAX_LATENCY_MICROS = 120_000_000L;
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Options options;
    private final Http http = new Http();
    private final ObjectMapper json = new ObjectMapper();
    private final Http.Tokens tokens;
    private final String api;
    private final String es;
    private final String alias;
    private final String tenant;
    private final Instant started = Instant.now();
    private final String runTag = "bench-" + STAMP.format(started);
    private final Dataset dataset = new Dataset(runTag, started);
    private final CpuMeter cpu;
    private final Floor floor;
    private final Report report = new Report();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final long deadlineNanos;

    private IncidentBench(Options options) {
        this.options = options;
        this.api = options.url("api-url");
        this.es = options.url("es-url");
        this.alias = options.get("index-prefix") + "-incidents";
        this.tenant = options.get("tenant");
        this.tokens = http
        .new Tokens(options.get("token-url"), options.get("client-id"), options.get("user"), options.get("password"));
        var pid = options.get("service-pid");
        this.cpu = new CpuMeter(pid.isBlank() ? -1 : Long.parseLong(pid));
        this.floor = new Floor(
                options.get("jdbc-url"),
                options.get("db-user"),
                options.get("db-password"),
                es,
                alias,
                tenant,
                options.get("user"),
                http);
        this.deadlineNanos = options.seconds("phase-timeout").toNanos();
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (Options.Usage e) {
            if (e.getMessage() != null) {
                System.err.println("opencirt-bench: " + e.getMessage());
            }
            System.err.print(Options.help());
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        int status;
        try {
            status = switch (options.command) {
                case "run" -> new IncidentBench(options).run();
                case "feeds" -> new FeedBench(options).run();
                case "exchange" -> new ExchangeBench(options).run();
                case "advisories" -> new AdvisoryBench(options).run();
                case "playbooks" -> new PlaybookBench(options).run();
                case "audit" -> new AuditBench(options).run();
                case "archive" -> new ArchiveBench(options).run();
                case "constituents" -> new ConstituentBench(options).run();
                case "console" -> new IncidentBench(options).console();
                case "ensure-database" -> ensureDatabase(options);
                default -> throw new Options.Usage("unknown command '" + options.command + "'");
            };
        } catch (Options.Usage e) {
            System.err.println("opencirt-bench: " + e.getMessage());
            System.err.print(Options.help());
            status = 2;
        } catch (Exception e) {
            System.err.println("opencirt-bench: failed: " + e);
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    // ------------------------------------------------------------------ ensure-database

    /**
     * Creates the benchmark database when missing, on a PostgreSQL that is already running (the
     * launcher's provisioning only runs before the server starts), as the local stack's superuser
     * {@code postgres}, which has trust authentication on loopback.
     */
    static int ensureDatabase(Options options) throws SQLException {
        var url = options.get("jdbc-url");
        var query = url.indexOf('?');
        var base = query < 0 ? url : url.substring(0, query);
        var slash = base.lastIndexOf('/');
        var database = base.substring(slash + 1);
        var owner = options.get("db-user");
        if (!database.matches("[a-z_][a-z0-9_]*") || !owner.matches("[a-z_][a-z0-9_]*")) {
            throw new Options.Usage("unexpected database or user name: " + database + ", " + owner);
        }
        try (var c = DriverManager.getConnection(base.substring(0, slash) + "/postgres", "postgres", "");
                var s = c.createStatement()) {
            try (var rs = s.executeQuery("select 1 from pg_database where datname = '" + database + "'")) {
                if (rs.next()) {
                    System.out.println("opencirt-bench: database " + database + " exists");
                    return 0;
                }
            }
            s.execute("create database " + database + " owner " + owner);
            System.out.println("opencirt-bench: created database " + database + " (owner " + owner + ")");
            return 0;
        }
    }

    // ------------------------------------------------------------------ console

    /**
     * The console's queue page over {@code --search-docs} incidents of the tenant (loaded with the floor path when
     * missing): a logged-in analyst asks for the queue with common filters, sorts and the second page; the server's
     * time comes from each answer's {@code Server-Timing}, the round trip is measured here. Also checks that the page
     * is complete HTML without any script having run (its rows and its next-page link are in the markup).
     */
    private int console() throws Exception {
        var searchDocs = options.integer("search-docs", 0);
        var iterations = options.integer("search-iterations", 1);
        var warmup = options.integer("search-warmup", 0);
        say("console run %s: queue page over %d incidents, %d iterations per query"
                .formatted(runTag, searchDocs, iterations));
        preflight();
        refresh();
        var present = countTenant();
        if (present < searchDocs) {
            say("loading %d incidents with the floor path".formatted(searchDocs - present));
            fill((int) (searchDocs - present), options.integer("concurrency", 1));
            refresh();
            present = countTenant();
        }
        checkCounts(present, searchDocs);
        var base = api.replace("127.0.0.1", "localhost");
        var session = new ConsoleSession();
        session.login(base + "/console", options.get("user"), options.get("password"));
        var first = session.get(base + "/console/queue?limit=50");
        var rows = first.body().split("<a href=\"/console/incidents/", -1).length - 1;
        var next = java.util.regex.Pattern.compile("href=\"([^\"]+)\" rel=\"next\"")
                .matcher(first.body());
        if (first.status() != 200 || rows != 50 || !next.find()) {
            problems.add("the queue page is not complete without JavaScript: status %d, %d rows, next link %s"
                    .formatted(first.status(), rows, next.hitEnd() ? "missing" : "present"));
        }
        var queries = new LinkedHashMap<String, String>();
        queries.put("default (newest first)", "/console/queue");
        queries.put("open states", "/console/queue?state=new&state=triaged&state=in-progress&state=waiting");
        queries.put("critical and high, by severity", "/console/queue?severity=critical&severity=high&sort=-severity");
        queries.put("text 'phishing'", "/console/queue?q=phishing");
        queries.put("category and TLP", "/console/queue?category=fraud&tlp=AMBER&sort=-priority");
        queries.put(
                "second page", next.hitEnd() ? "/console/queue" : next.group(1).replace("&amp;", "&"));
        var lines = new ArrayList<String>();
        lines.add("OpenCIRT console queue benchmark, run %s, %s".formatted(runTag, STAMP.format(started)));
        lines.add("service build: " + options.get("service-build"));
        lines.add("incidents of %s in the index: %d; %d measured requests per query after %d unmeasured; page size 50"
                .formatted(tenant, present, iterations, warmup));
        lines.add("");
        lines.add("%-34s %10s %10s %10s %12s %12s"
                .formatted("query", "server p50", "server p95", "server p99", "round p95", "rows"));
        var allServer = new Histogram(MAX_LATENCY_MICROS, 3);
        for (var query : queries.entrySet()) {
            var server = new Histogram(MAX_LATENCY_MICROS, 3);
            var round = new Histogram(MAX_LATENCY_MICROS, 3);
            var shown = 0;
            for (int i = 0; i < warmup + iterations; i++) {
                var t0 = System.nanoTime();
                var page = session.get(base + query.getValue());
                var micros = (System.nanoTime() - t0) / 1000;
                if (page.status() != 200) {
                    problems.add("%s answered %d".formatted(query.getKey(), page.status()));
                    break;
                }
                if (i >= warmup) {
                    round.recordValue(Math.min(MAX_LATENCY_MICROS, micros));
                    if (page.serverMillis() >= 0) {
                        var serverMicros = Math.min(MAX_LATENCY_MICROS, (long) (page.serverMillis() * 1000));
                        server.recordValue(serverMicros);
                        allServer.recordValue(serverMicros);
                    }
                    shown = page.body().split("<a href=\"/console/incidents/", -1).length - 1;
                }
            }
            lines.add("%-34s %8.1fms %8.1fms %8.1fms %10.1fms %12d"
                    .formatted(
                            query.getKey(),
                            server.getValueAtPercentile(50) / 1000.0,
                            server.getValueAtPercentile(95) / 1000.0,
                            server.getValueAtPercentile(99) / 1000.0,
                            round.getValueAtPercentile(95) / 1000.0,
                            shown));
        }
        lines.add("");
        var p95 = allServer.getValueAtPercentile(95) / 1000.0;
        lines.add("all queries: server p95 %.1f ms (target under 300 ms): %s"
                .formatted(p95, p95 < 300 ? "met" : "MISSED"));
        problems.forEach(p -> lines.add("PROBLEM: " + p));
        var text = String.join("\n", lines) + "\n";
        System.out.println();
        System.out.print(text);
        var dir = options.path("results-dir");
        Files.createDirectories(dir);
        var file = dir.resolve("console-" + STAMP.format(started) + ".txt");
        Files.writeString(file, text);
        say("report written to " + file);
        return problems.isEmpty() ? 0 : 1;
    }

    // ------------------------------------------------------------------ run

    private int run() throws Exception {
        var incidents = options.integer("incidents", 1);
        var concurrency = options.integer("concurrency", 1);
        var warmup = options.integer("warmup", 0);
        var searchDocs = options.integer("search-docs", 0);
        var iterations = options.integer("search-iterations", 1);
        var searchWarmup = options.integer("search-warmup", 0);
        report.header(started, runTag, options.all());
        say("run %s: %d incidents at concurrency %d, search on %d, %d iterations"
                .formatted(runTag, incidents, concurrency, searchDocs, iterations));
        preflight();

        // ---------------------------------------------------------------- phase A
        if (warmup > 0) {
            say("warm-up: %d API creations (not counted)".formatted(warmup));
            var bodies = bodies(Dataset.Kind.WARMUP, warmup);
            create(bodies, concurrency, new Histogram(MAX_LATENCY_MICROS, 3), new ConcurrentHashMap<>());
        }
        say("phase A: %d API creations, %d workers".formatted(incidents, concurrency));
        var bodies = bodies(Dataset.Kind.API, incidents);
        var latency = new Histogram(MAX_LATENCY_MICROS, 3);
        var statuses = new ConcurrentHashMap<Integer, Integer>();
        var bulkBefore = bulkStats();
        var tablesBefore = tableStats();
        var threadsBefore = cpu.serviceThreads();
        var cpuBefore = cpu.sample();
        double apiSeconds;
        List<String> dbProfileA;
        long maxBacklog;
        try (var sampler = new DbSampler(floor.connect(), 100, true)) {
            apiSeconds = create(bodies, concurrency, latency, statuses);
            sampler.close();
            dbProfileA = sampler.top(10);
            maxBacklog = sampler.maxOutbox();
        }
        var cpuPosts = CpuMeter.delta(cpuBefore, cpu.sample());
        var threadsPosts = CpuMeter.delta(threadsBefore, cpu.serviceThreads());
        var created = statuses.getOrDefault(201, 0);
        say("phase A: %d created in %.1f s (%.0f/s); measuring the indexing lag"
                .formatted(created, apiSeconds, created / apiSeconds));
        var lag = indexingLag(created, maxBacklog);
        var cpuWithIndexing = CpuMeter.delta(cpuBefore, cpu.sample());
        var bulkApi = bulkStats().minus(bulkBefore);
        Thread.sleep(1500); // PostgreSQL backends publish their counters at most once a second
        report.note("PostgreSQL per API-created incident (pg_stat_database, pg_stat_user_tables): "
                + perIncident(tablesBefore, tableStats(), created));
        checkServiceRows(incidents);

        // ---------------------------------------------------------------- phase B
        say(
                "phase B: floor, %d incidents: JDBC (%d connections, %d per transaction) and _bulk (%d streams, %d per request)"
                        .formatted(
                                incidents,
                                concurrency,
                                options.integer("jdbc-batch", 1),
                                options.integer("bulk-streams", 1),
                                options.integer("bulk-batch", 1)));
        var floorIncidents = IntStream.range(0, incidents)
                .mapToObj(i -> dataset.incident(Dataset.Kind.FLOOR, i))
                .toList();
        bulkBefore = bulkStats();
        tablesBefore = tableStats();
        cpuBefore = cpu.sample();
        Floor.Timing floorTiming;
        List<String> dbProfileB;
        try (var sampler = new DbSampler(floor.connect(), 100, false)) {
            floorTiming = floor.concurrently(
                    floorIncidents,
                    concurrency,
                    options.integer("jdbc-batch", 1),
                    options.integer("bulk-streams", 1),
                    options.integer("bulk-batch", 1));
            sampler.close();
            dbProfileB = sampler.top(6);
        }
        var cpuFloor = CpuMeter.delta(cpuBefore, cpu.sample());
        var bulkFloor = bulkStats().minus(bulkBefore);
        Thread.sleep(1500);
        report.note("PostgreSQL per floor incident: " + perIncident(tablesBefore, tableStats(), incidents));
        say("phase B: floor %.1f s (%.0f/s)"
                .formatted(floorTiming.wallSeconds(), incidents / floorTiming.wallSeconds()));
        compareDocuments();

        report.phaseA(
                incidents,
                concurrency,
                warmup,
                created,
                statuses,
                apiSeconds,
                latency,
                lag,
                floorTiming,
                cpuPosts,
                cpuWithIndexing,
                cpuFloor,
                dbProfileA,
                dbProfileB,
                bulkApi,
                bulkFloor);
        otherLoad("phase A (POSTs)", cpuPosts, apiSeconds);
        var split = new StringBuilder();
        threadsPosts.forEach((kind, seconds) ->
                split.append(", %s %.2f".formatted(kind, 1000 * seconds / Math.max(1, created))));
        report.note("service CPU seconds per 1,000 incidents during the POSTs, by thread kind" + split);
        otherLoad("phase B (floor)", cpuFloor, floorTiming.wallSeconds());

        // ---------------------------------------------------------------- phase C
        refresh();
        var present = countTenant();
        Floor.Timing fill = null;
        if (present < searchDocs) {
            var missing = (int) (searchDocs - present);
            say("phase C: %d incidents of %s in the index; loading %d more with the floor path"
                    .formatted(present, tenant, missing));
            fill = fill(missing, concurrency);
            refresh();
            present = countTenant();
        }
        checkCounts(present, searchDocs);
        say("phase C: %d incidents of %s; %d searches x %d (+%d warm-up), API and Elasticsearch alternately"
                .formatted(present, tenant, SearchQueries.standard().size(), iterations, searchWarmup));
        var results = search(iterations, searchWarmup);
        report.phaseC(present, fill, iterations, searchWarmup, results, SEARCH_TARGET);

        // ---------------------------------------------------------------- report
        report.problems(problems);
        var text = report.text();
        System.out.println();
        System.out.print(text);
        var dir = options.path("results-dir");
        Files.createDirectories(dir);
        var file = dir.resolve(STAMP.format(started) + ".txt");
        Files.writeString(file, text);
        say("report written to " + file);
        if (!problems.isEmpty()) {
            return 1;
        }
        var missed = results.stream().anyMatch(r -> r.ratio() > SEARCH_TARGET);
        return missed && options.flag("fail-on-target") ? 3 : 0;
    }

    /** Notes when processes outside the benchmark took a noticeable share of the CPU during a phase. */
    private void otherLoad(String phase, Map<String, Double> cpuSeconds, double wallSeconds) {
        var other = cpuSeconds.getOrDefault(CpuMeter.OTHER, 0.0) / wallSeconds;
        if (other > 0.10) {
            report.note("WARNING: other processes used %.0f%% of a core during %s: the figures are disturbed"
                    .formatted(100 * other, phase));
        }
    }

    /** The service is ready, the token works and names the tenant, the alias and the database are there. */
    private void preflight() throws Exception {
        var ready = http.get(api + "/q/health/ready");
        if (ready.status() != 200) {
            throw new IllegalStateException(
                    "the service at " + api + " is not ready: " + ready.status() + " " + ready.text());
        }
        var me = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/tenants/me"))
                .timeout(Http.TIMEOUT)
                .header("Authorization", tokens.bearer())
                .GET()
                .build());
        if (me.status() != 200 || !tenant.equals(http.read(me).path("id").asText())) {
            throw new IllegalStateException("GET /api/v1/tenants/me as " + options.get("user") + " answered "
                    + me.status() + " " + me.text() + "; expected tenant " + tenant);
        }
        var aliasAnswer = http.get(es + "/_alias/" + alias);
        if (aliasAnswer.status() != 200) {
            throw new IllegalStateException("Elasticsearch has no alias " + alias + " (" + aliasAnswer.status()
                    + "): is the service running with opencirt.search.index-prefix=" + options.get("index-prefix")
                    + "?");
        }
        try (var c = floor.connect();
                var s = c.createStatement();
                var rs = s.executeQuery("select count(*) from incident")) {
            rs.next();
            report.note("database at start: %d incidents (%s)".formatted(rs.getLong(1), options.get("jdbc-url")));
        }
        report.note("index at start: %d documents of %s in %s".formatted(countTenant(), tenant, alias));
        var nodes = http.read(http.get(es + "/_nodes/_local?filter_path=nodes.*.version"))
                .path("nodes");
        report.environment(
                Runtime.getRuntime().availableProcessors(),
                nodes.isEmpty() ? "?" : nodes.elements().next().path("version").asText("?"));
    }

    private List<byte[]> bodies(Dataset.Kind kind, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> dataset.apiBody(dataset.incident(kind, i)))
                .toList();
    }

    /** POSTs every body with {@code workers} threads; per request latency in µs. @return wall seconds */
    private double create(List<byte[]> bodies, int workers, Histogram latency, Map<Integer, Integer> statuses)
            throws Exception {
        var next = new AtomicInteger();
        var histograms = new ArrayList<Histogram>();
        var firstError = new AtomicReference<String>();
        var uri = URI.create(api + "/api/v1/incidents");
        var start = System.nanoTime();
        Floor.runAll(workers, w -> {
            var mine = new Histogram(MAX_LATENCY_MICROS, 3);
            synchronized (histograms) {
                histograms.add(mine);
            }
            int i;
            while ((i = next.getAndIncrement()) < bodies.size()) {
                if (System.nanoTime() - start > deadlineNanos) {
                    throw new IllegalStateException("phase took longer than --phase-timeout");
                }
                var request = HttpRequest.newBuilder(uri)
                        .timeout(Http.TIMEOUT)
                        .header("Authorization", tokens.bearer())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i)))
                        .build();
                var t0 = System.nanoTime();
                int status;
                String error = null;
                try {
                    var answer = http.send(request);
                    status = answer.status();
                    if (status != 201) {
                        error = status + " " + answer.text();
                    }
                } catch (IOException e) {
                    status = -1;
                    error = e.toString();
                }
                mine.recordValue(Math.min(MAX_LATENCY_MICROS, (System.nanoTime() - t0) / 1000));
                statuses.merge(status, 1, Integer::sum);
                if (error != null && firstError.compareAndSet(null, error)) {
                    problems.add("POST /api/v1/incidents failed: " + abbreviate(error));
                }
            }
            return null;
        });
        var seconds = (System.nanoTime() - start) / 1e9;
        histograms.forEach(latency::add);
        var failed = bodies.size() - statuses.getOrDefault(201, 0);
        if (failed > 0) {
            problems.add(
                    "%d of %d POSTs did not answer 201: %s".formatted(failed, bodies.size(), new TreeMap<>(statuses)));
        }
        return seconds;
    }

    /** Times after the last POST: until the outbox is empty, and until Elasticsearch counts every incident of the run. */
    record Lag(double outboxDrainedSeconds, double searchableSeconds, long maxBacklog) {}

    private Lag indexingLag(int expected, long maxBacklog) throws Exception {
        var start = System.nanoTime();
        double drained = -1;
        double searchable = -1;
        var backlog = maxBacklog;
        try (var c = floor.connect();
                var s = c.prepareStatement("select count(*) from outbox")) {
            while (System.nanoTime() - start < deadlineNanos) {
                if (drained < 0) {
                    try (var rs = s.executeQuery()) {
                        rs.next();
                        var pending = rs.getLong(1);
                        backlog = Math.max(backlog, pending);
                        if (pending == 0) {
                            drained = (System.nanoTime() - start) / 1e9;
                        }
                    }
                }
                if (searchable < 0 && countTag(runTag) >= expected) {
                    searchable = (System.nanoTime() - start) / 1e9;
                }
                if (drained >= 0 && searchable >= 0) {
                    break;
                }
                Thread.sleep(50);
            }
        }
        if (drained < 0 || searchable < 0) {
            problems.add("the index did not catch up within --phase-timeout");
        }
        return new Lag(drained, searchable, backlog);
    }

    /** The service stored each incident with its 10 observables (none extracted) and one timeline entry. */
    private void checkServiceRows(int expected) throws SQLException {
        try (var c = floor.connect();
                var s = c.prepareStatement("""
                select count(*), min(version), max(version),
                       (select count(*) from observable o join incident j on j.id = o.incident_id where ? = any(j.tags)),
                       (select count(*) from observable o join incident j on j.id = o.incident_id
                         where ? = any(j.tags) and o.origin <> 'MANUAL'),
                       (select count(*) from timeline_entry t join incident j on j.id = t.incident_id where ? = any(j.tags))
                from incident where ? = any(tags)""")) {
            for (int p = 1; p <= 4; p++) {
                s.setString(p, runTag);
            }
            try (var rs = s.executeQuery()) {
                rs.next();
                var rows = rs.getLong(1);
                var line =
                        "service rows of phase A: %d incidents (version %d..%d), %d observables (%d extracted), %d timeline entries"
                                .formatted(
                                        rows,
                                        rs.getLong(2),
                                        rs.getLong(3),
                                        rs.getLong(4),
                                        rs.getLong(5),
                                        rs.getLong(6));
                report.note(line);
                if (rows != expected
                        || rs.getLong(4) != expected * (long) Dataset.OBSERVABLES
                        || rs.getLong(5) != 0
                        || rs.getLong(6) != expected) {
                    problems.add("unexpected " + line);
                }
            }
        }
    }

    /** A document the service indexed and one the floor indexed have the same fields. */
    private void compareDocuments() throws Exception {
        refresh();
        var service = firstDocument(dataset.tag(Dataset.Kind.API));
        var ours = firstDocument(dataset.tag(Dataset.Kind.FLOOR));
        if (service == null || ours == null) {
            problems.add("could not fetch a document of phase A and one of phase B to compare");
            return;
        }
        var a = new TreeSet<String>();
        service.fieldNames().forEachRemaining(a::add);
        var b = new TreeSet<String>();
        ours.fieldNames().forEachRemaining(b::add);
        if (a.equals(b)) {
            report.note("documents: the floor's have the same %d fields as the service's".formatted(a.size()));
        } else {
            problems.add("document fields differ: service " + a + ", floor " + b);
        }
    }

    private JsonNode firstDocument(String tag) throws Exception {
        var answer = http.postJson(
                es + "/" + alias + "/_search", "{\"size\":1,\"query\":{\"term\":{\"tags\":\"" + tag + "\"}}}");
        var hits = http.read(answer).path("hits").path("hits");
        return hits.isEmpty() ? null : hits.get(0).path("_source");
    }

    private Floor.Timing fill(int missing, int concurrency) throws Exception {
        var chunk = 20_000;
        double jdbc = 0;
        double bulk = 0;
        double wall = 0;
        for (int from = 0; from < missing; from += chunk) {
            var to = Math.min(missing, from + chunk);
            var incidents = IntStream.range(from, to)
                    .mapToObj(i -> dataset.incident(Dataset.Kind.FILL, i))
                    .toList();
            var t = floor.sequentially(
                    incidents,
                    concurrency,
                    options.integer("jdbc-batch", 1),
                    options.integer("bulk-streams", 1),
                    options.integer("bulk-batch", 1));
            jdbc += t.jdbcSeconds();
            bulk += t.bulkSeconds();
            wall += t.wallSeconds();
            say("phase C: loaded %d of %d".formatted(to, missing));
        }
        return new Floor.Timing(missing, jdbc, bulk, wall);
    }

    private void checkCounts(long indexed, int wanted) throws SQLException {
        try (var c = floor.connect();
                var s = c.prepareStatement("select count(*) from incident where tenant = ?")) {
            s.setString(1, tenant);
            try (var rs = s.executeQuery()) {
                rs.next();
                var rows = rs.getLong(1);
                report.note("phase C data: %d incidents of %s in PostgreSQL, %d in the index"
                        .formatted(rows, tenant, indexed));
                if (rows != indexed) {
                    problems.add(
                            "PostgreSQL holds %d incidents of %s but the index %d".formatted(rows, tenant, indexed));
                }
            }
        }
        if (indexed < wanted) {
            problems.add("the index holds %d incidents of %s, fewer than --search-docs %d"
                    .formatted(indexed, tenant, wanted));
        }
    }

    /** One search's figures: both sides' latency, the hits. */
    record SearchResult(SearchQueries.Query query, Histogram api, Histogram elasticsearch, long total, double ratio) {}

    private List<SearchResult> search(int iterations, int warmup) throws Exception {
        var results = new ArrayList<SearchResult>();
        var start = System.nanoTime();
        for (var query : SearchQueries.standard()) {
            var apiRequest = api + "/api/v1/incidents?" + query.apiQueryString();
            var esRequest = es + "/" + alias + "/_search?typed_keys=true";
            var esBody = query.elasticsearchBody(tenant, json);
            var apiLatency = new Histogram(MAX_LATENCY_MICROS, 3);
            var esLatency = new Histogram(MAX_LATENCY_MICROS, 3);
            long total = -1;
            for (int k = 0; k < warmup + iterations; k++) {
                if (System.nanoTime() - start > deadlineNanos) {
                    throw new IllegalStateException("phase C took longer than --phase-timeout");
                }
                var measured = k >= warmup;
                Http.Answer apiAnswer;
                Http.Answer esAnswer;
                // Alternate which side goes first, so neither always finds the caches warmed by the other.
                if (k % 2 == 0) {
                    apiAnswer = timed(() -> apiGet(apiRequest), measured ? apiLatency : null);
                    esAnswer = timed(() -> http.postJson(esRequest, esBody), measured ? esLatency : null);
                } else {
                    esAnswer = timed(() -> http.postJson(esRequest, esBody), measured ? esLatency : null);
                    apiAnswer = timed(() -> apiGet(apiRequest), measured ? apiLatency : null);
                }
                if (apiAnswer.status() != 200 || esAnswer.status() != 200) {
                    throw new IllegalStateException("search '%s': API answered %d (%s), Elasticsearch %d (%s)"
                            .formatted(
                                    query.name(),
                                    apiAnswer.status(),
                                    abbreviate(apiAnswer.text()),
                                    esAnswer.status(),
                                    abbreviate(esAnswer.text())));
                }
                if (k == 0) {
                    total = sameAnswer(query, apiAnswer, esAnswer);
                }
            }
            var ratio = (double) apiLatency.getValueAtPercentile(95) / esLatency.getValueAtPercentile(95);
            results.add(new SearchResult(query, apiLatency, esLatency, total, ratio));
            say("phase C: %-32s API p95 %7.2f ms, Elasticsearch p95 %7.2f ms, %.2fx"
                    .formatted(
                            query.name(),
                            apiLatency.getValueAtPercentile(95) / 1000.0,
                            esLatency.getValueAtPercentile(95) / 1000.0,
                            ratio));
        }
        return results;
    }

    /** The API and Elasticsearch found the same total and the same incidents in the same order. @return the total */
    private long sameAnswer(SearchQueries.Query query, Http.Answer apiAnswer, Http.Answer esAnswer) throws IOException {
        var a = http.read(apiAnswer);
        var e = http.read(esAnswer);
        var apiIds = new ArrayList<String>();
        a.path("items").forEach(item -> apiIds.add(item.path("id").asText()));
        var esIds = new ArrayList<String>();
        e.path("hits").path("hits").forEach(hit -> esIds.add(hit.path("_id").asText()));
        var apiTotal = a.path("total").asLong(-1);
        var esTotal = e.path("hits").path("total").path("value").asLong(-2);
        if (apiTotal != esTotal || !apiIds.equals(esIds)) {
            problems.add("search '%s': the API found %d (%d items) but Elasticsearch %d (%d hits)%s"
                    .formatted(
                            query.name(),
                            apiTotal,
                            apiIds.size(),
                            esTotal,
                            esIds.size(),
                            apiIds.equals(esIds) ? "" : ", in another order"));
        }
        if (apiTotal == 0) {
            problems.add("search '%s' found nothing: the data set does not exercise it".formatted(query.name()));
        }
        return apiTotal;
    }

    private Http.Answer apiGet(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Http.TIMEOUT)
                .header("Authorization", tokens.bearer())
                .header("Accept", "application/json")
                .GET()
                .build());
    }

    private interface Call {
        Http.Answer call() throws IOException, InterruptedException;
    }

    private static Http.Answer timed(Call call, Histogram into) throws IOException, InterruptedException {
        var t0 = System.nanoTime();
        var answer = call.call();
        if (into != null) {
            into.recordValue(Math.min(MAX_LATENCY_MICROS, (System.nanoTime() - t0) / 1000));
        }
        return answer;
    }

    // ------------------------------------------------------------------ Elasticsearch helpers

    private void refresh() throws Exception {
        var answer = http.send(HttpRequest.newBuilder(URI.create(es + "/" + alias + "/_refresh"))
                .timeout(Http.TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        if (answer.status() != 200) {
            throw new IllegalStateException("_refresh answered " + answer.status() + " " + answer.text());
        }
    }

    /** Bulk requests and documents indexed into the benchmark index so far (its primaries). */
    record BulkStats(long requests, long documents) {
        BulkStats minus(BulkStats before) {
            return new BulkStats(requests - before.requests, documents - before.documents);
        }
    }

    private BulkStats bulkStats() throws Exception {
        var answer = http.get(es + "/" + alias + "/_stats/bulk,indexing");
        var primaries = http.read(answer).path("_all").path("primaries");
        return new BulkStats(
                primaries.path("bulk").path("total_operations").asLong(-1),
                primaries.path("indexing").path("index_total").asLong(-1));
    }

    /** PostgreSQL's cumulative counters of the benchmark database: commits, and rows written per table. */
    private Map<String, Long> tableStats() throws SQLException {
        var stats = new java.util.TreeMap<String, Long>();
        try (var c = floor.connect();
                var s = c.createStatement()) {
            try (var rs =
                    s.executeQuery("select xact_commit from pg_stat_database where datname = current_database()")) {
                rs.next();
                stats.put(" transactions committed", rs.getLong(1));
            }
            try (var rs = s.executeQuery("""
                    select relname, n_tup_ins, n_tup_upd, n_tup_del from pg_stat_user_tables
                    where relname in ('incident', 'incident_sequence', 'observable', 'timeline_entry', 'outbox')""")) {
                while (rs.next()) {
                    stats.put(rs.getString(1) + " inserted", rs.getLong(2));
                    stats.put(rs.getString(1) + " updated", rs.getLong(3));
                    stats.put(rs.getString(1) + " deleted", rs.getLong(4));
                }
            }
        }
        return stats;
    }

    /** The counters' growth per incident, the non-zero ones. */
    private static String perIncident(Map<String, Long> before, Map<String, Long> after, long incidents) {
        var text = new StringBuilder();
        after.forEach((k, v) -> {
            var delta = v - before.getOrDefault(k, 0L);
            if (delta > 0) {
                text.append(text.isEmpty() ? "" : ", ")
                        .append("%s %.2f".formatted(k.strip(), (double) delta / incidents));
            }
        });
        return text.toString();
    }

    private long countTenant() throws Exception {
        return count("{\"query\":{\"term\":{\"visible_to\":\"" + tenant + "\"}}}");
    }

    private long countTag(String tag) throws Exception {
        return count("{\"query\":{\"term\":{\"tags\":\"" + tag + "\"}}}");
    }

    private long count(String body) throws Exception {
        var answer = http.postJson(es + "/" + alias + "/_count", body);
        if (answer.status() != 200) {
            throw new IllegalStateException("_count answered " + answer.status() + " " + answer.text());
        }
        return http.read(answer).path("count").asLong();
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static void say(String message) {
        System.out.println("opencirt-bench: " + message);
    }
}
