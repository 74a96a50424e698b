package org.opencirt.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * The feed benchmark ({@code feeds}), against a running service that reads the benchmark's feed
 * definition ({@code bench/feeds/bench-indicators.yaml}) and whose {@code opencirt.feeds.file-root}
 * is {@code --feed-root} (see {@code bin/opencirt bench feeds}):
 * <ol>
 *   <li><b>Phase F, ingestion</b>: a CSV of N distinct indicators generated into the file root;
 *       the floor (the same N documents, as the service writes them, sent with _bulk create
 *       straight to Elasticsearch into an index of their own with the same mapping, from 2
 *       streams; the index is deleted afterwards), then the feed run through the API, polled
 *       until it ends, then the floor again: indicators/s of the service and of the faster floor,
 *       and their ratio (target at least 0.8). Two floors around the service's run, because this
 *       shared machine sometimes slows down for tens of seconds: one full run's floor reached
 *       two thirds of the speed the same floor has alone.</li>
 *   <li><b>Phase G, correlation</b>: an incident with 1,000 observables, a fifth of them equal to
 *       indicators, created through the API, then {@code POST /api/v1/incidents/{id}/correlation}
 *       timed one request at a time; p50/p95/max (target p95 under 100 ms) and the matches.</li>
 * </ol>
 * Prints a table and writes it to {@code <results-dir>/<timestamp>-feeds.txt}.
 */
final class FeedBench {

    static final double INGEST_TARGET = 0.8;
    static final double CORRELATION_TARGET_MS = 100;
    private static final long MAX_LATENCY_MICROS = 120_000_000L;
    private static final int DOCUMENT_SAMPLES = 200;
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Options options;
    private final Http http = new Http();
    private final ObjectMapper json = new ObjectMapper();
    private final Http.Tokens admin;
    private final Http.Tokens analyst;
    private final String api;
    private final String es;
    private final String alias;
    private final String floorIndex;
    private final Instant started = Instant.now();
    private final String runTag = "bench-" + STAMP.format(started);
    private final CpuMeter cpu;
    private final Report report = new Report();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final long deadlineNanos;

    FeedBench(Options options) {
        this.options = options;
        this.api = options.url("api-url");
        this.es = options.url("es-url");
        this.alias = options.get("index-prefix") + "-indicators";
        this.floorIndex = options.get("index-prefix") + "-floor-indicators";
        this.admin = http
        .new Tokens(
                options.get("token-url"),
                options.get("client-id"),
                options.get("admin-user"),
                options.get("admin-password"));
        this.analyst = http
        .new Tokens(options.get("token-url"), options.get("client-id"), options.get("user"), options.get("password"));
        var pid = options.get("service-pid");
        this.cpu = new CpuMeter(pid.isBlank() ? -1 : Long.parseLong(pid));
        this.deadlineNanos = options.seconds("phase-timeout").toNanos();
    }

    // ------------------------------------------------------------------ figures, for the report

    /** Counters of an index (or alias) from {@code _stats}, by "section.field". */
    record IndexStats(Map<String, Long> values) {
        IndexStats minus(IndexStats before) {
            var delta = new LinkedHashMap<String, Long>();
            values.forEach((k, v) -> delta.put(k, v - before.values.getOrDefault(k, 0L)));
            return new IndexStats(delta);
        }

        long get(String key) {
            return values.getOrDefault(key, 0L);
        }
    }

    /** The service's run: its record at the end, times, what it wrote over time. */
    record Ingest(
            JsonNode run,
            double wallSeconds,
            double serverSeconds,
            List<double[]> progress,
            IndexStats elasticsearch,
            Map<String, Double> cpu,
            Map<String, Double> threads,
            long segments) {
        long counted(String field) {
            return run.path(field).asLong();
        }
    }

    /** The floor's _bulk. */
    record FloorRun(
            double seconds,
            int requests,
            long documents,
            IndexStats elasticsearch,
            Map<String, Double> cpu,
            long segments) {}

    /** Phase G. */
    record Correlation(
            int observables,
            int planted,
            int unmatchedAddresses,
            Histogram latency,
            int matches,
            int firstAdded,
            int plantedMatched,
            int unexpected,
            IndexStats elasticsearch,
            Map<String, Double> cpu,
            int iterations,
            double seconds) {}

    // ------------------------------------------------------------------ run

    int run() throws Exception {
        var n = options.integer("indicators", 1);
        var streams = options.integer("bulk-streams", 1);
        var batch = options.integer("indicator-bulk-batch", 1);
        var observables = options.integer("correlation-observables", 1);
        var iterations = options.integer("correlation-iterations", 1);
        var warmup = options.integer("correlation-warmup", 0);
        var ingestWarmup = options.integer("ingest-warmup", 0);
        report.header(started, runTag, options.all());
        say("run %s: %,d indicators; correlation of %,d observables, %d iterations"
                .formatted(runTag, n, observables, iterations));
        preflight();

        // ---------------------------------------------------------------- the CSV
        var csv = options.path("feed-root").resolve(Indicators.CSV_NAME);
        var t0 = System.nanoTime();
        var set = new Indicators(
                n,
                ingestWarmup,
                LocalDate.now(ZoneOffset.UTC),
                options.path("warninglists"),
                Math.max(1000, observables));
        if (ingestWarmup > 0) {
            warmUp(set, csv, ingestWarmup);
        }
        var warmed = count(alias);
        if (warmed != 0) {
            problems.add("the index holds %,d indicators after the warm-up's were deleted".formatted(warmed));
        }
        t0 = System.nanoTime();
        var bytes = set.writeCsv(csv);
        say("generated %s: %,d indicators, %,d bytes, in %.1f s"
                .formatted(csv, n, bytes, (System.nanoTime() - t0) / 1e9));
        var maxBytes = 104_857_600L; // the service's default opencirt.feeds.max-bytes
        if (bytes > maxBytes) {
            problems.add(
                    "the CSV has %,d bytes, more than the service's default opencirt.feeds.max-bytes (%,d): the run will fail"
                            .formatted(bytes, maxBytes));
        }

        // ---------------------------------------------------------------- phase F: floor, service, floor again
        say("phase F: floor 1 of 2, %,d documents with _bulk create into %s, %d streams x %,d per request"
                .formatted(n, floorIndex, streams, batch));
        var floorBefore = floor(set, streams, batch);
        say("phase F: floor 1 %.1f s (%,.0f docs/s)".formatted(floorBefore.seconds(), n / floorBefore.seconds()));

        say("phase F: POST /api/v1/feeds/%s/runs as %s, polling the run"
                .formatted(Indicators.FEED_ID, options.get("admin-user")));
        var ingest = ingest(n);
        say("phase F: service %s in %.1f s (%,.0f indicators/s)"
                .formatted(
                        ingest.run().path("status").asText(),
                        ingest.wallSeconds(),
                        ingest.counted("created") / ingest.wallSeconds()));
        checkRun(ingest, n);
        refresh(alias);
        var indexed = count(alias) - warmed;
        report.note("index after the run: %,d more indicators in %s".formatted(indexed, alias));
        if (indexed != n) {
            problems.add("the service's index holds %,d more indicators after the run, not %,d".formatted(indexed, n));
        }
        if (ingest.counted("created") > 0) {
            compareDocuments(set, ingest);
        }

        settle("floor 2");
        say("phase F: floor 2 of 2 (after the service's run)");
        var floorAfter = floor(set, streams, batch);
        say("phase F: floor 2 %.1f s (%,.0f docs/s)".formatted(floorAfter.seconds(), n / floorAfter.seconds()));
        var floor = floorAfter.seconds() < floorBefore.seconds() ? floorAfter : floorBefore;
        for (var f : List.of(floorBefore, floorAfter)) {
            var cores =
                    f.cpu().values().stream().mapToDouble(Double::doubleValue).sum() / f.seconds();
            if (cores < 1.7) {
                report.note(
                        ("WARNING: a floor kept only %.2f of the 2 cores busy (%,.0f docs/s): something else than CPU held "
                                        + "Elasticsearch back then (disk, this shared machine): the faster floor is the one compared")
                                .formatted(cores, f.documents() / f.seconds()));
            }
        }
        var spread = Math.abs(floorBefore.seconds() - floorAfter.seconds())
                / Math.min(floorBefore.seconds(), floorAfter.seconds());
        if (spread > 0.15 && Math.min(floorBefore.seconds(), floorAfter.seconds()) >= 5) {
            report.note(
                    "WARNING: the two floors differ by %.0f%%: the machine's speed varied during the run; compare runs"
                            .formatted(100 * spread));
        }

        // ---------------------------------------------------------------- phase G
        settle("phase G");
        say("phase G: an incident with %,d observables; %d x POST .../correlation (+%d warm-up)"
                .formatted(observables, iterations, warmup));
        var correlation = correlation(set, observables, warmup, iterations);
        say("phase G: p95 %.2f ms, %d matches".formatted(Report.ms(correlation.latency(), 95), correlation.matches()));

        // ---------------------------------------------------------------- report
        report.feeds(n, bytes, streams, batch, ingest, floorBefore, floorAfter, INGEST_TARGET);
        report.correlation(correlation, n, CORRELATION_TARGET_MS);
        otherLoad("phase F (service run)", ingest.cpu(), ingest.wallSeconds());
        otherLoad("phase F (floor 1)", floorBefore.cpu(), floorBefore.seconds());
        otherLoad("phase F (floor 2)", floorAfter.cpu(), floorAfter.seconds());
        otherLoad("phase G", correlation.cpu(), correlation.seconds());
        report.problems(problems);
        var text = report.text();
        System.out.println();
        System.out.print(text);
        var dir = options.path("results-dir");
        Files.createDirectories(dir);
        var file = dir.resolve(STAMP.format(started) + "-feeds.txt");
        Files.writeString(file, text);
        say("report written to " + file);
        if (!problems.isEmpty()) {
            return 1;
        }
        var ratio = (ingest.counted("created") / ingest.wallSeconds()) / (floor.documents() / floor.seconds());
        var missed = ratio < INGEST_TARGET || Report.ms(correlation.latency(), 95) >= CORRELATION_TARGET_MS;
        return missed && options.flag("fail-on-target") ? 3 : 0;
    }

    private void otherLoad(String phase, Map<String, Double> cpuSeconds, double wallSeconds) {
        var other = cpuSeconds.getOrDefault(CpuMeter.OTHER, 0.0) / wallSeconds;
        if (other > 0.10) {
            report.note("WARNING: other processes used %.0f%% of a core during %s: the figures are disturbed"
                    .formatted(100 * other, phase));
        }
    }

    /** The service is ready, both users' tokens work, the feed is there and idle, the indicator index is empty. */
    private void preflight() throws Exception {
        var ready = http.get(api + "/q/health/ready");
        if (ready.status() != 200) {
            throw new IllegalStateException(
                    "the service at " + api + " is not ready: " + ready.status() + " " + ready.text());
        }
        var feed = apiCall(admin, "GET", "/api/v1/feeds/" + Indicators.FEED_ID, null);
        if (feed.status() != 200) {
            throw new IllegalStateException(
                    ("GET /api/v1/feeds/%s as %s answered %d %s: does the service read bench/feeds "
                                    + "(opencirt.feeds.extra-dirs)?")
                            .formatted(
                                    Indicators.FEED_ID,
                                    options.get("admin-user"),
                                    feed.status(),
                                    abbreviate(feed.text())));
        }
        var definition = http.read(feed);
        report.note("feed %s: %s, scope %s, enabled %s, last run %s"
                .formatted(
                        Indicators.FEED_ID,
                        definition.path("url").asText(),
                        definition.path("scope").asText(),
                        definition.path("enabled").asText(),
                        definition.path("lastRun").isNull()
                                ? "none"
                                : definition.path("lastRun").path("status").asText()));
        var me = apiCall(analyst, "GET", "/api/v1/tenants/me", null);
        if (me.status() != 200) {
            throw new IllegalStateException(
                    "GET /api/v1/tenants/me as " + options.get("user") + " answered " + me.status());
        }
        if (http.get(es + "/_alias/" + alias).status() != 200) {
            throw new IllegalStateException("Elasticsearch has no alias " + alias + ": is the service running with "
                    + "opencirt.search.index-prefix=" + options.get("index-prefix") + "?");
        }
        var present = count(alias);
        report.note("index at start: %,d indicators in %s".formatted(present, alias));
        if (present > 0) {
            problems.add("the indicator index held %,d documents at start: the run merges into them instead of creating"
                    .formatted(present));
        }
        var nodes = http.read(http.get(es + "/_nodes/_local?filter_path=nodes.*.version"))
                .path("nodes");
        report.environment(
                Runtime.getRuntime().availableProcessors(),
                nodes.isEmpty() ? "?" : nodes.elements().next().path("version").asText("?"));
    }

    // ------------------------------------------------------------------ phase F: the floor

    /**
     * Creates the floor's index with the service's indicator mapping (1 shard, 0 replicas), sends
     * every document with _bulk create from {@code streams} threads, checks the count, deletes the
     * index. The time runs from the first request to the last answer, documents serialised in the
     * streams as they go.
     */
    private FloorRun floor(Indicators set, int streams, int batch) throws Exception {
        var n = set.count();
        http.send(HttpRequest.newBuilder(URI.create(es + "/" + floorIndex))
                .timeout(Http.TIMEOUT)
                .DELETE()
                .build());
        var settings = json.createObjectNode();
        settings.putObject("settings").put("number_of_shards", 1).put("number_of_replicas", 0);
        settings.set("mappings", json.readTree(Files.readString(options.path("indicator-mappings"))));
        var created = http.send(HttpRequest.newBuilder(URI.create(es + "/" + floorIndex))
                .timeout(Http.TIMEOUT)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(settings.toString()))
                .build());
        if (created.status() != 200) {
            throw new IllegalStateException(
                    "creating " + floorIndex + " answered " + created.status() + " " + created.text());
        }
        try {
            var now = Instant.now();
            var next = new AtomicInteger();
            var requests = new AtomicInteger();
            var statsBefore = indexStats(floorIndex);
            var cpuBefore = cpu.sample();
            var start = System.nanoTime();
            Floor.runAll(streams, w -> {
                int from;
                while ((from = next.getAndAdd(batch)) < n) {
                    if (System.nanoTime() - start > deadlineNanos) {
                        throw new IllegalStateException("the floor took longer than --phase-timeout");
                    }
                    var body = ndjson(set, from, Math.min(n, from + batch), now);
                    var answer = http.send(HttpRequest.newBuilder(URI.create(es + "/_bulk"))
                            .timeout(Http.TIMEOUT.multipliedBy(4))
                            .header("Content-Type", "application/x-ndjson")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build());
                    if (answer.status() != 200) {
                        throw new IOException("_bulk answered " + answer.status() + ": " + abbreviate(answer.text()));
                    }
                    var result = http.read(answer);
                    if (result.path("errors").asBoolean()) {
                        for (var item : result.path("items")) {
                            var error = item.path("create").path("error");
                            if (!error.isMissingNode()) {
                                throw new IOException("_bulk refused a document: " + abbreviate(error.toString()));
                            }
                        }
                    }
                    requests.incrementAndGet();
                }
                return null;
            });
            var seconds = (System.nanoTime() - start) / 1e9;
            var cpuFloor = CpuMeter.delta(cpuBefore, cpu.sample());
            var stats = indexStats(floorIndex).minus(statsBefore);
            var segments = segments(floorIndex);
            refresh(floorIndex);
            var indexed = count(floorIndex);
            if (indexed != n) {
                problems.add("the floor's index holds %,d documents, not %,d".formatted(indexed, n));
            }
            return new FloorRun(seconds, requests.get(), indexed, stats, cpuFloor, segments);
        } finally {
            var deleted = http.send(HttpRequest.newBuilder(URI.create(es + "/" + floorIndex))
                    .timeout(Http.TIMEOUT)
                    .DELETE()
                    .build());
            if (deleted.status() != 200) {
                problems.add(
                        "could not delete " + floorIndex + ": " + deleted.status() + " " + abbreviate(deleted.text()));
            }
        }
    }

    private byte[] ndjson(Indicators set, int from, int to, Instant now) throws IOException {
        var out = new ByteArrayOutputStream((to - from) * 700);
        for (int i = from; i < to; i++) {
            var doc = Indicators.document(set.get(i), now);
            out.write(("{\"create\":{\"_index\":\"" + floorIndex + "\",\"_id\":\"" + doc.get("id") + "\"}}\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.write(json.writeValueAsBytes(doc));
            out.write('\n');
        }
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ phase F: the service

    /**
     * Starts the run, polls it until it is no longer running: every 100 ms for the first 5 s,
     * then every 250 ms (each poll costs the service a token check and a query: polling every
     * 100 ms took it about 5 % of its CPU samples).
     */
    /**
     * Runs the same feed once before the measured run, over rows no measured run holds, so that
     * the measured run meets a service whose JIT has compiled the ingestion path, as a service
     * that has been running for a while has; the floors' client and Elasticsearch are warm too by
     * then. The index is then created again, so the measured run and the correlation see the same
     * index as without it. The warm-up's own figures go into the report's notes.
     */
    private void warmUp(Indicators set, Path csv, int rows) throws Exception {
        var bytes = set.writeWarmupCsv(csv);
        say("warm-up: the same feed over %,d other indicators (%,d bytes)".formatted(rows, bytes));
        var run = ingest(rows);
        var created = run.counted("created");
        report.note(
                ("warm-up before floor 1: the same feed over %,d other indicators: %s, %,d created in %.1f s (%,.0f/s, "
                                + "a cold service)")
                        .formatted(
                                rows,
                                run.run().path("status").asText(),
                                created,
                                run.wallSeconds(),
                                created / run.wallSeconds()));
        if (created != rows) {
            problems.add("the warm-up run created %,d indicators, not %,d".formatted(created, rows));
        }
        // a fresh index, as the service creates it (its template gives the settings and mappings):
        // deleted documents would stay in the old one (soft deletes) and be merged on and on
        var index = http.read(http.get(es + "/_alias/" + alias)).fieldNames().next();
        var deleted = http.send(HttpRequest.newBuilder(URI.create(es + "/" + index))
                .timeout(Http.TIMEOUT)
                .DELETE()
                .build());
        var body = json.createObjectNode();
        body.putObject("aliases").putObject(alias).put("is_write_index", true);
        var recreated = http.send(HttpRequest.newBuilder(URI.create(es + "/" + index))
                .timeout(Http.TIMEOUT)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build());
        if (deleted.status() != 200 || recreated.status() != 200) {
            throw new IOException("recreating %s after the warm-up answered %d and %d %s"
                    .formatted(index, deleted.status(), recreated.status(), abbreviate(recreated.text())));
        }
        report.note("after the warm-up: %s deleted and created again behind %s, as the service creates it"
                .formatted(index, alias));
    }

    private Ingest ingest(int n) throws Exception {
        var statsBefore = indexStats(alias);
        var cpuBefore = cpu.sample();
        var threadsBefore = cpu.serviceThreadsByName();
        var path = "/api/v1/feeds/" + Indicators.FEED_ID + "/runs";
        var start = System.nanoTime();
        var post = apiCall(admin, "POST", path, null);
        if (post.status() != 202) {
            throw new IllegalStateException(
                    "POST %s answered %d %s".formatted(path, post.status(), abbreviate(post.text())));
        }
        var runId = http.read(post).path("id").asText();
        var progress = new ArrayList<double[]>();
        JsonNode run;
        double wall;
        long lastSaid = 0;
        while (true) {
            Thread.sleep(System.nanoTime() - start < 5_000_000_000L ? 100 : 250);
            var answer = apiCall(admin, "GET", path + "/" + runId, null);
            var elapsed = (System.nanoTime() - start) / 1e9;
            if (answer.status() != 200) {
                throw new IllegalStateException(
                        "GET %s/%s answered %d %s".formatted(path, runId, answer.status(), abbreviate(answer.text())));
            }
            run = http.read(answer);
            var written = run.path("created").asLong()
                    + run.path("updated").asLong()
                    + run.path("failed").asLong();
            progress.add(new double[] {elapsed, written});
            if (!"running".equals(run.path("status").asText())) {
                wall = elapsed;
                break;
            }
            if (System.nanoTime() - start > deadlineNanos) {
                throw new IllegalStateException(
                        "the feed run took longer than --phase-timeout (%,d of %,d written)".formatted(written, n));
            }
            if (elapsed - lastSaid >= 15) {
                lastSaid = (long) elapsed;
                say("phase F: %,d of %,d written after %.0f s".formatted(written, n, elapsed));
            }
        }
        var cpuRun = CpuMeter.delta(cpuBefore, cpu.sample());
        var threads = CpuMeter.delta(threadsBefore, cpu.serviceThreadsByName());
        var stats = indexStats(alias).minus(statsBefore);
        var segments = segments(alias);
        double server = Double.NaN;
        if (run.hasNonNull("startedAt") && run.hasNonNull("finishedAt")) {
            server = Duration.between(
                                    Instant.parse(run.path("startedAt").asText()),
                                    Instant.parse(run.path("finishedAt").asText()))
                            .toNanos()
                    / 1e9;
        }
        return new Ingest(run, wall, server, progress, stats, cpuRun, threads, segments);
    }

    private void checkRun(Ingest ingest, int n) {
        var run = ingest.run();
        var status = run.path("status").asText();
        if (!"succeeded".equals(status)) {
            problems.add("the feed run ended %s: %s"
                    .formatted(status, run.path("error").asText("")));
        }
        for (var field : List.of("parsed", "created")) {
            if (ingest.counted(field) != n) {
                problems.add("the feed run counted %s %,d, not %,d".formatted(field, ingest.counted(field), n));
            }
        }
        for (var field : List.of("invalid", "warninglisted", "updated", "failed")) {
            if (ingest.counted(field) != 0) {
                problems.add("the feed run counted %s %,d, not 0%s"
                        .formatted(
                                field,
                                ingest.counted(field),
                                field.equals("invalid")
                                        ? ": "
                                                + abbreviate(run.path("invalidSamples")
                                                        .toString())
                                        : ""));
            }
        }
    }

    /**
     * Documents of the service, sampled over the whole CSV, equal the floor's field for field;
     * {@code expires_at} is the run's start plus the feed's ttl, so it is only checked to lie
     * between the run's start and end plus the ttl.
     */
    private void compareDocuments(Indicators set, Ingest ingest) throws Exception {
        var n = set.count();
        var step = Math.max(1, n / DOCUMENT_SAMPLES);
        var expected = new LinkedHashMap<String, ObjectNode>();
        for (int k = 0; k < Math.min(n, DOCUMENT_SAMPLES); k++) {
            var i = (int) Math.min(n - 1, (long) k * step + k % 10);
            var doc = Indicators.document(set.get(i), Instant.EPOCH);
            expected.put((String) doc.get("id"), json.valueToTree(doc));
        }
        var body = json.createObjectNode();
        var ids = body.putArray("ids");
        expected.keySet().forEach(ids::add);
        var answer = http.read(http.postJson(es + "/" + alias + "/_mget", body.toString()));
        var earliest = Instant.parse(ingest.run().path("startedAt").asText()).plus(Indicators.TTL);
        var latest = Instant.parse(ingest.run().path("finishedAt").asText()).plus(Indicators.TTL);
        var differences = new ArrayList<String>();
        var fields = 0;
        for (var item : answer.path("docs")) {
            var id = item.path("_id").asText();
            if (!item.path("found").asBoolean()) {
                differences.add(id + " not found");
                continue;
            }
            var source = (ObjectNode) item.path("_source").deepCopy();
            var expires = Instant.parse(source.path("expires_at").asText());
            if (expires.isBefore(earliest) || expires.isAfter(latest)) {
                differences.add("%s: expires_at %s not within %s..%s".formatted(id, expires, earliest, latest));
            }
            source.remove("expires_at");
            var ours = expected.get(id).deepCopy();
            ours.remove("expires_at");
            // each source carries its own expiry too (per-source indicators): the same run-time value
            for (var document : List.of(source, ours)) {
                document.path("sources").forEach(s -> ((ObjectNode) s).remove("expires_at"));
            }
            if (!source.equals(ours)) {
                differences.add("%s: service %s, floor %s".formatted(id, source, ours));
            }
            fields = Math.max(fields, item.path("_source").size());
        }
        if (differences.isEmpty()) {
            report.note(("documents: %d service documents sampled over the CSV equal the floor's field for field "
                            + "(%d fields; expires_at = the run's start + %d days)")
                    .formatted(expected.size(), fields, Indicators.TTL.toDays()));
        } else {
            problems.add("%d of %d sampled documents differ from the floor's, e.g. %s"
                    .formatted(differences.size(), expected.size(), abbreviate(differences.getFirst())));
        }
    }

    // ------------------------------------------------------------------ phase G

    private Correlation correlation(Indicators set, int total, int warmup, int iterations) throws Exception {
        var plan = set.correlation(total);
        var body = new LinkedHashMap<String, Object>();
        body.put("title", "Benchmark: sensor export to correlate with the feeds");
        body.put(
                "description",
                "Observables exported from the sensors of the benchmark network, for correlation with the feeds.");
        body.put("severity", "medium");
        body.put("tlp", "AMBER");
        body.put("tags", List.of(runTag, "correlation"));
        body.put(
                "observables",
                plan.observables().stream()
                        .map(o -> Map.of("type", o.type(), "value", o.value()))
                        .toList());
        var created = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/incidents"))
                .timeout(Http.TIMEOUT)
                .header("Authorization", analyst.bearer())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                .build());
        if (created.status() != 201) {
            throw new IllegalStateException("POST /api/v1/incidents with %,d observables answered %d %s"
                    .formatted(total, created.status(), abbreviate(created.text())));
        }
        var incident = http.read(created);
        var id = incident.path("id").asText();
        var stored = incident.path("observables").size();
        report.note("correlation incident %s (%s): %,d observables stored"
                .formatted(incident.path("reference").asText(), id, stored));
        if (stored != total) {
            problems.add("the correlation incident has %,d observables, not %,d".formatted(stored, total));
        }
        var path = "/api/v1/incidents/" + id + "/correlation";
        var latency = new Histogram(MAX_LATENCY_MICROS, 3);
        Http.Answer last = null;
        int firstAdded = -1;
        IndexStats statsBefore = null;
        Map<String, Double> cpuBefore = null;
        var start = System.nanoTime();
        var measuredStart = start;
        for (int k = 0; k < warmup + iterations; k++) {
            if (System.nanoTime() - start > deadlineNanos) {
                throw new IllegalStateException("phase G took longer than --phase-timeout");
            }
            if (k == warmup) {
                statsBefore = indexStats(alias);
                cpuBefore = cpu.sample();
                measuredStart = System.nanoTime();
            }
            var request = HttpRequest.newBuilder(URI.create(api + path))
                    .timeout(Http.TIMEOUT)
                    .header("Authorization", analyst.bearer())
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build();
            var t0 = System.nanoTime();
            last = http.send(request);
            var micros = (System.nanoTime() - t0) / 1000;
            if (last.status() != 200) {
                throw new IllegalStateException(
                        "POST %s answered %d %s".formatted(path, last.status(), abbreviate(last.text())));
            }
            if (k >= warmup) {
                latency.recordValue(Math.min(MAX_LATENCY_MICROS, micros));
            }
            if (k == 0) {
                firstAdded = http.read(last).path("added").asInt(-1);
            }
        }
        var cpuMeasured = CpuMeter.delta(cpuBefore, cpu.sample());
        var measuredSeconds = (System.nanoTime() - measuredStart) / 1e9;
        var stats = indexStats(alias).minus(statsBefore);
        var answer = http.read(last);
        var matched = new HashSet<String>();
        answer.path("matches").forEach(m -> matched.add(m.path("observable").asText()));
        var matches = answer.path("matches").size();
        var plantedMatched =
                (int) plan.planted().stream().filter(matched::contains).count();
        var unexpected =
                (int) matched.stream().filter(v -> !plan.planted().contains(v)).count();
        if (matches < plan.planted().size() || plantedMatched < plan.planted().size()) {
            problems.add("the correlation answered %d matches, %d of the %d planted values (each equal to an indicator)"
                    .formatted(matches, plantedMatched, plan.planted().size()));
        }
        var falseHits =
                plan.unmatchedAddresses().stream().filter(matched::contains).toList();
        if (!falseHits.isEmpty()) {
            problems.add("addresses that are no indicator matched: " + abbreviate(falseHits.toString()));
        }
        return new Correlation(
                total,
                plan.planted().size(),
                plan.unmatchedAddresses().size(),
                latency,
                matches,
                firstAdded,
                plantedMatched,
                unexpected,
                stats,
                cpuMeasured,
                iterations,
                measuredSeconds);
    }

    // ------------------------------------------------------------------ helpers

    private Http.Answer apiCall(Http.Tokens who, String method, String path, byte[] body) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create(api + path))
                .timeout(Http.TIMEOUT)
                .header("Authorization", who.bearer())
                .header("Accept", "application/json");
        builder = body == null
                ? builder.method(method, HttpRequest.BodyPublishers.noBody())
                : builder.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        return http.send(builder.build());
    }

    private static final List<String> STATS = List.of(
            "bulk.total_operations",
            "bulk.total_time_in_millis",
            "bulk.total_size_in_bytes",
            "indexing.index_total",
            "indexing.index_time_in_millis",
            "indexing.throttle_time_in_millis",
            "get.total",
            "get.time_in_millis",
            "get.missing_total",
            "search.query_total",
            "search.query_time_in_millis",
            "search.fetch_total",
            "search.fetch_time_in_millis",
            "refresh.total",
            "refresh.total_time_in_millis",
            "merges.total",
            "merges.total_time_in_millis",
            "merges.total_docs",
            "flush.total",
            "flush.total_time_in_millis");

    private IndexStats indexStats(String index) throws Exception {
        var primaries =
                http.read(http.get(es + "/" + index + "/_stats")).path("_all").path("primaries");
        var values = new LinkedHashMap<String, Long>();
        for (var key : STATS) {
            var dot = key.indexOf('.');
            values.put(
                    key,
                    primaries
                            .path(key.substring(0, dot))
                            .path(key.substring(dot + 1))
                            .asLong(0));
        }
        return new IndexStats(values);
    }

    /** Segments of an index's primaries now. */
    private long segments(String index) throws Exception {
        return http.read(http.get(es + "/" + index + "/_stats/segments"))
                .path("_all")
                .path("primaries")
                .path("segments")
                .path("count")
                .asLong(-1);
    }

    /**
     * Waits (at most 2 minutes) until Elasticsearch merges nothing in the indicator index, so that
     * the second floor and phase G do not pay for merges that the ingestion left behind.
     */
    private void settle(String before) throws Exception {
        var start = System.nanoTime();
        long merging;
        do {
            merging = http.read(http.get(es + "/" + alias + "/_stats/merge"))
                    .path("_all")
                    .path("primaries")
                    .path("merges")
                    .path("current")
                    .asLong();
            if (merging == 0) {
                break;
            }
            Thread.sleep(500);
        } while (System.nanoTime() - start < 120_000_000_000L);
        report.note("before %s: waited %.1f s for Elasticsearch's merges of %s to end%s; %d segments"
                .formatted(
                        before,
                        (System.nanoTime() - start) / 1e9,
                        alias,
                        merging == 0 ? "" : " (still merging: going on anyway)",
                        segments(alias)));
    }

    private void refresh(String index) throws Exception {
        var answer = http.send(HttpRequest.newBuilder(URI.create(es + "/" + index + "/_refresh"))
                .timeout(Http.TIMEOUT.multipliedBy(4))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        if (answer.status() != 200) {
            throw new IllegalStateException(
                    "_refresh of " + index + " answered " + answer.status() + " " + answer.text());
        }
    }

    private long count(String index) throws Exception {
        var answer = http.get(es + "/" + index + "/_count");
        if (answer.status() != 200) {
            throw new IllegalStateException(
                    "_count of " + index + " answered " + answer.status() + " " + answer.text());
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
