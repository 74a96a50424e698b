package org.opencirt.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.HdrHistogram.Histogram;

/**
 * The exchange benchmark ({@code exchange}), against the service {@code bin/opencirt bench exchange} starts (the
 * same one as {@code feeds}: the benchmark's global feed, a fresh database and index prefix):
 * <ol>
 *   <li><b>Phase L, load</b>: a CSV of N generated indicators through the benchmark's feed (a global feed: every
 *       CIRT sees its GREEN indicators), as the feed benchmark's phase F does.</li>
 *   <li><b>Phase T, TAXII paging</b>: the analyst of {@code --tenant} pages through its own root's {@code
 *       indicators} collection with {@code limit=1000} from the first page to the last; against a raw
 *       point-in-time + {@code search_after} scan of the same index with the filter and sort the service uses for
 *       that collection, 1000 documents a request, straight to Elasticsearch, once before and once after the
 *       service's pass. Per-page p95 (first tenth of the pages against the last tenth) and objects/s.</li>
 *   <li><b>Phase I, inbox</b>: a remote partner of the tenant is declared by its CIRT admin; with its machine
 *       client's token (client credentials) M STIX indicators go into the tenant's TAXII inbox in envelopes of at
 *       most 10,000 objects, and their status resources are polled until complete; against a feed run of a CSV of
 *       the same M values (their documents deleted in between, so both create them).</li>
 * </ol>
 * Prints a table and writes it to {@code <results-dir>/<timestamp>-exchange.txt}.
 */
final class ExchangeBench {

    static final double PAGE_TARGET_MS = 200;
    static final double SCAN_TARGET = 0.5;
    static final int PAGE_LIMIT = 1000;
    /** STIX objects per indicator in a TAXII indicators collection: the indicator, its observable, based-on. */
    static final int OBJECTS_PER_INDICATOR = 3;
    /** Documents the service asks Elasticsearch for per page of limit=1000 (TaxiiObjects: limit / 3). */
    static final int SERVICE_PAGE = PAGE_LIMIT / OBJECTS_PER_INDICATOR;

    private static final long MAX_LATENCY_MICROS = 120_000_000L;
    private static final String TAXII = "application/taxii+json;version=2.1";
    private static final String TLP_GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Options options;
    private final Http http = new Http();
    private final ObjectMapper json = new ObjectMapper();
    private final Http.Tokens admin;
    private final Http.Tokens analyst;
    private final Http.Tokens cirtAdmin;
    private final String api;
    private final String es;
    private final String alias;
    private final String tenant;
    private final Instant started = Instant.now();
    private final String runTag = "bench-" + STAMP.format(started);
    private final CpuMeter cpu;
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final List<String> notes = new ArrayList<>();
    private final StringBuilder out = new StringBuilder();
    private final long deadlineNanos;

    ExchangeBench(Options options) {
        this.options = options;
        this.api = options.url("api-url");
        this.es = options.url("es-url");
        this.alias = options.get("index-prefix") + "-indicators";
        this.tenant = options.get("tenant");
        var tokenUrl = options.get("token-url");
        var client = options.get("client-id");
        this.admin = http.new Tokens(tokenUrl, client, options.get("admin-user"), options.get("admin-password"));
        this.analyst = http.new Tokens(tokenUrl, client, options.get("user"), options.get("password"));
        this.cirtAdmin = http.new Tokens(tokenUrl, client, options.get("cirt-admin-user"), options.get("password"));
        var pid = options.get("service-pid");
        this.cpu = new CpuMeter(pid.isBlank() ? -1 : Long.parseLong(pid));
        this.deadlineNanos = options.seconds("phase-timeout").toNanos();
    }

    /** A feed run through the API: its record at the end and the wall time from the POST to the poll that saw it end. */
    record FeedRun(JsonNode run, double seconds, Map<String, Double> cpu) {
        long counted(String field) {
            return run.path(field).asLong();
        }
    }

    /** A pass over the collection: per-page latencies in order, what it read, how long. */
    record Pass(
            List<Long> pageMicros,
            long documents,
            long objects,
            double seconds,
            Map<String, Double> cpu,
            Map<String, Long> elasticsearch) {
        Histogram all() {
            return histogram(pageMicros);
        }

        /** p95 of each tenth of the pages, in order. */
        List<Double> tenths() {
            var p95 = new ArrayList<Double>();
            var size = pageMicros.size();
            for (int k = 0; k < 10 && size >= 10; k++) {
                p95.add(Report.ms(histogram(pageMicros.subList(k * size / 10, (k + 1) * size / 10)), 95));
            }
            return p95;
        }

        Histogram firstTenth() {
            return histogram(pageMicros.subList(0, Math.max(1, pageMicros.size() / 10)));
        }

        Histogram lastTenth() {
            return histogram(
                    pageMicros.subList(pageMicros.size() - Math.max(1, pageMicros.size() / 10), pageMicros.size()));
        }

        double documentsPerSecond() {
            return documents / seconds;
        }
    }

    /** The inbox: the POSTs' latencies, the statuses at the end, the wall time until the last was complete. */
    record Inbox(
            int envelopes,
            int objects,
            long bytes,
            Histogram posts,
            long succeeded,
            long failed,
            double seconds,
            double postSeconds,
            Map<String, Double> cpu) {}

    // ------------------------------------------------------------------ run

    int run() throws Exception {
        var n = options.integer("indicators", 1);
        var m = options.integer("inbox-objects", 1);
        var envelope = options.integer("inbox-envelope", 1);
        var inboxWarmup = options.integer("inbox-warmup", 0);
        var pageWarmup = options.integer("taxii-warmup-pages", 0);
        if (envelope > 10_000) {
            throw new Options.Usage("--inbox-envelope must be at most 10000 (the inbox's limit per request)");
        }
        out.append("OpenCIRT benchmark, run %s (started %s)%n".formatted(runTag, started));
        var settings = new StringBuilder("settings:");
        options.all().forEach((k, v) -> {
            if (!v.isEmpty()) {
                settings.append(' ').append(k).append('=').append(v);
            }
        });
        out.append(settings).append('\n');
        say("run %s: %,d indicators through the feed, TAXII paging, %,d objects through the inbox"
                .formatted(runTag, n, m));
        preflight();
        // rows 0..n: the collection; n..n+m: the inbox's and the feed's same values; then the inbox's warm-up
        var set = new Indicators(n, m + inboxWarmup, LocalDate.now(ZoneOffset.UTC), options.path("warninglists"), 0);
        var csv = options.path("feed-root").resolve(Indicators.CSV_NAME);

        // ---------------------------------------------------------------- phase L
        var bytes = set.writeRows(csv, 0, n);
        var maxBytes = 104_857_600L; // the service's default opencirt.feeds.max-bytes
        if (bytes > maxBytes) {
            problems.add("the CSV has %,d bytes, more than the service's default opencirt.feeds.max-bytes (%,d)"
                    .formatted(bytes, maxBytes));
        }
        say("phase L: %,d indicators (%,d bytes) through the feed %s".formatted(n, bytes, Indicators.FEED_ID));
        var load = feedRun(n, "phase L");
        checkRun(load, n, "the load");
        notes.add("phase L: the feed created %,d indicators in %.1f s (%,.0f/s)"
                .formatted(load.counted("created"), load.seconds(), load.counted("created") / load.seconds()));
        refresh();
        var visible = count();
        if (visible != n) {
            problems.add("the index holds %,d indicators after the load, not %,d".formatted(visible, n));
        }

        // ---------------------------------------------------------------- phase T
        settle();
        var collection = collectionId("indicators");
        var objectsPath = "/taxii2/%s/collections/%s/objects/".formatted(tenant, collection);
        say("phase T: raw scan 1 of 2 (point in time + search_after, %d a request)".formatted(PAGE_LIMIT));
        var scan1 = rawScan(PAGE_LIMIT);
        say("phase T: raw scan 1: %,d documents in %.1f s".formatted(scan1.documents(), scan1.seconds()));
        if (pageWarmup > 0) {
            say("phase T: %d warm-up pages".formatted(pageWarmup));
            taxiiPass(objectsPath, pageWarmup);
        }
        say("phase T: GET %s?limit=%d as %s, every page".formatted(objectsPath, PAGE_LIMIT, options.get("user")));
        var taxii = taxiiPass(objectsPath, Integer.MAX_VALUE);
        say("phase T: TAXII %,d pages, %,d objects in %.1f s"
                .formatted(taxii.pageMicros().size(), taxii.objects(), taxii.seconds()));
        say("phase T: raw scan 2 of 2");
        var scan2 = rawScan(PAGE_LIMIT);
        say("phase T: raw scan 2: %,d documents in %.1f s".formatted(scan2.documents(), scan2.seconds()));
        say("phase T: raw scan of %d a request (the service's page size), for context".formatted(SERVICE_PAGE));
        var scanSmall = rawScan(SERVICE_PAGE);
        for (var scan : List.of(scan1, scan2, scanSmall)) {
            if (scan.documents() != taxii.documents()) {
                problems.add("the raw scan read %,d documents, the TAXII collection %,d indicators"
                        .formatted(scan.documents(), taxii.documents()));
            }
        }
        if (taxii.documents() != n) {
            problems.add("the TAXII collection held %,d indicators, not %,d".formatted(taxii.documents(), n));
        }
        if (taxii.objects() != (long) OBJECTS_PER_INDICATOR * taxii.documents()) {
            problems.add("the TAXII collection held %,d objects for %,d indicators, not %d each"
                    .formatted(taxii.objects(), taxii.documents(), OBJECTS_PER_INDICATOR));
        }

        // ---------------------------------------------------------------- phase I
        Inbox inbox;
        FeedRun feed;
        var partner = declarePartner();
        try {
            var partnerTokens = http.clientCredentials(
                    options.get("token-url"),
                    partner.path("clientId").asText(),
                    partner.path("clientSecret").asText());
            var maxContent = rootMaxContent(partnerTokens);
            var inboxId = collectionId("inbox");
            if (inboxWarmup > 0) {
                say("phase I: inbox warm-up, %,d other indicators".formatted(inboxWarmup));
                var warm = push(partnerTokens, inboxId, set, n + m, n + m + inboxWarmup, envelope, maxContent);
                notes.add("inbox warm-up before the measured push: %,d objects in %.1f s (%,.0f/s)"
                        .formatted(warm.objects(), warm.seconds(), warm.objects() / warm.seconds()));
                if (warm.succeeded() != inboxWarmup) {
                    problems.add(
                            "the inbox warm-up imported %,d of %,d objects".formatted(warm.succeeded(), inboxWarmup));
                }
            }
            set.writeRows(csv, n, n + m);
            say("phase I: the feed over the same %,d values".formatted(m));
            feed = feedRun(m, "phase I (feed)");
            checkRun(feed, m, "the feed run of the inbox's values");
            deleteDocuments(set, n, n + m);
            say("phase I: %,d objects into the inbox in envelopes of %,d".formatted(m, envelope));
            inbox = push(partnerTokens, inboxId, set, n, n + m, envelope, maxContent);
            if (inbox.succeeded() != m || inbox.failed() != 0) {
                problems.add("the inbox imported %,d of %,d objects (%,d failures)"
                        .formatted(inbox.succeeded(), m, inbox.failed()));
            }
            refresh();
            checkImported(set, n, n + m, partner.path("id").asText());
            var after = count();
            if (after != (long) n + m + inboxWarmup) {
                problems.add("the index holds %,d indicators after the inbox, not %,d"
                        .formatted(after, (long) n + m + inboxWarmup));
            }
        } finally {
            removePartner(partner);
        }

        report(n, m, envelope, pageWarmup, taxii, scan1, scan2, scanSmall, inbox, feed);
        var file = options.path("results-dir").resolve(STAMP.format(started) + "-exchange.txt");
        var status = Report.finish(out, problems, file);
        if (status != 0) {
            return status;
        }
        var scan = faster(scan1, scan2);
        var missed = Report.ms(taxii.firstTenth(), 95) >= PAGE_TARGET_MS
                || Report.ms(taxii.lastTenth(), 95) >= PAGE_TARGET_MS
                || taxii.documentsPerSecond() / scan.documentsPerSecond() < SCAN_TARGET;
        return missed && options.flag("fail-on-target") ? 3 : 0;
    }

    private static Pass faster(Pass a, Pass b) {
        return a.seconds() <= b.seconds() ? a : b;
    }

    private void report(
            int n,
            int m,
            int envelope,
            int pageWarmup,
            Pass taxii,
            Pass scan1,
            Pass scan2,
            Pass scanSmall,
            Inbox inbox,
            FeedRun feed) {
        var scan = faster(scan1, scan2);
        out.append(
                "%nT. TAXII PAGING: %,d indicators (%,d STIX objects) of the %s collection of %s's root, limit=%d, read by %s (after %d warm-up pages)%n"
                        .formatted(
                                taxii.documents(),
                                taxii.objects(),
                                "indicators",
                                tenant,
                                PAGE_LIMIT,
                                options.get("user"),
                                pageWarmup));
        out.append("  %-44s %7s %9s %11s %11s %9s %9s %9s %9s%n"
                .formatted("", "pages", "wall s", "objects/s", "indicators/s", "p50 ms", "p95 ms", "p99 ms", "max ms"));
        passRow("TAXII GET .../objects/?limit=1000", taxii, taxii.objects());
        passRow("raw scan 1: PIT + search_after, size 1000", scan1, OBJECTS_PER_INDICATOR * scan1.documents());
        passRow("raw scan 2 (after the TAXII pass)", scan2, OBJECTS_PER_INDICATOR * scan2.documents());
        passRow(
                "raw scan, size %d (context)".formatted(SERVICE_PAGE),
                scanSmall,
                OBJECTS_PER_INDICATOR * scanSmall.documents());
        var first = Report.ms(taxii.firstTenth(), 95);
        var last = Report.ms(taxii.lastTenth(), 95);
        out.append(
                "  TAXII page p95, first tenth of the pages: %.2f ms; last tenth: %.2f ms (ratio %.2f); target under %.0f ms%n"
                        .formatted(first, last, last / first, PAGE_TARGET_MS));
        out.append("  TAXII page p95 in each tenth of the pages, ms: %s%n"
                .formatted(String.join(
                        " ", taxii.tenths().stream().map("%.1f"::formatted).toList())));
        out.append("  raw scan page p95, first tenth: %.2f ms; last tenth: %.2f ms%n"
                .formatted(Report.ms(scan.firstTenth(), 95), Report.ms(scan.lastTenth(), 95)));
        var ratio = taxii.documentsPerSecond() / scan.documentsPerSecond();
        out.append("  RATIO TAXII / raw scan (objects/s, the faster scan): %.3f; target at least %.1f%n"
                .formatted(ratio, SCAN_TARGET));
        out.append(
                ("  (a TAXII page of limit=1000 holds 333 indicators as 999 objects: indicator, observable, based-on;"
                                + " the raw scan's objects/s counts %d per document)%n")
                        .formatted(OBJECTS_PER_INDICATOR));
        out.append("  (for context, the TAXII pass over a raw scan of %d a request, as the service asks: %.3f)%n"
                .formatted(SERVICE_PAGE, taxii.documentsPerSecond() / scanSmall.documentsPerSecond()));
        out.append("%n  Elasticsearch per page (index stats: query and fetch phases on the shard)%n".formatted());
        for (var entry : List.of(
                Map.entry("TAXII pass", taxii),
                Map.entry("raw scan (the faster)", scan),
                Map.entry("raw scan, size " + SERVICE_PAGE, scanSmall))) {
            var pass = entry.getValue();
            var pages = Math.max(1, pass.pageMicros().size());
            out.append("  %-28s %,d queries, query %.2f ms, fetch %.2f ms per page; wall %.2f ms per page%n"
                    .formatted(
                            entry.getKey(),
                            pass.elasticsearch().get("query_total"),
                            (double) pass.elasticsearch().get("query_time_in_millis") / pages,
                            (double) pass.elasticsearch().get("fetch_time_in_millis") / pages,
                            1000 * pass.seconds() / pages));
        }
        out.append("%n  CPU seconds per 1,000 indicators (both cores together = 2 s per wall second)%n".formatted());
        cpuHeader(taxii.cpu());
        cpuRow("TAXII pass", taxii.cpu(), taxii.documents());
        cpuRow("raw scan (the faster)", scan.cpu(), scan.documents());
        cpuRow("raw scan, size " + SERVICE_PAGE, scanSmall.cpu(), scanSmall.documents());

        var inboxRate = inbox.objects() / inbox.seconds();
        var feedRate = feed.counted("created") / feed.seconds();
        out.append(
                "%nI. INBOX: %,d STIX indicators pushed by a remote partner's client into %s's TAXII inbox, %d envelope(s) of at most %,d (%,d bytes)%n"
                        .formatted(m, tenant, inbox.envelopes(), envelope, inbox.bytes()));
        out.append("  %-52s %12s %9s%n".formatted("", "objects/s", "wall s"));
        out.append("  %-52s %12.1f %9.2f%n"
                .formatted("inbox: first POST until the last status is complete", inboxRate, inbox.seconds()));
        out.append("  %-52s %12s %9.2f   (POST p50 %.1f ms, max %.1f ms)%n"
                .formatted(
                        "  of which the POSTs (202 each)",
                        "",
                        inbox.postSeconds(),
                        Report.ms(inbox.posts(), 50),
                        inbox.posts().getMaxValue() / 1000.0));
        out.append("  %-52s %12.1f %9.2f%n"
                .formatted("feed run of a CSV of the same values (through the API)", feedRate, feed.seconds()));
        out.append("  RATIO inbox / feed: %.3f (the inbox reaches %.1f%% of the feed path's rate)%n"
                .formatted(inboxRate / feedRate, 100 * inboxRate / feedRate));
        out.append("  statuses: %,d succeeded, %,d failed; the feed run %s, created %,d%n"
                .formatted(
                        inbox.succeeded(),
                        inbox.failed(),
                        feed.run().path("status").asText(),
                        feed.counted("created")));
        out.append("%n  CPU seconds per 1,000 indicators%n".formatted());
        cpuHeader(inbox.cpu());
        cpuRow("inbox", inbox.cpu(), inbox.objects());
        cpuRow("feed run", feed.cpu(), feed.counted("created"));
        for (var entry : Map.of("TAXII pass", taxii.cpu(), "inbox", inbox.cpu()).entrySet()) {
            var seconds = entry.getKey().equals("inbox") ? inbox.seconds() : taxii.seconds();
            var other = entry.getValue().getOrDefault(CpuMeter.OTHER, 0.0) / seconds;
            if (other > 0.10) {
                notes.add("WARNING: other processes used %.0f%% of a core during the %s: the figures are disturbed"
                        .formatted(100 * other, entry.getKey()));
            }
        }
        out.append("%nNotes%n".formatted());
        notes.forEach(note -> out.append("  - ").append(note).append('\n'));
    }

    private void passRow(String name, Pass pass, long objects) {
        var all = pass.all();
        out.append("  %-44s %7d %9.2f %11.0f %11.0f %9.2f %9.2f %9.2f %9.2f%n"
                .formatted(
                        name,
                        pass.pageMicros().size(),
                        pass.seconds(),
                        objects / pass.seconds(),
                        pass.documentsPerSecond(),
                        Report.ms(all, 50),
                        Report.ms(all, 95),
                        Report.ms(all, 99),
                        all.getMaxValue() / 1000.0));
    }

    private void cpuHeader(Map<String, Double> sample) {
        out.append("  %-28s".formatted(""));
        sample.keySet().forEach(group -> out.append(" %13s".formatted(group)));
        out.append(" %9s%n".formatted("total"));
    }

    private void cpuRow(String name, Map<String, Double> seconds, long items) {
        out.append("  %-28s".formatted(name));
        var total = 0.0;
        for (var value : seconds.values()) {
            out.append(" %13.3f".formatted(1000 * value / Math.max(1, items)));
            total += value;
        }
        out.append(" %9.3f%n".formatted(1000 * total / Math.max(1, items)));
    }

    // ------------------------------------------------------------------ preflight

    /** The service is ready, the feed is there, the index is empty, the analyst's CIRT is the tenant. */
    private void preflight() throws Exception {
        var ready = http.get(api + "/q/health/ready");
        if (ready.status() != 200) {
            throw new IllegalStateException(
                    "the service at " + api + " is not ready: " + ready.status() + " " + ready.text());
        }
        var feed = apiCall(admin, "GET", "/api/v1/feeds/" + Indicators.FEED_ID, null);
        if (feed.status() != 200) {
            throw new IllegalStateException(("GET /api/v1/feeds/%s answered %d: does the service read bench/feeds "
                            + "(opencirt.feeds.extra-dirs)?")
                    .formatted(Indicators.FEED_ID, feed.status()));
        }
        var me = http.read(apiCall(analyst, "GET", "/api/v1/tenants/me", null));
        if (!tenant.equals(me.path("id").asText(tenant))) {
            throw new IllegalStateException(
                    "%s is a user of %s, not of --tenant %s".formatted(options.get("user"), me.path("id"), tenant));
        }
        if (http.get(es + "/_alias/" + alias).status() != 200) {
            throw new IllegalStateException("Elasticsearch has no alias " + alias + ": is the service running with "
                    + "opencirt.search.index-prefix=" + options.get("index-prefix") + "?");
        }
        var present = count();
        if (present > 0) {
            problems.add("the indicator index held %,d documents at start (the service empties it when it starts)"
                    .formatted(present));
        }
        var nodes = http.read(http.get(es + "/_nodes/_local?filter_path=nodes.*.version"))
                .path("nodes");
        out.append(
                "machine: %d cores seen by the benchmark JVM (shared by the client, the service, PostgreSQL, Elasticsearch, Keycloak); Java %s; Elasticsearch %s%n"
                        .formatted(
                                Runtime.getRuntime().availableProcessors(),
                                Runtime.version(),
                                nodes.isEmpty()
                                        ? "?"
                                        : nodes.elements()
                                                .next()
                                                .path("version")
                                                .asText("?")));
        out.append("service build: %s%n".formatted(options.get("service-build")));
    }

    // ------------------------------------------------------------------ feed runs

    /** Starts the benchmark feed's run and polls it (every 100 ms for 5 s, then every 250 ms) until it ends. */
    private FeedRun feedRun(int n, String phase) throws Exception {
        var cpuBefore = cpu.sample();
        var path = "/api/v1/feeds/" + Indicators.FEED_ID + "/runs";
        var start = System.nanoTime();
        var post = apiCall(admin, "POST", path, null);
        if (post.status() != 202) {
            throw new IllegalStateException(
                    "POST %s answered %d %s".formatted(path, post.status(), abbreviate(post.text())));
        }
        var runId = http.read(post).path("id").asText();
        long lastSaid = 0;
        while (true) {
            Thread.sleep(System.nanoTime() - start < 5_000_000_000L ? 100 : 250);
            var answer = apiCall(admin, "GET", path + "/" + runId, null);
            var elapsed = (System.nanoTime() - start) / 1e9;
            if (answer.status() != 200) {
                throw new IllegalStateException(
                        "GET %s/%s answered %d %s".formatted(path, runId, answer.status(), abbreviate(answer.text())));
            }
            var run = http.read(answer);
            if (!"running".equals(run.path("status").asText())) {
                return new FeedRun(run, elapsed, CpuMeter.delta(cpuBefore, cpu.sample()));
            }
            var written = run.path("created").asLong() + run.path("updated").asLong();
            if (System.nanoTime() - start > deadlineNanos) {
                throw new IllegalStateException("%s: the feed run took longer than --phase-timeout (%,d of %,d written)"
                        .formatted(phase, written, n));
            }
            if (elapsed - lastSaid >= 15) {
                lastSaid = (long) elapsed;
                say("%s: %,d of %,d written after %.0f s".formatted(phase, written, n, elapsed));
            }
        }
    }

    private void checkRun(FeedRun run, int n, String what) {
        if (!"succeeded".equals(run.run().path("status").asText())) {
            problems.add("%s ended %s: %s"
                    .formatted(
                            what,
                            run.run().path("status").asText(),
                            run.run().path("error").asText("")));
        }
        if (run.counted("created") != n) {
            problems.add("%s created %,d indicators, not %,d".formatted(what, run.counted("created"), n));
        }
    }

    // ------------------------------------------------------------------ phase T

    /** The id of one of the tenant's collections, from the collection list its analyst reads. */
    private String collectionId(String name) throws Exception {
        var expected = UUID.nameUUIDFromBytes(
                        "opencirt-taxii:%s:%s".formatted(tenant, name).getBytes(StandardCharsets.UTF_8))
                .toString();
        var answer = taxiiGet(analyst, "/taxii2/%s/collections/".formatted(tenant));
        if (answer.status() != 200) {
            throw new IllegalStateException("GET /taxii2/%s/collections/ as %s answered %d %s"
                    .formatted(tenant, options.get("user"), answer.status(), abbreviate(answer.text())));
        }
        for (var collection : http.read(answer).path("collections")) {
            if (collection.path("id").asText().equals(expected)) {
                return expected;
            }
        }
        throw new IllegalStateException("the root of %s lists no collection %s (%s)".formatted(tenant, name, expected));
    }

    /**
     * Reads the collection from its first page, following {@code next}, at most {@code pages} pages; each page timed
     * from sending to having read and parsed the whole answer.
     */
    private Pass taxiiPass(String path, int pages) throws Exception {
        var latencies = new ArrayList<Long>();
        long indicators = 0;
        long objects = 0;
        var statsBefore = searchStats();
        var cpuBefore = cpu.sample();
        var start = System.nanoTime();
        String next = null;
        do {
            var url = path + "?limit=" + PAGE_LIMIT + (next == null ? "" : "&next=" + Http.enc(next));
            var t0 = System.nanoTime();
            var answer = taxiiGet(analyst, url);
            if (answer.status() != 200) {
                throw new IllegalStateException("GET %s answered %d %s (page %d)"
                        .formatted(path, answer.status(), abbreviate(answer.text()), latencies.size() + 1));
            }
            var page = http.read(answer);
            latencies.add((System.nanoTime() - t0) / 1000);
            for (var object : page.path("objects")) {
                objects++;
                if ("indicator".equals(object.path("type").asText())) {
                    indicators++;
                }
            }
            next = page.path("more").asBoolean() ? page.path("next").asText(null) : null;
            if (System.nanoTime() - start > deadlineNanos) {
                throw new IllegalStateException("the TAXII pass took longer than --phase-timeout");
            }
            if (latencies.size() % 500 == 0) {
                say("phase T: %,d pages, %,d objects".formatted(latencies.size(), objects));
            }
        } while (next != null && latencies.size() < pages);
        var seconds = (System.nanoTime() - start) / 1e9;
        var cpuUsed = CpuMeter.delta(cpuBefore, cpu.sample());
        return new Pass(latencies, indicators, objects, seconds, cpuUsed, minus(searchStats(), statsBefore));
    }

    /**
     * The same documents straight from Elasticsearch: a point in time on the alias, then {@code search_after} pages of
     * 1000 with the query the service sends for the tenant's own root ({@code IndicatorPages.byDateAdded} with no
     * filter: the tenant's {@code visible_to}, not expired, with an {@code added_at}) and its sort ({@code added_at},
     * {@code id}); each page timed from sending to having parsed the answer.
     */
    private Pass rawScan(int size) throws Exception {
        var now = Instant.now();
        var pit = http.send(HttpRequest.newBuilder(URI.create(es + "/" + alias + "/_pit?keep_alive=2m"))
                .timeout(Http.TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        if (pit.status() != 200) {
            throw new IllegalStateException(
                    "opening a point in time answered %d %s".formatted(pit.status(), pit.text()));
        }
        var pitId = http.read(pit).path("id").asText();
        var latencies = new ArrayList<Long>();
        long documents = 0;
        var statsBefore = searchStats();
        var cpuBefore = cpu.sample();
        var start = System.nanoTime();
        JsonNode after = null;
        try {
            while (true) {
                var body = scanQuery(now, size);
                body.putObject("pit").put("id", pitId).put("keep_alive", "2m");
                if (after != null) {
                    body.set("search_after", after);
                }
                var t0 = System.nanoTime();
                var answer = http.send(HttpRequest.newBuilder(URI.create(es + "/_search"))
                        .timeout(Http.TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                        .build());
                if (answer.status() != 200) {
                    throw new IllegalStateException("the raw scan's _search answered %d %s"
                            .formatted(answer.status(), abbreviate(answer.text())));
                }
                var result = http.read(answer);
                latencies.add((System.nanoTime() - t0) / 1000);
                var hits = result.path("hits").path("hits");
                for (var hit : hits) {
                    if (hit.path("_source").path("visible_to").isArray()) {
                        documents++;
                    }
                    after = hit.path("sort");
                }
                pitId = result.path("pit_id").asText(pitId);
                if (hits.size() < size) {
                    break;
                }
                if (System.nanoTime() - start > deadlineNanos) {
                    throw new IllegalStateException("the raw scan took longer than --phase-timeout");
                }
            }
        } finally {
            var close = json.createObjectNode().put("id", pitId);
            http.send(HttpRequest.newBuilder(URI.create(es + "/_pit"))
                    .timeout(Http.TIMEOUT)
                    .header("Content-Type", "application/json")
                    .method("DELETE", HttpRequest.BodyPublishers.ofString(close.toString()))
                    .build());
        }
        var seconds = (System.nanoTime() - start) / 1e9;
        var cpuUsed = CpuMeter.delta(cpuBefore, cpu.sample());
        return new Pass(
                latencies,
                documents,
                OBJECTS_PER_INDICATOR * documents,
                seconds,
                cpuUsed,
                minus(searchStats(), statsBefore));
    }

    private static final List<String> SEARCH_STATS =
            List.of("query_total", "query_time_in_millis", "fetch_total", "fetch_time_in_millis");

    /** The indicator index's search counters (primaries and replicas: a search runs on one copy). */
    private Map<String, Long> searchStats() throws Exception {
        var search = http.read(http.get(es + "/" + alias + "/_stats/search"))
                .path("_all")
                .path("total")
                .path("search");
        var values = new java.util.LinkedHashMap<String, Long>();
        SEARCH_STATS.forEach(key -> values.put(key, search.path(key).asLong()));
        return values;
    }

    private static Map<String, Long> minus(Map<String, Long> after, Map<String, Long> before) {
        var delta = new java.util.LinkedHashMap<String, Long>();
        after.forEach((k, v) -> delta.put(k, v - before.getOrDefault(k, 0L)));
        return delta;
    }

    /** The filter and sort of {@code IndicatorPages.byDateAdded} for the tenant reading its own root. */
    private ObjectNode scanQuery(Instant now, int size) {
        var body = json.createObjectNode();
        body.put("size", size);
        var filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.addObject().putObject("terms").putArray("visible_to").add(tenant).add(Indicators.EVERY_CIRT);
        var notExpired = filter.addObject().putObject("bool");
        var should = notExpired.putArray("should");
        should.addObject().putObject("range").putObject("expires_at").put("gt", now.toString());
        should.addObject()
                .putObject("bool")
                .putObject("must_not")
                .putObject("exists")
                .put("field", "expires_at");
        notExpired.put("minimum_should_match", "1");
        filter.addObject().putObject("exists").put("field", "added_at");
        var sort = body.putArray("sort");
        sort.addObject().putObject("added_at").put("order", "asc");
        sort.addObject().putObject("id").put("order", "asc");
        return body;
    }

    /**
     * Waits (at most 2 minutes) until Elasticsearch merges nothing in the indicator index, so that neither side of
     * phase T pays for the merges the load left behind.
     */
    private void settle() throws Exception {
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
        notes.add("before phase T: waited %.1f s for Elasticsearch's merges of %s to end%s"
                .formatted(
                        (System.nanoTime() - start) / 1e9,
                        alias,
                        merging == 0 ? "" : " (still merging: going on anyway)"));
    }

    // ------------------------------------------------------------------ phase I

    /** The tenant's CIRT admin declares a remote partner (its machine client) and lifts its request quota. */
    private JsonNode declarePartner() throws Exception {
        var body = json.createObjectNode()
                .put("kind", "remote")
                .put("name", "Benchmark partner " + runTag)
                .put("defaultTlp", "GREEN");
        body.putArray("contacts").add("bench@partner.example");
        var created = apiCall(cirtAdmin, "POST", "/api/v1/partners", json.writeValueAsBytes(body));
        if (created.status() != 201) {
            throw new IllegalStateException("POST /api/v1/partners as %s answered %d %s"
                    .formatted(options.get("cirt-admin-user"), created.status(), abbreviate(created.text())));
        }
        var partner = http.read(created);
        // one envelope a second and a poll every 250 ms stay under the default 600 a minute; the benchmark should
        // never meet the quota however fast the service is
        var quota = json.createObjectNode().put("requestsPerMinute", 100_000).put("objectsPerDay", 10_000_000);
        var set = apiCall(
                cirtAdmin,
                "PUT",
                "/api/v1/partners/" + partner.path("id").asText() + "/quota",
                json.writeValueAsBytes(quota));
        if (set.status() != 200) {
            problems.add("PUT .../quota answered %d %s".formatted(set.status(), abbreviate(set.text())));
        }
        notes.add("partner %s (%s), client %s"
                .formatted(
                        partner.path("name").asText(),
                        partner.path("id").asText(),
                        partner.path("clientId").asText()));
        return partner;
    }

    /** Removes the partner, and with it its Keycloak client. */
    private void removePartner(JsonNode partner) throws Exception {
        var removed = apiCall(
                cirtAdmin, "DELETE", "/api/v1/partners/" + partner.path("id").asText(), null);
        if (removed.status() != 204 && removed.status() != 200) {
            problems.add("removing the benchmark's partner answered %d %s: its Keycloak client %s may be left over"
                    .formatted(
                            removed.status(),
                            abbreviate(removed.text()),
                            partner.path("clientId").asText()));
        }
    }

    /** The root's {@code max_content_length}, as the partner's client reads it. */
    private long rootMaxContent(Http.Tokens partner) throws Exception {
        var answer = taxiiGet(partner, "/taxii2/%s/".formatted(tenant));
        if (answer.status() != 200) {
            throw new IllegalStateException("GET /taxii2/%s/ as the partner's client answered %d %s"
                    .formatted(tenant, answer.status(), abbreviate(answer.text())));
        }
        return http.read(answer).path("max_content_length").asLong();
    }

    /**
     * Pushes rows {@code from} to {@code to} as STIX indicators, {@code size} a request, one request after the other,
     * then polls the status resources in turn (the first one not complete, every 250 ms) until all are complete. The
     * time runs from the first POST to the poll that sees the last complete.
     */
    private Inbox push(Http.Tokens partner, String inboxId, Indicators set, int from, int to, int size, long maxContent)
            throws Exception {
        var path = "/taxii2/%s/collections/%s/objects/".formatted(tenant, inboxId);
        var bodies = new ArrayList<byte[]>();
        long bytes = 0;
        for (int i = from; i < to; i += size) {
            var body = envelope(set, i, Math.min(to, i + size));
            if (body.length > maxContent) {
                throw new IllegalStateException(
                        "an envelope of %,d objects has %,d bytes, over the root's max_content_length %,d"
                                .formatted(Math.min(to, i + size) - i, body.length, maxContent));
            }
            bodies.add(body);
            bytes += body.length;
        }
        var posts = new Histogram(MAX_LATENCY_MICROS, 3);
        var statuses = new ArrayList<String>();
        partner.bearer(); // the token before the clock starts
        var cpuBefore = cpu.sample();
        var start = System.nanoTime();
        for (var body : bodies) {
            var t0 = System.nanoTime();
            var answer = http.send(HttpRequest.newBuilder(URI.create(api + path))
                    .timeout(Http.TIMEOUT.multipliedBy(4))
                    .header("Authorization", partner.bearer())
                    .header("Accept", TAXII)
                    .header("Content-Type", TAXII)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build());
            posts.recordValue(Math.min(MAX_LATENCY_MICROS, (System.nanoTime() - t0) / 1000));
            if (answer.status() != 202) {
                throw new IllegalStateException(
                        "POST %s answered %d %s".formatted(path, answer.status(), abbreviate(answer.text())));
            }
            statuses.add(http.read(answer).path("id").asText());
        }
        var postSeconds = (System.nanoTime() - start) / 1e9;
        long succeeded = 0;
        long failed = 0;
        var done = 0;
        long lastSaid = 0;
        while (done < statuses.size()) {
            var answer = taxiiGet(partner, "/taxii2/%s/status/%s/".formatted(tenant, statuses.get(done)));
            if (answer.status() != 200) {
                throw new IllegalStateException("GET .../status/%s/ answered %d %s"
                        .formatted(statuses.get(done), answer.status(), abbreviate(answer.text())));
            }
            var status = http.read(answer);
            if ("complete".equals(status.path("status").asText())) {
                succeeded += status.path("success_count").asLong();
                failed += status.path("failure_count").asLong();
                if (status.path("failure_count").asLong() > 0) {
                    problems.add("envelope %d: %s"
                            .formatted(
                                    done + 1, abbreviate(status.path("failures").toString())));
                }
                done++;
                continue;
            }
            var elapsed = (System.nanoTime() - start) / 1e9;
            if (System.nanoTime() - start > deadlineNanos) {
                throw new IllegalStateException("the inbox took longer than --phase-timeout");
            }
            if (elapsed - lastSaid >= 15) {
                lastSaid = (long) elapsed;
                say("phase I: %d of %d envelopes complete after %.0f s".formatted(done, statuses.size(), elapsed));
            }
            Thread.sleep(250);
        }
        var seconds = (System.nanoTime() - start) / 1e9;
        return new Inbox(
                bodies.size(),
                to - from,
                bytes,
                posts,
                succeeded,
                failed,
                seconds,
                postSeconds,
                CpuMeter.delta(cpuBefore, cpu.sample()));
    }

    /** A TAXII envelope of rows {@code from} to {@code to}: one STIX indicator each, TLP:GREEN as the feed's. */
    private byte[] envelope(Indicators set, int from, int to) throws Exception {
        var body = json.createObjectNode();
        ArrayNode objects = body.putArray("objects");
        var now = DateTimeFormatter.ISO_INSTANT.format(started.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        for (int i = from; i < to; i++) {
            var x = set.get(i);
            var object = objects.addObject();
            object.put("type", "indicator");
            object.put("spec_version", "2.1");
            object.put(
                    "id",
                    "indicator--"
                            + UUID.nameUUIDFromBytes(("opencirt-bench:" + x.value()).getBytes(StandardCharsets.UTF_8)));
            object.put("created", now);
            object.put("modified", now);
            object.put("name", x.ref());
            if (!x.comment().isEmpty()) {
                object.put("description", x.comment());
            }
            object.putArray("indicator_types").add("malicious-activity");
            object.put("pattern", "[%s:value = '%s']".formatted(scoType(x.type()), quoted(x.value())));
            object.put("pattern_type", "stix");
            object.put("valid_from", x.firstSeen() + "T00:00:00Z");
            object.put("confidence", x.confidence());
            var labels = object.putArray("labels");
            x.labels().forEach(labels::add);
            object.putArray("object_marking_refs").add(TLP_GREEN);
        }
        var buffer = new ByteArrayOutputStream();
        json.writeValue(buffer, body);
        return buffer.toByteArray();
    }

    private static String scoType(String type) {
        return switch (type) {
            case "ipv4" -> "ipv4-addr";
            case "domain" -> "domain-name";
            case "url" -> "url";
            default -> throw new IllegalArgumentException("no STIX type for " + type);
        };
    }

    /** A value inside a STIX pattern's single quotes. */
    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("'", "\\'");
    }

    /**
     * Documents of rows {@code from} to {@code to}, sampled over them, are the partner's: found, with one source,
     * {@code partner:<id>}, TLP GREEN as marked, tagged {@code via:taxii-inbox}.
     */
    private void checkImported(Indicators set, int from, int to, String partnerId) throws Exception {
        var step = Math.max(1, (to - from) / 200);
        var ids = json.createObjectNode();
        var list = ids.putArray("ids");
        for (int i = from; i < to; i += step) {
            var x = set.get(i);
            list.add(Indicators.idOf(x.type(), x.value()));
        }
        var answer = http.read(http.postJson(es + "/" + alias + "/_mget", ids.toString()));
        var wrong = new ArrayList<String>();
        for (var doc : answer.path("docs")) {
            var sources = doc.path("_source").path("sources");
            var source = sources.path(0);
            var tags = source.path("tags").toString();
            if (!doc.path("found").asBoolean()
                    || sources.size() != 1
                    || !source.path("feed").asText().equals("partner:" + partnerId)
                    || !source.path("tlp").asText().equals("GREEN")
                    || !tags.contains("\"via:taxii-inbox\"")) {
                wrong.add(doc.path("_id").asText() + " "
                        + abbreviate(doc.path("_source").toString()));
            }
        }
        if (wrong.isEmpty()) {
            notes.add(
                    "inbox: %d documents sampled over the pushed values each have one source, partner:%s, GREEN, via:taxii-inbox"
                            .formatted(list.size(), partnerId));
        } else {
            problems.add("%d of %d sampled inbox documents are not the partner's alone: %s"
                    .formatted(wrong.size(), list.size(), wrong.getFirst()));
        }
    }

    /** Deletes the documents of rows {@code from} to {@code to} (the feed's run of the inbox's values), then refreshes. */
    private void deleteDocuments(Indicators set, int from, int to) throws Exception {
        var index = http.read(http.get(es + "/_alias/" + alias)).fieldNames().next();
        for (int i = from; i < to; i += 5000) {
            var body = new StringBuilder();
            for (int k = i; k < Math.min(to, i + 5000); k++) {
                var x = set.get(k);
                body.append("{\"delete\":{\"_index\":\"")
                        .append(index)
                        .append("\",\"_id\":\"")
                        .append(Indicators.idOf(x.type(), x.value()))
                        .append("\"}}\n");
            }
            var answer = http.send(HttpRequest.newBuilder(URI.create(es + "/_bulk"))
                    .timeout(Http.TIMEOUT.multipliedBy(4))
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build());
            var result = http.read(answer);
            if (answer.status() != 200 || result.path("errors").asBoolean()) {
                throw new IllegalStateException("deleting the feed's documents answered %d %s"
                        .formatted(answer.status(), abbreviate(answer.text())));
            }
        }
        refresh();
        notes.add("between the feed run and the inbox, the feed's %,d documents of the same values were deleted"
                .formatted(to - from));
    }

    // ------------------------------------------------------------------ helpers

    private Http.Answer taxiiGet(Http.Tokens who, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(api + path))
                .timeout(Http.TIMEOUT)
                .header("Authorization", who.bearer())
                .header("Accept", TAXII)
                .GET()
                .build());
    }

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

    private void refresh() throws Exception {
        var answer = http.send(HttpRequest.newBuilder(URI.create(es + "/" + alias + "/_refresh"))
                .timeout(Http.TIMEOUT.multipliedBy(4))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        if (answer.status() != 200) {
            throw new IllegalStateException("_refresh of " + alias + " answered " + answer.status());
        }
    }

    private long count() throws Exception {
        var answer = http.get(es + "/" + alias + "/_count");
        if (answer.status() != 200) {
            throw new IllegalStateException(
                    "_count of " + alias + " answered " + answer.status() + " " + answer.text());
        }
        return http.read(answer).path("count").asLong();
    }

    private static Histogram histogram(List<Long> micros) {
        var histogram = new Histogram(MAX_LATENCY_MICROS, 3);
        micros.forEach(v -> histogram.recordValue(Math.min(MAX_LATENCY_MICROS, v)));
        return histogram;
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private static void say(String message) {
        System.out.println("opencirt-bench: " + message);
    }
}
