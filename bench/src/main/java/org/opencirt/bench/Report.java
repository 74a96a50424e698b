package org.opencirt.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** The human-readable result of a run: what the console shows and the results file holds. */
final class Report {

    private final StringBuilder head = new StringBuilder();
    private final StringBuilder create = new StringBuilder();
    private final StringBuilder search = new StringBuilder();
    private final StringBuilder feeds = new StringBuilder();
    private final List<String> notes = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    void header(Instant started, String runTag, Map<String, String> settings) {
        head.append("OpenCIRT benchmark, run %s (started %s)%n".formatted(runTag, started));
        var line = new StringBuilder("settings:");
        settings.forEach((k, v) -> {
            if (!v.isEmpty()) {
                line.append(' ').append(k).append('=').append(v);
            }
        });
        head.append(wrap(line.toString(), 110, "  ")).append('\n');
    }

    void environment(int cores, String elasticsearchVersion) {
        head.append(
                "machine: %d cores seen by the benchmark JVM (shared by the client, the service, PostgreSQL, Elasticsearch, Keycloak); Java %s; Elasticsearch %s%n"
                        .formatted(cores, Runtime.version(), elasticsearchVersion));
    }

    void note(String note) {
        notes.add(note);
    }

    void problems(List<String> found) {
        problems.addAll(found);
    }

    void phaseA(
            int incidents,
            int concurrency,
            int warmup,
            int created,
            Map<Integer, Integer> statuses,
            double apiSeconds,
            Histogram latency,
            IncidentBench.Lag lag,
            Floor.Timing floor,
            Map<String, Double> cpuPosts,
            Map<String, Double> cpuWithIndexing,
            Map<String, Double> cpuFloor,
            List<String> dbA,
            List<String> dbB,
            IncidentBench.BulkStats bulkApi,
            IncidentBench.BulkStats bulkFloor) {
        var apiRate = created / apiSeconds;
        var floorRate = floor.incidents() / floor.wallSeconds();
        var b = create;
        b.append("%nA/B. CREATE %,d incidents with %d observables each, concurrency %d (after %,d warm-up creations)%n"
                .formatted(incidents, Dataset.OBSERVABLES, concurrency, warmup));
        b.append("  %-44s %12s %9s %9s %9s %9s %9s%n"
                .formatted("", "incidents/s", "wall s", "p50 ms", "p90 ms", "p99 ms", "max ms"));
        b.append("  %-44s %12.1f %9.2f %9.2f %9.2f %9.2f %9.2f%n"
                .formatted(
                        "API: POST /api/v1/incidents",
                        apiRate,
                        apiSeconds,
                        ms(latency, 50),
                        ms(latency, 90),
                        ms(latency, 99),
                        latency.getMaxValue() / 1000.0));
        b.append("  %-44s %12.1f %9.2f%n"
                .formatted("floor: JDBC rows + _bulk docs, concurrently", floorRate, floor.wallSeconds()));
        b.append("  %-44s %12s %9.2f%n"
                .formatted("  of which JDBC (%d connections) took".formatted(concurrency), "", floor.jdbcSeconds()));
        b.append("  %-44s %12s %9.2f%n".formatted("  of which _bulk took", "", floor.bulkSeconds()));
        b.append("  %-44s %12.3f   (the API reaches %.1f%% of the floor's throughput)%n"
                .formatted("RATIO API / floor throughput", apiRate / floorRate, 100 * apiRate / floorRate));
        b.append(
                "%n  indexing lag after the last POST: outbox empty after %.2f s, all %,d searchable after %.2f s (largest outbox backlog %,d)%n"
                        .formatted(lag.outboxDrainedSeconds(), created, lag.searchableSeconds(), lag.maxBacklog()));
        b.append(
                "  _bulk requests into the index: API %,d for %,d documents (%.1f per request); floor %,d for %,d (%.1f per request)%n"
                        .formatted(
                                bulkApi.requests(),
                                bulkApi.documents(),
                                (double) bulkApi.documents() / Math.max(1, bulkApi.requests()),
                                bulkFloor.requests(),
                                bulkFloor.documents(),
                                (double) bulkFloor.documents() / Math.max(1, bulkFloor.requests())));
        var endToEnd = created / (apiSeconds + Math.max(0, lag.searchableSeconds()));
        b.append("  end to end (POSTs until all searchable): %.1f incidents/s, %.3f of the floor%n"
                .formatted(endToEnd, endToEnd / floorRate));
        if (statuses.keySet().stream().anyMatch(s -> s != 201)) {
            b.append("  answers: %s%n".formatted(new TreeMap<>(statuses)));
        }
        b.append("%n  CPU seconds per 1,000 incidents (both cores together = 2 s per wall second)%n".formatted());
        b.append("  %-28s".formatted(""));
        for (var group : cpuPosts.keySet()) {
            b.append(" %13s".formatted(group));
        }
        b.append(" %9s%n".formatted("total"));
        cpuRow(b, "API, during the POSTs", cpuPosts, created);
        cpuRow(b, "API, POSTs + indexing lag", cpuWithIndexing, created);
        cpuRow(b, "floor", cpuFloor, floor.incidents());
        b.append(
                "%n  PostgreSQL during the API POSTs (pg_stat_activity every 100 ms; share of backend samples, backends on average):%n"
                        .formatted());
        dbA.forEach(l -> b.append("    ").append(l).append('\n'));
        b.append("  PostgreSQL during the floor:%n".formatted());
        dbB.forEach(l -> b.append("    ").append(l).append('\n'));
    }

    private static void cpuRow(StringBuilder b, String name, Map<String, Double> cpu, long incidents) {
        b.append("  %-28s".formatted(name));
        double total = 0;
        for (var v : cpu.values()) {
            b.append(" %13.2f".formatted(1000 * v / incidents));
            total += v;
        }
        b.append(" %9.2f%n".formatted(1000 * total / incidents));
    }

    void phaseC(
            long documents,
            Floor.Timing fill,
            int iterations,
            int warmup,
            List<IncidentBench.SearchResult> results,
            double target) {
        var b = search;
        b.append(
                "%nC. SEARCH on %,d incidents of the tenant, one request at a time, %d measured (+%d warm-up) per search and side%n"
                        .formatted(documents, iterations, warmup));
        if (fill != null) {
            b.append(
                    "  (%,d of them loaded by the floor path, alone: JDBC %.1f s = %.0f/s, then _bulk %.1f s = %.0f/s)%n"
                            .formatted(
                                    fill.incidents(),
                                    fill.jdbcSeconds(),
                                    fill.incidents() / fill.jdbcSeconds(),
                                    fill.bulkSeconds(),
                                    fill.incidents() / fill.bulkSeconds()));
        }
        b.append("  %-32s %8s | %8s %8s %8s | %8s %8s %8s | %9s %s%n"
                .formatted(
                        "search",
                        "hits",
                        "API p50",
                        "p95",
                        "p99",
                        "ES p50",
                        "p95",
                        "p99",
                        "p95 ratio",
                        "target " + target + "x"));
        var allApi = new Histogram(3);
        var allEs = new Histogram(3);
        for (var r : results) {
            allApi.add(r.api());
            allEs.add(r.elasticsearch());
            b.append("  %-32s %8d | %8.2f %8.2f %8.2f | %8.2f %8.2f %8.2f | %9.2f %s%n"
                    .formatted(
                            r.query().name(),
                            r.total(),
                            ms(r.api(), 50),
                            ms(r.api(), 95),
                            ms(r.api(), 99),
                            ms(r.elasticsearch(), 50),
                            ms(r.elasticsearch(), 95),
                            ms(r.elasticsearch(), 99),
                            r.ratio(),
                            r.ratio() <= target ? "met" : "MISSED"));
        }
        var ratio = ms(allApi, 95) / ms(allEs, 95);
        b.append("  %-32s %8s | %8.2f %8.2f %8.2f | %8.2f %8.2f %8.2f | %9.2f %s%n"
                .formatted(
                        "all searches",
                        "",
                        ms(allApi, 50),
                        ms(allApi, 95),
                        ms(allApi, 99),
                        ms(allEs, 50),
                        ms(allEs, 95),
                        ms(allEs, 99),
                        ratio,
                        ratio <= target ? "met" : "MISSED"));
        b.append(
                "  (latencies in ms, measured by the client on loopback: the API's include token check, its own call to Elasticsearch and JSON mapping)%n"
                        .formatted());
    }

    void feeds(
            int n,
            long csvBytes,
            int streams,
            int batch,
            FeedBench.Ingest ingest,
            FeedBench.FloorRun floor1,
            FeedBench.FloorRun floor2,
            double target) {
        var b = feeds;
        var created = ingest.counted("created");
        var serviceRate = created / ingest.wallSeconds();
        var rate1 = floor1.documents() / floor1.seconds();
        var rate2 = floor2.documents() / floor2.seconds();
        var floorRate = Math.max(rate1, rate2);
        var ratio = serviceRate / floorRate;
        var ips = n / 10 * 5 + Math.min(n % 10, 5);
        var domains = n / 10 * 3 + Math.max(0, Math.min(n % 10, 8) - 5);
        b.append("%nF. FEED INGESTION of %,d distinct indicators (%,d ipv4, %,d domains, %,d URLs), a CSV of %,.1f MB%n"
                .formatted(n, ips, domains, n - ips - domains, csvBytes / 1e6));
        b.append("  %-52s %13s %9s%n".formatted("", "indicators/s", "wall s"));
        b.append("  %-52s %13.1f %9.2f%n"
                .formatted("floor 1 (before the service): _bulk create", rate1, floor1.seconds()));
        b.append("  %-52s %13.1f %9.2f%n"
                .formatted("service: feed run through the API", serviceRate, ingest.wallSeconds()));
        b.append(
                "    (from POST /api/v1/feeds/%s/runs until GET .../runs/{id} no longer says running, polled every 100/250 ms;%n"
                        .formatted(Indicators.FEED_ID));
        b.append("     the run's own finishedAt - startedAt: %.2f s = %.1f indicators/s)%n"
                .formatted(ingest.serverSeconds(), created / ingest.serverSeconds()));
        b.append("  %-52s %13.1f %9.2f%n"
                .formatted("floor 2 (after the service): _bulk create", rate2, floor2.seconds()));
        b.append(
                "    (each floor: the same %,d documents straight to Elasticsearch, %d streams, %,d per request, %,d requests,%n"
                        .formatted(floor1.documents(), streams, batch, floor1.requests()));
        b.append("     into an index of its own with the same mapping and settings, deleted afterwards)%n".formatted());
        b.append("  %-52s %13.3f   target at least %.1f: %s (the service reaches %.1f%% of the faster floor)%n"
                .formatted(
                        "RATIO service / floor throughput",
                        ratio,
                        target,
                        ratio >= target ? "met" : "MISSED",
                        100 * ratio));
        var run = ingest.run();
        b.append(
                "%n  the run: %s; fetched %,d bytes; parsed %,d, invalid %,d, warninglisted %,d, created %,d, updated %,d, failed %,d;%n"
                        .formatted(
                                run.path("status").asText(),
                                run.path("fetchedBytes").asLong(),
                                run.path("parsed").asLong(),
                                run.path("invalid").asLong(),
                                run.path("warninglisted").asLong(),
                                created,
                                run.path("updated").asLong(),
                                run.path("failed").asLong()));
        b.append("           matches %,d, incidents %,d%n"
                .formatted(run.path("matches").asLong(), run.path("incidents").asLong()));
        b.append("  service, indicators/s in each tenth of the indicators (from the run's counts as polled):%n   "
                .formatted());
        double previousTime = 0;
        int tenth = 1;
        for (var sample : ingest.progress()) {
            // the tenths this poll saw completed share the time since the previous one
            var crossed = 0;
            while (tenth + crossed <= 10 && sample[1] >= (double) n * (tenth + crossed) / 10) {
                crossed++;
            }
            if (crossed > 0) {
                var rate = crossed * (n / 10.0) / Math.max(1e-3, sample[0] - previousTime);
                for (int k = 0; k < crossed; k++) {
                    b.append(" %,.0f".formatted(rate));
                }
                previousTime = sample[0];
                tenth += crossed;
            }
        }
        b.append('\n');

        var s = ingest.elasticsearch();
        var f1 = floor1.elasticsearch();
        var f2 = floor2.elasticsearch();
        b.append("%n  Elasticsearch, index stats of each side's index during its phase  %12s %12s %12s%n"
                .formatted("floor 1", "service", "floor 2"));
        statsRow(b, "_bulk requests", "bulk.total_operations", f1, s, f2);
        statsRow(b, "documents indexed", "indexing.index_total", f1, s, f2);
        statsRow(b, "time in _bulk on the shard, ms", "bulk.total_time_in_millis", f1, s, f2);
        statsRow(b, "  of which indexing, ms", "indexing.index_time_in_millis", f1, s, f2);
        statsRow(b, "bytes received in _bulk", "bulk.total_size_in_bytes", f1, s, f2);
        statsRow(b, "real-time gets (mget documents)", "get.total", f1, s, f2);
        statsRow(b, "  found nothing", "get.missing_total", f1, s, f2);
        statsRow(b, "time in gets, ms", "get.time_in_millis", f1, s, f2);
        statsRow(b, "searches", "search.query_total", f1, s, f2);
        statsRow(b, "refreshes", "refresh.total", f1, s, f2);
        statsRow(b, "  time, ms", "refresh.total_time_in_millis", f1, s, f2);
        statsRow(b, "merges", "merges.total", f1, s, f2);
        statsRow(b, "  time, ms", "merges.total_time_in_millis", f1, s, f2);
        statsRow(b, "indexing throttled, ms", "indexing.throttle_time_in_millis", f1, s, f2);
        b.append("    %-60s %12s %12s %12s%n"
                .formatted(
                        "segments at the end (before the benchmark's _refresh)",
                        "%,d".formatted(floor1.segments()),
                        "%,d".formatted(ingest.segments()),
                        "%,d".formatted(floor2.segments())));

        b.append("%n  CPU seconds per 1,000 indicators (both cores together = 2 s per wall second)%n".formatted());
        b.append("  %-28s".formatted(""));
        for (var group : ingest.cpu().keySet()) {
            b.append(" %13s".formatted(group));
        }
        b.append(" %9s %9s%n".formatted("total", "cores"));
        cpuRow(b, "floor 1", floor1.cpu(), n, floor1.seconds());
        cpuRow(b, "service run", ingest.cpu(), n, ingest.wallSeconds());
        cpuRow(b, "floor 2", floor2.cpu(), n, floor2.seconds());
        var threads = new ArrayList<>(ingest.threads().entrySet());
        threads.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        var line = new StringBuilder("  service threads during the run, CPU seconds (name without digits):");
        threads.stream()
                .filter(e -> e.getValue() >= 0.05)
                .limit(12)
                .forEach(e -> line.append(" %s %.2f,".formatted(e.getKey(), e.getValue())));
        b.append(wrap(line.substring(0, line.length() - 1), 110, "    ")).append('\n');
    }

    private static void statsRow(StringBuilder b, String name, String key, FeedBench.IndexStats... sides) {
        b.append("    %-60s".formatted(name));
        for (var side : sides) {
            b.append(" %12s".formatted("%,d".formatted(side.get(key))));
        }
        b.append('\n');
    }

    private static void cpuRow(StringBuilder b, String name, Map<String, Double> cpu, long items, double wallSeconds) {
        b.append("  %-28s".formatted(name));
        double total = 0;
        for (var v : cpu.values()) {
            b.append(" %13.3f".formatted(1000 * v / items));
            total += v;
        }
        b.append(" %9.3f %9.2f%n".formatted(1000 * total / items, total / wallSeconds));
    }

    void correlation(FeedBench.Correlation c, int indicators, double targetMs) {
        var b = feeds;
        var h = c.latency();
        b.append(
                "%nG. CORRELATION of an incident with %,d observables (%,d equal to indicators, %,d addresses no indicator holds)%n"
                        .formatted(c.observables(), c.planted(), c.unmatchedAddresses()));
        b.append("   against %,d indicators: POST /api/v1/incidents/{id}/correlation as the analyst, one at a time%n"
                .formatted(indicators));
        b.append("  %-40s %8s %8s %8s %8s %8s %9s%n"
                .formatted("", "p50 ms", "p95 ms", "p99 ms", "max ms", "matches", "requests"));
        var p95 = ms(h, 95);
        b.append("  %-40s %8.2f %8.2f %8.2f %8.2f %8d %9d   target p95 < %.0f ms: %s%n"
                .formatted(
                        "server time (client, loopback)",
                        ms(h, 50),
                        p95,
                        ms(h, 99),
                        h.getMaxValue() / 1000.0,
                        c.matches(),
                        h.getTotalCount(),
                        targetMs,
                        p95 < targetMs ? "met" : "MISSED"));
        b.append(
                "  matches: %d of the %d planted values matched, %d other observables matched; the first (warm-up) request added %d%n"
                        .formatted(c.plantedMatched(), c.planted(), c.unexpected(), c.firstAdded()));
        var s = c.elasticsearch();
        var n = Math.max(1, c.iterations());
        b.append("  Elasticsearch per measured request (index stats): %.2f searches, query %.2f ms, fetch %.2f ms%n"
                .formatted(
                        (double) s.get("search.query_total") / n,
                        (double) s.get("search.query_time_in_millis") / n,
                        (double) s.get("search.fetch_time_in_millis") / n));
        var line = new StringBuilder("  CPU milliseconds per measured request:");
        c.cpu().forEach((group, seconds) -> line.append(" %s %.1f,".formatted(group, 1000 * seconds / n)));
        b.append(line, 0, line.length() - 1).append('\n');
    }

    String text() {
        var b = new StringBuilder(head).append(create).append(search).append(feeds);
        b.append("\nChecks and notes\n");
        notes.forEach(n -> b.append(wrap("  - " + n, 110, "    ")).append('\n'));
        b.append(problems.isEmpty() ? "\nProblems: none\n" : "\nPROBLEMS\n");
        problems.forEach(p -> b.append(wrap("  - " + p, 110, "    ")).append('\n'));
        return b.toString();
    }

    static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static String wrap(String text, int width, String indent) {
        var lead = text.length() - text.stripLeading().length();
        var out = new StringBuilder();
        var line = new StringBuilder(text.substring(0, lead));
        var empty = true;
        for (var word : text.substring(lead).split(" ")) {
            if (!empty && line.length() + word.length() + 1 > width) {
                out.append(line).append('\n');
                line = new StringBuilder(indent);
                empty = true;
            }
            if (!empty) {
                line.append(' ');
            }
            line.append(word);
            empty = false;
        }
        return out.append(line).toString();
    }

    /**
     * The constituent benchmark's table: each phase's wall time, the service's CPU seconds (and
     * cores used on average) and its peak resident memory; then both together against the target.
     */
    static void dayTable(StringBuilder b, List<ConstituentBench.Phase> phases, double targetSeconds) {
        b.append("%n%-20s %10s %18s %14s %16s%n"
                .formatted("phase", "wall s", "service CPU s", "(cores)", "service peak RSS"));
        double sum = 0;
        double cpu = 0;
        long peak = -1;
        for (var p : phases) {
            var service = p.cpu().getOrDefault(CpuMeter.SERVICE, 0.0);
            var rss = Math.max(
                    p.memory().peakRss(), p.memory().hwmReset() ? p.memory().hwm() : -1);
            b.append("%-20s %10.1f %18.1f %14.2f %16s%n"
                    .formatted(p.name(), p.seconds(), service, service / p.seconds(), rssMb(rss)));
            sum += p.seconds();
            cpu += service;
            peak = Math.max(peak, rss);
        }
        b.append("%-20s %10.1f %18.1f %14.2f %16s%n".formatted("both together", sum, cpu, cpu / sum, rssMb(peak)));
        b.append("target: both together under %.0f s: %s (%.1f s, ratio sum/target %.2f)%n"
                .formatted(targetSeconds, sum < targetSeconds ? "met" : "MISSED", sum, sum / targetSeconds));
    }

    private static String rssMb(long bytes) {
        return bytes < 0 ? "n/a" : "%,.0f MB".formatted(bytes / 1048576.0);
    }

    /**
     * Ends a benchmark's report: its problems (or none), printed and written to {@code file}.
     *
     * @return the benchmark's exit status: 0 without problems, else 1
     */
    static int finish(StringBuilder out, List<String> problems, java.nio.file.Path file) throws java.io.IOException {
        out.append(problems.isEmpty() ? "\nProblems: none\n" : "\nPROBLEMS\n");
        problems.forEach(p -> out.append("  - ").append(p).append('\n'));
        var text = out.toString();
        System.out.print("\n" + text);
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, text);
        System.out.println("opencirt-bench: wrote " + file);
        return problems.isEmpty() ? 0 : 1;
    }
}
