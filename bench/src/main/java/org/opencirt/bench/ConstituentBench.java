package org.opencirt.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The constituent benchmark ({@code constituents}), the "country's day": a CIRT with 500
 * constituents (one IPv4 /24 and one abuse contact each, every tenth contact with an OpenPGP key)
 * reads 200,000 Shadowserver report rows of 30 report types through its {@code shadowserver} feed
 * from a local stand-in of the Reports API (phase R), then runs its notifications (phase N). For each
 * phase: the wall time, what the service reports it did, the service's CPU time and its peak resident
 * memory; the sum against the target (both under two minutes). The mailer of the benchmarked service
 * is mocked: every message is composed, signed (and encrypted) but not sent.
 */
final class ConstituentBench {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ROW_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    /** The constituents' names start with this; a run deletes the previous run's before creating its own. */
    static final String NAME_PREFIX = "Bench constituent ";
    /** Both phases together, the target. */
    static final double TARGET_SECONDS = 120;

    /**
     * A mapped Shadowserver scan report (threat-feeds/shadowserver/scan.yaml): its type, transport,
     * port, tag, and two of its own columns, which the service keeps as extra fields.
     */
    record ReportType(String type, String protocol, int port, String tag, String column1, String column2) {}

    static final List<ReportType> TYPES = List.of(
            new ReportType("scan_rdp", "tcp", 3389, "rdp", "rdp_protocol", "cert_issuer"),
            new ReportType("scan_smb", "tcp", 445, "smb", "smb_version_string", "smb_implant"),
            new ReportType("scan_telnet", "tcp", 23, "telnet", "banner", "device_vendor"),
            new ReportType("scan_vnc", "tcp", 5900, "vnc", "product", "server_name"),
            new ReportType("scan_ftp", "tcp", 21, "ftp", "banner", "handshake"),
            new ReportType("scan_cwmp", "tcp", 7547, "cwmp", "http", "server"),
            new ReportType("scan_tftp", "udp", 69, "tftp", "opcode", "errormessage"),
            new ReportType("scan_adb", "tcp", 5555, "adb", "name", "model"),
            new ReportType("scan_ipp", "tcp", 631, "ipp", "ipp_version", "printer_make_and_model"),
            new ReportType("scan_http_proxy", "tcp", 8080, "http-proxy", "http", "http_reasonphrase"),
            new ReportType("scan_redis", "tcp", 6379, "redis", "version", "mode"),
            new ReportType("scan_elasticsearch", "tcp", 9200, "elasticsearch", "version", "cluster_name"),
            new ReportType("scan_mongodb", "tcp", 27017, "mongodb", "version", "totalsize"),
            new ReportType("scan_dns", "udp", 53, "openresolver", "dns_version", "min_amplification"),
            new ReportType("scan_ntp", "udp", 123, "ntp", "version", "stratum"),
            new ReportType("scan_ntpmonitor", "udp", 123, "ntpmonitor", "packets", "size"),
            new ReportType("scan_snmp", "udp", 161, "snmp", "sysdesc", "sysname"),
            new ReportType("scan_ssdp", "udp", 1900, "ssdp", "server", "unique_service_name"),
            new ReportType("scan_chargen", "udp", 19, "chargen", "size", "amplification"),
            new ReportType("scan_qotd", "udp", 17, "qotd", "quote", "amplification"),
            new ReportType("scan_memcached", "udp", 11211, "memcached", "version", "curr_connections"),
            new ReportType("scan_mdns", "udp", 5353, "mdns", "mdns_name", "services"),
            new ReportType("scan_portmapper", "udp", 111, "portmapper", "programs", "mountd_port"),
            new ReportType("scan_netbios", "udp", 137, "netbios", "workgroup", "machine_name"),
            new ReportType("scan_ldap_udp", "udp", 389, "ldap-udp", "dns_host_name", "amplification"),
            new ReportType("scan_mssql", "udp", 1434, "mssql", "server_name", "version"),
            new ReportType("scan_ubiquiti", "udp", 10001, "ubiquiti", "firmware", "model"),
            new ReportType("scan_coap", "udp", 5683, "coap", "response", "amplification"),
            new ReportType("scan_ard", "udp", 3283, "ard", "machine_name", "amplification"),
            new ReportType("scan_ssl", "tcp", 443, "ssl", "cipher_suite", "cert_expiration_date"));

    private static final List<String> LANGUAGES = List.of("en", "fr", "ar");

    private final Options options;
    private final Http http = new Http();
    private final ObjectMapper json = new ObjectMapper();
    private final Http.Tokens admin;
    private final Http.Tokens lead;
    private final String tenant;
    private final Instant started = Instant.now();
    private final String runTag = "bench-" + STAMP.format(started);
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final List<String> notes = new ArrayList<>();
    private final StringBuilder out = new StringBuilder();
    private final CpuMeter cpu;
    private final long servicePid;

    ConstituentBench(Options options) {
        this.options = options;
        this.tenant = options.get("country-tenant");
        var token = options.get("token-url");
        var client = options.get("client-id");
        this.admin = http.new Tokens(token, client, options.get("country-admin"), options.get("password"));
        this.lead = http.new Tokens(token, client, options.get("country-lead"), options.get("password"));
        var pid = options.get("service-pid");
        this.servicePid = pid == null || pid.isBlank() ? findServicePid() : Long.parseLong(pid);
        this.cpu = new CpuMeter(servicePid);
    }

    /** A phase's figures. */
    record Phase(
            String name,
            double seconds,
            Map<String, Double> cpu,
            Map<String, Double> serviceThreads,
            Memory memory,
            Map<String, String> figures,
            Map<String, Double> threadsByName) {}

    int run() throws Exception {
        out.append(
                "OpenCIRT constituent benchmark (a country's day), run %s (started %s)%n".formatted(runTag, started));
        var settings = new StringBuilder("settings:");
        options.all().forEach((k, v) -> settings.append(v.isEmpty() ? "" : " " + k + "=" + v));
        out.append(settings).append('\n');
        out.append(
                "machine: %d cores seen by the benchmark JVM (shared with the service, PostgreSQL, Elasticsearch, Keycloak); Java %s; service pid %d%n"
                        .formatted(Runtime.getRuntime().availableProcessors(), Runtime.version(), servicePid));
        int constituents = options.integer("constituents", 1);
        int rows = options.integer("report-rows", 1);
        int types = options.integer("report-types", 1);
        if (constituents > 65_536) {
            throw new Options.Usage("--constituents is at most 65536 (/24 networks of 10.0.0.0/8 from 10.0.0.0)");
        }
        if (types > TYPES.size()) {
            throw new Options.Usage("--report-types is at most " + TYPES.size());
        }
        checkMappings(types);
        HttpServer server = null;
        var work = Files.createTempDirectory(Path.of("/tmp"), "constituents");
        try {
            // setup, not timed
            var setupBegun = System.nanoTime();
            var key = generateKey(work);
            int removed = removePrevious();
            createConstituents(constituents, key);
            out.append(
                    "setup (not timed): %d constituents of %s created through the API in %.1f s (%d of a previous run removed first)%n"
                            .formatted(constituents, tenant, (System.nanoTime() - setupBegun) / 1e9, removed));
            if (!problems.isEmpty()) {
                return Report.finish(out, problems, resultFile());
            }
            var reports = reports(constituents, rows, types);
            long csvBytes = reports.values().stream().mapToLong(b -> b.length).sum();
            out.append("reports: %d report types, %,d rows, %.1f MB of CSV, generated in the benchmark's memory%n"
                    .formatted(types, rows, csvBytes / 1e6));
            var apiKey = "bench-key-" + runTag;
            var secret = "bench-secret-"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256")
                                    .digest(runTag.getBytes(StandardCharsets.UTF_8)));
            server = reportsApi(apiKey, secret, reports);
            var feedId = createFeed(apiKey, secret);

            var phaseR = phaseR(feedId, rows, csvBytes);
            var phaseN = phaseN(constituents);
            report(phaseR, phaseN);
        } catch (Options.Usage e) {
            throw e;
        } catch (Exception e) {
            problems.add("failed: " + e);
        } finally {
            if (server != null) {
                server.stop(0);
            }
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        return Report.finish(out, problems, resultFile());
    }

    private Path resultFile() {
        return options.path("results-dir").resolve(STAMP.format(started) + "-constituents.txt");
    }

    // ------------------------------------------------------------------------------------------ setup

    /** The report types must be mapped by the shipped files, or the service reads them generically. */
    private void checkMappings(int types) throws IOException {
        var dir = options.path("shadowserver-mappings");
        if (!Files.isDirectory(dir)) {
            notes.add("the mappings folder " + dir + " is not here: the report types were not checked against it");
            return;
        }
        var text = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (var file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                text.append(Files.readString(file)).append('\n');
            }
        }
        for (var type : TYPES.subList(0, types)) {
            if (!text.toString().contains("- type: " + type.type() + "\n")) {
                problems.add("report type " + type.type() + " is not mapped in " + dir);
            }
        }
    }

    /** One OpenPGP key (gpg's default algorithms) for every tenth contact; its armored public key. */
    private String generateKey(Path work) throws Exception {
        if (gpg(
                        work,
                        List.of(
                                "--passphrase",
                                "",
                                "--quick-gen-key",
                                "Constituent benchmark <noc@bench-isp.example>",
                                "default",
                                "default",
                                "never"))
                != 0) {
            throw new IOException("gpg could not generate the contacts' key");
        }
        var key = work.resolve("key.asc");
        if (gpg(work, List.of("--armor", "--output", key.toString(), "--export", "noc@bench-isp.example")) != 0) {
            throw new IOException("gpg could not export the contacts' key");
        }
        return Files.readString(key, StandardCharsets.US_ASCII);
    }

    private int gpg(Path home, List<String> args) throws Exception {
        var command = new ArrayList<>(
                List.of("gpg", "--batch", "--no-tty", "--pinentry-mode", "loopback", "--homedir", home.toString()));
        command.addAll(args);
        var process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("gpg did not finish in 5 minutes");
        }
        return process.exitValue();
    }

    /** Deletes the constituents a previous run left (the launcher empties the database, a run against another service may not). */
    private int removePrevious() throws Exception {
        int removed = 0;
        while (true) {
            var page = call(admin, "GET", "/api/v1/constituents?limit=500&q=" + Http.enc(NAME_PREFIX.strip()), null);
            if (page.status() != 200) {
                throw new IOException("listing the constituents answered " + page.status() + ": " + page.text());
            }
            var items = http.read(page).path("items");
            int before = removed;
            for (var item : items) {
                if (!item.path("name").asText().startsWith(NAME_PREFIX)) {
                    continue;
                }
                var deleted = call(
                        admin,
                        "DELETE",
                        "/api/v1/constituents/" + item.path("id").asText(),
                        null);
                if (deleted.status() != 204 && deleted.status() != 200) {
                    throw new IOException("deleting constituent "
                            + item.path("name").asText() + " answered " + deleted.status() + ": " + deleted.text());
                }
                removed++;
            }
            if (removed == before) {
                return removed;
            }
        }
    }

    /** The network of constituent {@code i}: a /24 of 10.0.0.0/8 that neither the demo nor another benchmark uses. */
    static String network(int i) {
        return "10.%d.%d".formatted(200 + i / 256, i % 256);
    }

    private void createConstituents(int n, String key) throws Exception {
        int threads = options.integer("setup-concurrency", 1);
        var pool = Executors.newFixedThreadPool(threads);
        var next = new AtomicInteger();
        var failures = new AtomicInteger();
        var keyed = new AtomicInteger();
        try {
            var tasks = new ArrayList<java.util.concurrent.Future<?>>();
            for (int t = 0; t < threads; t++) {
                tasks.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < n && failures.get() < 5) {
                        var contact = new LinkedHashMap<String, Object>();
                        contact.put("email", "abuse@isp-%03d.bench.example".formatted(i));
                        contact.put("language", LANGUAGES.get(i % LANGUAGES.size()));
                        contact.put("format", "csv");
                        contact.put("cadence", "immediate");
                        if (i % 10 == 9) {
                            contact.put("openpgpKey", key);
                            keyed.incrementAndGet();
                        }
                        var body = Map.of(
                                "name",
                                NAME_PREFIX + "%03d (%s)".formatted(i, runTag),
                                "country",
                                "CD",
                                "entries",
                                List.of(Map.of("kind", "network", "value", network(i) + ".0/24")),
                                "contacts",
                                List.of(contact));
                        try {
                            var answer = call(admin, "POST", "/api/v1/constituents", json.writeValueAsString(body));
                            if (answer.status() != 201) {
                                failures.incrementAndGet();
                                problems.add("constituent %d: POST /api/v1/constituents answered %d: %s"
                                        .formatted(i, answer.status(), answer.text()));
                            }
                        } catch (Exception e) {
                            failures.incrementAndGet();
                            problems.add("constituent %d: %s".formatted(i, e));
                        }
                    }
                }));
            }
            for (var task : tasks) {
                task.get();
            }
        } finally {
            pool.shutdownNow();
        }
        notes.add(
                "%d constituents, each with the network 10.x.y.0/24 (from 10.200.0.0/24 on) and one contact, cadence immediate, format csv, languages en/fr/ar in turn; %d contacts (every tenth) with an OpenPGP key (gpg's default algorithms), so their messages are encrypted too"
                        .formatted(n, keyed.get()));
    }

    // ------------------------------------------------------------------------------------------ reports

    /**
     * The reports' CSV files by report type: {@code rows} rows spread over {@code types} types (the
     * remainder on the first), each row a distinct host of one of the constituents' networks, the
     * constituents in turn, timestamped today (UTC) before now.
     */
    Map<String, byte[]> reports(int constituents, int rows, int types) {
        var now = Instant.now();
        var midnight = LocalDate.ofInstant(now, ZoneOffset.UTC)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
        long window = Math.max(1, Duration.between(midnight, now).toSeconds() - 5);
        var reports = new LinkedHashMap<String, byte[]>();
        int perType = rows / types;
        int remainder = rows % types;
        int hostsPerNetwork = 254;
        for (int t = 0; t < types; t++) {
            var type = TYPES.get(t);
            int count = perType + (t < remainder ? 1 : 0);
            if ((count + constituents - 1) / constituents > hostsPerNetwork) {
                throw new Options.Usage("more rows per report type than the constituents' networks have hosts ("
                        + constituents * hostsPerNetwork + ")");
            }
            var csv = new StringBuilder(count * 230);
            csv.append("\"timestamp\",\"ip\",\"protocol\",\"port\",\"hostname\",\"tag\",\"asn\",\"geo\",\"region\","
                    + "\"city\",\"naics\",\"sector\",\"%s\",\"%s\"\n".formatted(type.column1(), type.column2()));
            for (int j = 0; j < count; j++) {
                int c = j % constituents;
                int k = j / constituents;
                // a distinct host of the network per row of a type (k*17 mod 254 differ for k < 15; beyond, k itself)
                int host = 1 + (int) (((long) (k < 15 ? k * 17 : k) + t * 31L + c) % hostsPerNetwork);
                var ip = network(c) + "." + host;
                var time = ROW_TIME.format(midnight.plusSeconds((j * 7L + t * 13L) % window));
                var hostname = j % 3 == 0 ? "host-%s.isp-%03d.bench.example".formatted(ip.replace('.', '-'), c) : "";
                csv.append('"')
                        .append(time)
                        .append("\",\"")
                        .append(ip)
                        .append("\",\"")
                        .append(type.protocol())
                        .append("\",")
                        .append(type.port())
                        .append(",\"")
                        .append(hostname)
                        .append("\",\"")
                        .append(type.tag())
                        .append("\",")
                        .append(64_600 + c % 400)
                        .append(",\"CD\",\"")
                        .append(REGIONS.get(c % REGIONS.size()))
                        .append("\",\"")
                        .append(CITIES.get(c % CITIES.size()))
                        .append("\",")
                        .append(NAICS.get(c % NAICS.size()))
                        .append(",\"")
                        .append(SECTORS.get(c % SECTORS.size()))
                        .append("\",\"")
                        .append(type.column1())
                        .append('-')
                        .append(1 + (j + c) % 9)
                        .append("\",\"")
                        .append(type.column2())
                        .append('-')
                        .append(k)
                        .append('.')
                        .append(t)
                        .append("\"\n");
            }
            reports.put(type.type(), csv.toString().getBytes(StandardCharsets.UTF_8));
        }
        return reports;
    }

    private static final List<String> REGIONS =
            List.of("KINSHASA", "KONGO CENTRAL", "HAUT-KATANGA", "NORD-KIVU", "TSHOPO");
    private static final List<String> CITIES = List.of("KINSHASA", "MATADI", "LUBUMBASHI", "GOMA", "KISANGANI");
    private static final List<String> NAICS = List.of("517311", "611310", "921110", "622110", "522110");
    private static final List<String> SECTORS =
            List.of("Communications", "Education", "Government", "Healthcare", "Banking");

    /** Reports API request counts, for the report. */
    private final AtomicInteger listCalls = new AtomicInteger();

    private final AtomicInteger badSignatures = new AtomicInteger();
    private final AtomicInteger downloads = new AtomicInteger();
    private final AtomicLong servedBytes = new AtomicLong();
    private final Map<String, String> listedDates = new ConcurrentHashMap<>();

    /**
     * Shadowserver's Reports API on 127.0.0.1:--reports-port: {@code POST /api2/reports/list} checks
     * the API key and the {@code HMAC2} signature of the body and lists today's reports;
     * {@code GET /download/<id>} answers a report's CSV.
     */
    private HttpServer reportsApi(String apiKey, String secret, Map<String, byte[]> reports) throws Exception {
        var today = LocalDate.ofInstant(Instant.now(), ZoneOffset.UTC).toString();
        var byId = new LinkedHashMap<String, byte[]>();
        var listing = json.createArrayNode();
        reports.forEach((type, csv) -> {
            var id = runTag + "-" + type;
            byId.put(id, csv);
            listing.addObject()
                    .put("id", id)
                    .put("type", type)
                    .put("report", "congo-dr")
                    .put("file", "%s-%s-congo-dr-geo.csv".formatted(today, type))
                    .put("timestamp", today);
        });
        var listed = json.writeValueAsBytes(listing);
        var server = HttpServer.create(new InetSocketAddress("127.0.0.1", options.integer("reports-port", 1)), 50);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/api2/reports/list", exchange -> {
            try (exchange) {
                var body = exchange.getRequestBody().readAllBytes();
                listCalls.incrementAndGet();
                JsonNode request;
                try {
                    request = json.readTree(body);
                } catch (IOException e) {
                    answer(exchange, 400, "{\"error\": \"not JSON\"}".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                var signed =
                        hmac2(body, secret).equals(exchange.getRequestHeaders().getFirst("HMAC2"));
                if (!signed || !apiKey.equals(request.path("apikey").asText())) {
                    badSignatures.incrementAndGet();
                    answer(exchange, 401, "{\"error\": \"invalid signature or key\"}".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                listedDates.put(request.path("date").asText(), "");
                answer(exchange, 200, listed);
            }
        });
        server.createContext("/download/", exchange -> {
            try (exchange) {
                var id = exchange.getRequestURI().getPath().substring("/download/".length());
                var csv = byId.get(id);
                if (csv == null) {
                    answer(exchange, 404, new byte[0]);
                    return;
                }
                downloads.incrementAndGet();
                servedBytes.addAndGet(csv.length);
                exchange.getResponseHeaders().set("Content-Type", "text/csv");
                answer(exchange, 200, csv);
            }
        });
        server.start();
        return server;
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static String hmac2(byte[] body, String secret) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The CIRT's secrets and its shadowserver feed on the local Reports API; answers the feed's id. */
    private String createFeed(String apiKey, String secret) throws Exception {
        var suffix = runTag.substring("bench-".length());
        for (var s : Map.of("bench-ss-key-" + suffix, apiKey, "bench-ss-secret-" + suffix, secret)
                .entrySet()) {
            var put = call(
                    admin,
                    "PUT",
                    "/api/v1/secrets/" + s.getKey(),
                    json.writeValueAsString(Map.of("value", s.getValue())));
            if (put.status() != 201 && put.status() != 200) {
                throw new IOException(
                        "PUT /api/v1/secrets/%s answered %d: %s".formatted(s.getKey(), put.status(), put.text()));
            }
        }
        var base = "http://127.0.0.1:" + options.integer("reports-port", 1);
        var id = "bench-shadowserver-" + suffix;
        var yaml = """
                id: %1$s
                name: Shadowserver reports (constituent benchmark %2$s)
                format: shadowserver
                enabled: true
                url: %3$s/api2/
                auth:
                  api-key-from: secret:bench-ss-key-%2$s
                  hmac-secret-from: secret:bench-ss-secret-%2$s
                shadowserver:
                  download-url: %3$s/download/
                pass-on:
                  amber-to-affected: true
                defaults:
                  tlp: AMBER
                """.formatted(id, suffix, base);
        var created = send(
                admin,
                HttpRequest.newBuilder(URI.create(options.url("api-url") + "/api/v1/feeds"))
                        .header("Content-Type", "application/yaml")
                        .POST(HttpRequest.BodyPublishers.ofString(yaml)),
                Http.TIMEOUT);
        if (created.status() != 201) {
            throw new IOException("POST /api/v1/feeds answered %d: %s".formatted(created.status(), created.text()));
        }
        return id;
    }

    // ------------------------------------------------------------------------------------------ phases

    private Phase phaseR(String feedId, int rows, long csvBytes) throws Exception {
        var memory = new RssWatch(servicePid);
        var cpuBefore = cpu.sample();
        var threadsBefore = cpu.serviceThreads();
        var namesBefore = cpu.serviceThreadsByName();
        memory.start();
        var begun = System.nanoTime();
        var started = call(admin, "POST", "/api/v1/feeds/" + feedId + "/runs", null);
        if (started.status() != 202) {
            memory.finish();
            throw new IOException(
                    "POST /api/v1/feeds/%s/runs answered %d: %s".formatted(feedId, started.status(), started.text()));
        }
        var runId = http.read(started).path("id").asText();
        var deadline = begun + options.seconds("phase-timeout").toNanos();
        JsonNode run;
        while (true) {
            var polled = call(admin, "GET", "/api/v1/feeds/%s/runs/%s".formatted(feedId, runId), null);
            if (polled.status() != 200) {
                memory.finish();
                throw new IOException("GET of the feed run answered %d: %s".formatted(polled.status(), polled.text()));
            }
            run = http.read(polled);
            if (!"running".equals(run.path("status").asText())) {
                break;
            }
            if (System.nanoTime() > deadline) {
                memory.finish();
                throw new IOException("the feed run was still running after --phase-timeout");
            }
            Thread.sleep(200);
        }
        var seconds = (System.nanoTime() - begun) / 1e9;
        var result = memory.finish();
        var cpuUsed = CpuMeter.delta(cpuBefore, cpu.sample());
        var threads = CpuMeter.delta(threadsBefore, cpu.serviceThreads());
        var names = CpuMeter.delta(namesBefore, cpu.serviceThreadsByName());
        var figures = new LinkedHashMap<String, String>();
        long parsed = run.path("parsed").asLong();
        long created = run.path("created").asLong();
        long skippedTotal = 0;
        var skipped = new StringBuilder();
        var it = run.path("skipped").fields();
        while (it.hasNext()) {
            var e = it.next();
            skippedTotal += e.getValue().asLong();
            skipped.append(skipped.isEmpty() ? "" : "; ")
                    .append(e.getKey())
                    .append(": ")
                    .append(e.getValue().asLong());
        }
        figures.put(
                "status",
                run.path("status").asText()
                        + (run.path("error").isTextual()
                                ? " (" + run.path("error").asText() + ")"
                                : ""));
        figures.put("rows served / parsed", "%,d / %,d".formatted(rows, parsed));
        figures.put("rows/s (parsed / wall time)", "%,.0f".formatted(parsed / seconds));
        figures.put("events created", "%,d".formatted(created));
        figures.put("incidents opened", "%,d".formatted(run.path("incidents").asLong()));
        figures.put("skipped", skippedTotal == 0 ? "0" : "%,d (%s)".formatted(skippedTotal, skipped));
        figures.put(
                "bytes fetched (service) / served",
                "%,d / %,d".formatted(run.path("fetchedBytes").asLong(), servedBytes.get()));
        figures.put(
                "Reports API calls",
                "%d list (dates asked: %s), %d downloads, %d refused signatures"
                        .formatted(
                                listCalls.get(),
                                String.join(", ", listedDates.keySet()),
                                downloads.get(),
                                badSignatures.get()));
        figures.put(
                "service's run record",
                "%s to %s"
                        .formatted(
                                run.path("startedAt").asText(),
                                run.path("finishedAt").asText()));
        if (!"succeeded".equals(run.path("status").asText())) {
            problems.add("the feed run ended %s: %s %s"
                    .formatted(
                            run.path("status").asText(),
                            run.path("errorCode").asText(""),
                            run.path("error").asText("")));
        }
        if (parsed != rows) {
            problems.add("the feed run parsed %,d rows of the %,d served".formatted(parsed, rows));
        }
        if (created + skippedTotal != rows) {
            problems.add("events created (%,d) and rows skipped (%,d) do not add up to the %,d rows"
                    .formatted(created, skippedTotal, rows));
        }
        if (servedBytes.get() != csvBytes) {
            problems.add(
                    "the Reports API served %,d bytes of the %,d generated".formatted(servedBytes.get(), csvBytes));
        }
        return new Phase("R. reports", seconds, cpuUsed, threads, result, figures, names);
    }

    private Phase phaseN(int constituents) throws Exception {
        var memory = new RssWatch(servicePid);
        var cpuBefore = cpu.sample();
        var threadsBefore = cpu.serviceThreads();
        var namesBefore = cpu.serviceThreadsByName();
        memory.start();
        var begun = System.nanoTime();
        var answer = send(
                lead,
                HttpRequest.newBuilder(URI.create(options.url("api-url") + "/api/v1/notification-runs"))
                        .POST(HttpRequest.BodyPublishers.noBody()),
                options.seconds("phase-timeout"));
        var seconds = (System.nanoTime() - begun) / 1e9;
        var result = memory.finish();
        var cpuUsed = CpuMeter.delta(cpuBefore, cpu.sample());
        var threads = CpuMeter.delta(threadsBefore, cpu.serviceThreads());
        var names = CpuMeter.delta(namesBefore, cpu.serviceThreadsByName());
        var figures = new LinkedHashMap<String, String>();
        if (answer.status() != 201) {
            problems.add("POST /api/v1/notification-runs answered %d: %s".formatted(answer.status(), answer.text()));
            figures.put("status", "HTTP " + answer.status());
            return new Phase("N. notification", seconds, cpuUsed, threads, result, figures, names);
        }
        var run = http.read(answer);
        int encrypted = 0;
        int carried = 0;
        int minEvents = Integer.MAX_VALUE;
        int maxEvents = 0;
        var statuses = new java.util.TreeMap<String, Integer>();
        var languages = new java.util.TreeMap<String, Integer>();
        for (var m : run.path("notifications")) {
            if (m.path("encrypted").asBoolean()) {
                encrypted++;
            }
            int events = m.path("events").asInt();
            carried += events;
            minEvents = Math.min(minEvents, events);
            maxEvents = Math.max(maxEvents, events);
            statuses.merge(m.path("status").asText(), 1, Integer::sum);
            languages.merge(m.path("language").asText(), 1, Integer::sum);
        }
        int messages = run.path("messages").asInt();
        figures.put(
                "status",
                run.path("status").asText()
                        + (run.path("error").isTextual()
                                ? " (" + run.path("error").asText() + ")"
                                : ""));
        figures.put("contacts notified", "%,d".formatted(run.path("contacts").asInt()));
        figures.put("messages", "%,d (by status: %s; by language: %s)".formatted(messages, statuses, languages));
        figures.put("messages/s", "%.1f".formatted(messages / seconds));
        figures.put(
                "events carried",
                "%,d (run) / %,d (its messages; %d to %d a message)"
                        .formatted(
                                run.path("events").asInt(),
                                carried,
                                minEvents == Integer.MAX_VALUE ? 0 : minEvents,
                                maxEvents));
        figures.put("encrypted", "%,d".formatted(encrypted));
        figures.put(
                "withheld / throttled / failed",
                "%d / %d / %d"
                        .formatted(
                                run.path("withheld").asInt(),
                                run.path("throttled").asInt(),
                                run.path("failed").asInt()));
        figures.put(
                "service's run record",
                "%s to %s"
                        .formatted(
                                run.path("startedAt").asText(),
                                run.path("finishedAt").asText()));
        if (!"succeeded".equals(run.path("status").asText())) {
            problems.add("the notification run ended %s: %s"
                    .formatted(run.path("status").asText(), run.path("error").asText("")));
        }
        if (messages != constituents) {
            problems.add("the notification run produced %d messages for %d contacts".formatted(messages, constituents));
        }
        int expectedEncrypted = constituents / 10;
        if (encrypted != expectedEncrypted) {
            problems.add("%d messages were encrypted, %d contacts have a key".formatted(encrypted, expectedEncrypted));
        }
        return new Phase("N. notification", seconds, cpuUsed, threads, result, figures, names);
    }

    private void report(Phase r, Phase n) {
        Report.dayTable(out, List.of(r, n), TARGET_SECONDS);
        for (var phase : List.of(r, n)) {
            out.append("%n%s%n".formatted(phase.name()));
            phase.figures().forEach((k, v) -> out.append("  %-36s %s%n".formatted(k, v)));
            var line = new StringBuilder("  CPU seconds during the phase:");
            phase.cpu().forEach((group, s) -> line.append(" %s %.1f,".formatted(group, s)));
            out.append(line, 0, line.length() - 1).append('\n');
            var split = new StringBuilder("  the service's CPU by thread kind:");
            phase.serviceThreads().forEach((kind, s) -> split.append(" %s %.1f,".formatted(kind, s)));
            out.append(split, 0, split.length() - 1).append('\n');
            var m = phase.memory();
            out.append("  the service's memory: RSS %s at the start, peak %s (sampled every 100 ms), VmHWM %s%n"
                    .formatted(
                            mb(m.startRss()),
                            mb(m.peakRss()),
                            m.hwmReset()
                                    ? mb(m.hwm()) + " (reset at the phase's start)"
                                    : mb(m.hwm()) + " (since the service started: the reset was refused)"));
            if (!m.testSuites().isEmpty()) {
                notes.add(
                        "%s: a test suite (surefire) ran during the phase, in %s; its PostgreSQL and Elasticsearch count under postgres and elasticsearch above, its JVM under other: the figures are disturbed"
                                .formatted(phase.name(), String.join(", ", m.testSuites())));
            }
            var busiest = new StringBuilder("  the service's busiest threads (CPU s):");
            phase.threadsByName().entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .limit(8)
                    .forEach(e -> busiest.append(" %s %.1f,".formatted(e.getKey(), e.getValue())));
            out.append(busiest, 0, busiest.length() - 1).append('\n');
            var other = phase.cpu().getOrDefault(CpuMeter.OTHER, 0.0);
            if (other > 0.1 * phase.seconds()) {
                notes.add("%s: other processes took %.1f CPU seconds (%.0f %% of a core): the figures are disturbed"
                        .formatted(phase.name(), other, 100 * other / phase.seconds()));
            }
        }
        notes.add(
                "the benchmarked service's mailer is mocked (quarkus.mailer.mock=true, set by bin/opencirt bench): every message is composed, signed with the CIRT's key as PGP/MIME and, for a contact with a key, encrypted, but not sent over SMTP; a real mail server would add its time");
        notes.add(
                "the scheduled notification job is off in the benchmarked service (opencirt.notifications.every=off), so that only phase N notifies");
        out.append("\nChecks and notes\n");
        notes.forEach(note -> out.append("  - ").append(note).append('\n'));
    }

    private static String mb(long bytes) {
        return bytes < 0 ? "n/a" : "%,.0f MB".formatted(bytes / 1048576.0);
    }

    // ------------------------------------------------------------------------------------------ memory

    /** The service's resident memory during a phase. */
    record Memory(long startRss, long peakRss, long hwm, boolean hwmReset, java.util.Set<String> testSuites) {}

    /**
     * Samples the service's VmRSS every 100 ms in a thread; at the start it asks the kernel to reset the
     * process's high-water mark ({@code echo 5 > /proc/PID/clear_refs}, allowed for one's own processes),
     * and reads VmHWM at the end: the peak between, samples or not.
     */
    private static final class RssWatch extends Thread {
        private final long pid;
        private volatile boolean running = true;
        private volatile long peak = -1;
        private long startRss;
        private boolean hwmReset;
        /** Test suites (surefire JVMs, by working directory) seen running during the phase: they disturb it. */
        private final java.util.Set<String> testSuites = ConcurrentHashMap.newKeySet();

        RssWatch(long pid) {
            super("rss-sampler");
            setDaemon(true);
            this.pid = pid;
        }

        @Override
        public synchronized void start() {
            startRss = status(pid, "VmRSS");
            try {
                Files.writeString(Path.of("/proc/" + pid + "/clear_refs"), "5");
                hwmReset = true;
            } catch (IOException | RuntimeException e) {
                hwmReset = false;
            }
            peak = startRss;
            super.start();
        }

        @Override
        public void run() {
            for (long i = 0; running; i++) {
                peak = Math.max(peak, status(pid, "VmRSS"));
                if (i % 20 == 0) {
                    suites();
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        Memory finish() throws InterruptedException {
            running = false;
            interrupt();
            join();
            peak = Math.max(peak, status(pid, "VmRSS"));
            suites();
            return new Memory(startRss, peak, status(pid, "VmHWM"), hwmReset, java.util.Set.copyOf(testSuites));
        }

        private void suites() {
            ProcessHandle.allProcesses().forEach(p -> {
                var line = p.info().commandLine().orElse("");
                if (line.contains("surefirebooter")) {
                    String cwd;
                    try {
                        cwd = Files.readSymbolicLink(Path.of("/proc/" + p.pid() + "/cwd"))
                                .toString();
                    } catch (IOException | RuntimeException e) {
                        cwd = "pid " + p.pid();
                    }
                    testSuites.add(cwd);
                }
            });
        }
    }

    private static long status(long pid, String field) {
        if (pid <= 0) {
            return -1;
        }
        try {
            for (var line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1)
                                    .replace("kB", "")
                                    .strip())
                            * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone or unreadable
        }
        return -1;
    }

    // ------------------------------------------------------------------------------------------ HTTP

    private Http.Answer call(Http.Tokens who, String method, String path, String body) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create(options.url("api-url") + path));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        builder.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(who, builder, Http.TIMEOUT);
    }

    private Http.Answer send(Http.Tokens who, HttpRequest.Builder request, Duration timeout) throws Exception {
        return http.send(
                request.timeout(timeout).header("Authorization", who.bearer()).build());
    }

    private static long findServicePid() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info()
                        .commandLine()
                        .map(c -> c.contains("quarkus-run.jar") && c.contains("opencirt-bench"))
                        .orElse(false))
                .mapToLong(ProcessHandle::pid)
                .findFirst()
                .orElse(-1);
    }
}
