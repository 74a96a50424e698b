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
        head.append("machine: %d cores seen by the benchmark JVM (shared by the client, the service, PostgreSQL, Elasticsearch, Keycloak); Java %s; Elasticsearch %s%n"
                .formatted(cores, Runtime.version(), elasticsearchVersion));
    }

    void note(String note) {
        notes.add(note);
    }

    void problems(List<String> found) {
        problems.addAll(found);
    }

    void phaseA(int incidents, int concurrency, int warmup, int created, Map<Integer, Integer> statuses, double apiSeconds,
            Histogram latency, IncidentBench.Lag lag, Floor.Timing floor, Map<String, Double> cpuPosts,
            Map<String, Double> cpuWithIndexing, Map<String, Double> cpuFloor, List<String> dbA, List<String> dbB,
            IncidentBench.BulkStats bulkApi, IncidentBench.BulkStats bulkFloor) {
        var apiRate = created / apiSeconds;
        var floorRate = floor.incidents() / floor.wallSeconds();
        var b = create;
        b.append("%nA/B. CREATE %,d incidents with %d observables each, concurrency %d (after %,d warm-up creations)%n"
                .formatted(incidents, Dataset.OBSERVABLES, concurrency, warmup));
        b.append("  %-44s %12s %9s %9s %9s %9s %9s%n".formatted("", "incidents/s", "wall s", "p50 ms", "p90 ms", "p99 ms",
                "max ms"));
        b.append("  %-44s %12.1f %9.2f %9.2f %9.2f %9.2f %9.2f%n".formatted("API: POST /api/v1/incidents", apiRate, apiSeconds,
                ms(latency, 50), ms(latency, 90), ms(latency, 99), latency.getMaxValue() / 1000.0));
        b.append("  %-44s %12.1f %9.2f%n".formatted("floor: JDBC rows + _bulk docs, concurrently", floorRate,
                floor.wallSeconds()));
        b.append("  %-44s %12s %9.2f%n".formatted("  of which JDBC (%d connections) took".formatted(concurrency), "", floor.jdbcSeconds()));
        b.append("  %-44s %12s %9.2f%n".formatted("  of which _bulk took", "", floor.bulkSeconds()));
        b.append("  %-44s %12.3f   (the API reaches %.1f%% of the floor's throughput)%n".formatted(
                "RATIO API / floor throughput", apiRate / floorRate, 100 * apiRate / floorRate));
        b.append("%n  indexing lag after the last POST: outbox empty after %.2f s, all %,d searchable after %.2f s (largest outbox backlog %,d)%n"
                .formatted(lag.outboxDrainedSeconds(), created, lag.searchableSeconds(), lag.maxBacklog()));
        b.append("  _bulk requests into the index: API %,d for %,d documents (%.1f per request); floor %,d for %,d (%.1f per request)%n"
                .formatted(bulkApi.requests(), bulkApi.documents(), (double) bulkApi.documents() / Math.max(1, bulkApi.requests()),
                        bulkFloor.requests(), bulkFloor.documents(),
                        (double) bulkFloor.documents() / Math.max(1, bulkFloor.requests())));
        var endToEnd = created / (apiSeconds + Math.max(0, lag.searchableSeconds()));
        b.append("  end to end (POSTs until all searchable): %.1f incidents/s, %.3f of the floor%n".formatted(endToEnd,
                endToEnd / floorRate));
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
        b.append("%n  PostgreSQL during the API POSTs (pg_stat_activity every 100 ms; share of backend samples, backends on average):%n"
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

    void phaseC(long documents, Floor.Timing fill, int iterations, int warmup, List<IncidentBench.SearchResult> results,
            double target) {
        var b = search;
        b.append("%nC. SEARCH on %,d incidents of the tenant, one request at a time, %d measured (+%d warm-up) per search and side%n"
                .formatted(documents, iterations, warmup));
        if (fill != null) {
            b.append("  (%,d of them loaded by the floor path, alone: JDBC %.1f s = %.0f/s, then _bulk %.1f s = %.0f/s)%n"
                    .formatted(fill.incidents(), fill.jdbcSeconds(), fill.incidents() / fill.jdbcSeconds(), fill.bulkSeconds(),
                            fill.incidents() / fill.bulkSeconds()));
        }
        b.append("  %-32s %8s | %8s %8s %8s | %8s %8s %8s | %9s %s%n".formatted("search", "hits", "API p50", "p95", "p99",
                "ES p50", "p95", "p99", "p95 ratio", "target " + target + "x"));
        var allApi = new Histogram(3);
        var allEs = new Histogram(3);
        for (var r : results) {
            allApi.add(r.api());
            allEs.add(r.elasticsearch());
            b.append("  %-32s %8d | %8.2f %8.2f %8.2f | %8.2f %8.2f %8.2f | %9.2f %s%n".formatted(r.query().name(), r.total(),
                    ms(r.api(), 50), ms(r.api(), 95), ms(r.api(), 99), ms(r.elasticsearch(), 50), ms(r.elasticsearch(), 95),
                    ms(r.elasticsearch(), 99), r.ratio(), r.ratio() <= target ? "met" : "MISSED"));
        }
        var ratio = ms(allApi, 95) / ms(allEs, 95);
        b.append("  %-32s %8s | %8.2f %8.2f %8.2f | %8.2f %8.2f %8.2f | %9.2f %s%n".formatted("all searches", "", ms(allApi, 50),
                ms(allApi, 95), ms(allApi, 99), ms(allEs, 50), ms(allEs, 95), ms(allEs, 99), ratio,
                ratio <= target ? "met" : "MISSED"));
        b.append("  (latencies in ms, measured by the client on loopback: the API's include token check, its own call to Elasticsearch and JSON mapping)%n".formatted());
    }

    String text() {
        var b = new StringBuilder(head).append(create).append(search);
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
}
