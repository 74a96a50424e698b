package org.opencirt.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Command-line options of the benchmark; every one has a default that fits the local stack. */
final class Options {

    /** name -> [default, help] in the order `--help` prints them. */
    private static final Map<String, String[]> SPEC = new LinkedHashMap<>();

    static {
        spec("incidents", "20000", "incidents created through the API in phase A (and again by the floor in phase B)");
        spec("concurrency", "8", "worker threads of phase A and JDBC connections of the floor");
        spec("warmup", "500", "API creations before phase A, not counted");
        spec("search-docs", "100000", "incidents of the tenant the index must hold for phase C");
        spec("search-iterations", "200", "measured requests per query and per side (API, Elasticsearch)");
        spec("search-warmup", "50", "unmeasured requests per query and per side before those");
        spec(
                "jdbc-batch",
                "100",
                "incidents per JDBC transaction of the floor (each with its observables and timeline entry)");
        spec("bulk-batch", "1000", "documents per _bulk request of the floor");
        spec("bulk-streams", "2", "concurrent _bulk streams of the floor");
        spec("api-url", "http://127.0.0.1:8090", "the service under test");
        spec("es-url", "http://127.0.0.1:19200", "Elasticsearch");
        spec("jdbc-url", "jdbc:postgresql://127.0.0.1:15432/opencirt_bench", "the service's database");
        spec("db-user", "opencirt", "");
        spec("db-password", "opencirt", "");
        spec(
                "token-url",
                "http://localhost:18180/realms/opencirt/protocol/openid-connect/token",
                "Keycloak token endpoint");
        spec("client-id", "opencirt-cli", "public client allowed the password grant");
        spec("user", "ab-analyst", "analyst of the tenant");
        spec("password", "demo", "");
        spec("tenant", "cert-ab", "the user's national CIRT");
        spec("index-prefix", "opencirt-bench", "the service's opencirt.search.index-prefix");
        spec("results-dir", "bench/results", "where the report file goes");
        spec("service-build", "", "what service build is measured, for the report");
        spec("service-pid", "", "pid of the service, for its CPU time (found by command line when empty)");
        spec("phase-timeout", "1800", "seconds any one phase may take before the run is aborted");
        spec(
                "fail-on-target",
                "false",
                "exit 3 when a search p95 ratio misses the 1.5x target (run), or a feeds target (feeds)");
        // the feeds command
        spec(
                "indicators",
                "1000000",
                "feeds: distinct indicators in the generated CSV, ingested by the service and by the floor");
        spec(
                "indicator-bulk-batch",
                "5000",
                "feeds: documents per _bulk request of the indicator floor (--bulk-streams streams)");
        spec(
                "correlation-observables",
                "1000",
                "feeds: observables of the correlation incident (20% equal to indicators)");
        spec("correlation-iterations", "50", "feeds: measured POST .../correlation requests");
        spec(
                "ingest-warmup",
                "200000",
                "feeds: indicators (other than the measured ones) the same feed ingests once before floor 1");
        spec("correlation-warmup", "10", "feeds: unmeasured POST .../correlation requests before those");
        spec("admin-user", "platform-admin", "feeds: runs the global feed");
        spec("admin-password", "demo", "");
        spec(
                "feed-root",
                "bench/target/feeds",
                "feeds: the service's opencirt.feeds.file-root, where the CSV is written");
        spec(
                "indicator-mappings",
                "src/main/resources/search/indicators-mappings.json",
                "feeds: mapping of the floor's index");
        spec("warninglists", "threat-feeds/warninglists", "feeds: networks and names the generated values stay out of");
        // the advisories command
        spec("advisories", "1000", "advisories: advisories created, submitted and published through the API");
        spec("advisory-concurrency", "4", "advisories: worker threads publishing");
        spec("advisory-warmup", "20", "advisories: advisories published before the measured ones");
        spec("lead-user", "ab-lead", "advisories: the lead who publishes");
        spec("validations", "20", "advisories: validations of one 5 MB CSAF document (after 3 unmeasured)");
        spec("bc-signatures", "2000", "advisories: BouncyCastle signatures of the same bytes (after 500 unmeasured)");
        spec("gpg-signatures", "200", "advisories: gpg --detach-sign runs on the same bytes (after 10 unmeasured)");
        // the playbooks command
        spec(
                "playbook-incidents",
                "1000",
                "playbooks: incidents created through the API, each evaluated against 50 playbooks");
        spec("playbook-warmup", "200", "playbooks: incidents created (and evaluated) before the measured ones");
        spec("playbook-concurrency", "1", "playbooks: incidents created at once in phase E");
        spec("backtest-incidents", "100000", "playbooks: incidents of the tenant the backtest runs over");
        spec("cirt-admin-user", "ab-admin", "playbooks: adds the tenant's playbooks; exchange: declares the partner");
        // the exchange command (also reads --indicators, --admin-user, --feed-root, --warninglists)
        spec(
                "inbox-objects",
                "100000",
                "exchange: STIX indicators pushed into the TAXII inbox (and run through the feed for comparison)");
        spec("inbox-envelope", "10000", "exchange: objects per inbox request (at most 10000)");
        spec("inbox-warmup", "10000", "exchange: other indicators pushed into the inbox before the measured ones");
        spec("taxii-warmup-pages", "300", "exchange: TAXII pages read (from the first) before the measured pass");
        // the audit command (also reads --concurrency, --warmup, --lead-user)
        spec("untrailed-url", "http://127.0.0.1:8091", "audit: the same service with the audit trail off");
        spec(
                "untrailed-jdbc-url",
                "jdbc:postgresql://127.0.0.1:15432/opencirt_bench_untrailed",
                "audit: that service's database");
        spec("audit-incidents", "10000", "audit: incidents created through the API of each service");
        spec("audit-rounds", "10", "audit: rounds the creations are split into, alternating which service goes first");
        spec("audit-entries", "1000000", "audit: entries appended to the tenant's chain before its verification");
        // the archive command (also reads --cirt-admin-user)
        spec("archive-incidents", "100000", "archive: incidents the tenant holds (copied in SQL) before its export");
        spec(
                "receiving-url",
                "http://127.0.0.1:8091",
                "archive: the installation the archive is imported into (no demo CIRTs, a large request limit)");
        spec(
                "receiving-jdbc-url",
                "jdbc:postgresql://127.0.0.1:15432/opencirt_bench_receiving",
                "archive: that installation's database");
        // the constituents command (also reads --password, --phase-timeout)
        spec("constituents", "500", "constituents: constituents of the CIRT, one /24 network and one contact each");
        spec(
                "report-rows",
                "200000",
                "constituents: Shadowserver report rows served in phase R, over the constituents' hosts");
        spec("report-types", "30", "constituents: report types (mapped scan reports) the rows are spread over");
        spec("setup-concurrency", "4", "constituents: threads creating the constituents (setup, not timed)");
        spec("reports-port", "8100", "constituents: port of the local Shadowserver Reports API (127.0.0.1)");
        spec("country-tenant", "cert-cd", "constituents: the national CIRT");
        spec("country-admin", "cd-admin", "constituents: its admin (constituents, secrets, the feed and its run)");
        spec("country-lead", "cd-lead", "constituents: its lead (the notification run)");
        spec(
                "shadowserver-mappings",
                "threat-feeds/shadowserver",
                "constituents: the report types' mappings, checked to name every type served");
    }

    private static void spec(String name, String value, String help) {
        SPEC.put(name, new String[] {value, help});
    }

    final String command;
    private final Map<String, String> values = new LinkedHashMap<>();

    private Options(String command) {
        this.command = command;
        SPEC.forEach((k, v) -> values.put(k, v[0]));
    }

    /**
     * {@code [COMMAND] [--name value | --name=value]...}; COMMAND is {@code run} (default), {@code feeds} or
     * {@code ensure-database}.
     */
    static Options parse(String[] args) {
        var rest = new ArrayList<>(List.of(args));
        var command = !rest.isEmpty() && !rest.get(0).startsWith("-") ? rest.remove(0) : "run";
        var options = new Options(command);
        for (int i = 0; i < rest.size(); i++) {
            var arg = rest.get(i);
            if (arg.equals("-h") || arg.equals("--help")) {
                throw new Usage(null);
            }
            if (!arg.startsWith("--")) {
                throw new Usage("unexpected argument '" + arg + "'");
            }
            String name;
            String value;
            var eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(2, eq);
                value = arg.substring(eq + 1);
            } else {
                name = arg.substring(2);
                if (i + 1 >= rest.size()) {
                    throw new Usage("--" + name + " needs a value");
                }
                value = rest.get(++i);
            }
            if (!SPEC.containsKey(name)) {
                throw new Usage("unknown option --" + name);
            }
            options.values.put(name, value);
        }
        return options;
    }

    static String help() {
        var text = new StringBuilder("""
                Usage: java -jar opencirt-bench.jar [run | feeds | exchange | advisories | playbooks | console | audit | archive | constituents | ensure-database] [--option value]...
                  run              (default) phases A (API create), B (floor), C (search) against a running service
                  feeds            phases F (a generated feed through the service, and its floor) and G (correlation)
                  exchange         phases L (load indicators through the feed), T (TAXII paging against a raw scan)
                                   and I (the TAXII inbox against the feed path)
                  advisories       phases P (publish advisories through the API) and S (BouncyCastle against gpg signing)
                  playbooks        phases E (50 playbooks evaluated against each new incident) and K (a backtest)
                  constituents     phases R (a day of Shadowserver reports through a CIRT's feed) and N (its
                                   notification run)
                  ensure-database  create the database of --jdbc-url (owner --db-user) on a running PostgreSQL
                                   of the local stack, as its superuser 'postgres' (trust on loopback)
                Options (default):
                """);
        SPEC.forEach((k, v) ->
                text.append("  --%-18s %s%s%n".formatted(k, v[1].isEmpty() ? "" : v[1] + " ", "[" + v[0] + "]")));
        return text.toString();
    }

    String get(String name) {
        return values.get(name);
    }

    int integer(String name, int min) {
        int value;
        try {
            value = Integer.parseInt(values.get(name).replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new Usage("--" + name + " must be a number, not '" + values.get(name) + "'");
        }
        if (value < min) {
            throw new Usage("--" + name + " must be at least " + min);
        }
        return value;
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(values.get(name));
    }

    Duration seconds(String name) {
        return Duration.ofSeconds(integer(name, 1));
    }

    Path path(String name) {
        return Path.of(values.get(name));
    }

    String url(String name) {
        var url = values.get(name);
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Options only one command reads, left out of the other's report. */
    private static final java.util.Set<String> RUN_ONLY = java.util.Set.of(
            "incidents",
            "concurrency",
            "warmup",
            "search-docs",
            "search-iterations",
            "search-warmup",
            "jdbc-batch",
            "bulk-batch");

    private static final java.util.Set<String> FEEDS_ONLY = java.util.Set.of(
            "indicators",
            "indicator-bulk-batch",
            "correlation-observables",
            "correlation-iterations",
            "correlation-warmup",
            "ingest-warmup",
            "admin-user",
            "admin-password",
            "feed-root",
            "indicator-mappings",
            "warninglists");
    /** Options of the feeds command that exchange reads too. */
    private static final java.util.Set<String> FEEDS_AND_EXCHANGE =
            java.util.Set.of("indicators", "admin-user", "admin-password", "feed-root", "warninglists");

    private static final java.util.Set<String> EXCHANGE_ONLY =
            java.util.Set.of("inbox-objects", "inbox-envelope", "inbox-warmup", "taxii-warmup-pages");
    private static final java.util.Set<String> ADVISORIES_ONLY = java.util.Set.of(
            "advisories", "advisory-concurrency", "advisory-warmup", "validations", "bc-signatures", "gpg-signatures");
    private static final java.util.Set<String> AUDIT_ONLY =
            java.util.Set.of("untrailed-url", "untrailed-jdbc-url", "audit-incidents", "audit-rounds", "audit-entries");
    private static final java.util.Set<String> ARCHIVE_ONLY =
            java.util.Set.of("archive-incidents", "receiving-url", "receiving-jdbc-url");
    private static final java.util.Set<String> CONSTITUENTS_ONLY = java.util.Set.of(
            "constituents",
            "report-rows",
            "report-types",
            "setup-concurrency",
            "reports-port",
            "country-tenant",
            "country-admin",
            "country-lead",
            "shadowserver-mappings");
    private static final java.util.Set<String> PLAYBOOKS_ONLY = java.util.Set.of(
            "playbook-incidents", "playbook-warmup", "playbook-concurrency", "backtest-incidents", "cirt-admin-user");

    /** The effective settings of the command, for the report. */
    Map<String, String> all() {
        var copy = new LinkedHashMap<>(values);
        if (!command.equals("run") && !command.equals("console")) {
            copy.keySet().removeAll(RUN_ONLY);
        }
        if (command.equals("audit")) {
            copy.put("concurrency", values.get("concurrency"));
            copy.put("warmup", values.get("warmup"));
        }
        if (command.equals("exchange")) {
            FEEDS_ONLY.stream().filter(k -> !FEEDS_AND_EXCHANGE.contains(k)).forEach(copy::remove);
        } else if (!command.equals("feeds")) {
            copy.keySet().removeAll(FEEDS_ONLY);
        }
        if (!command.equals("exchange")) {
            copy.keySet().removeAll(EXCHANGE_ONLY);
        }
        if (!command.equals("advisories")) {
            copy.keySet().removeAll(ADVISORIES_ONLY);
        }
        if (!command.equals("playbooks")) {
            copy.keySet().removeAll(PLAYBOOKS_ONLY);
        }
        if (!command.equals("audit")) {
            copy.keySet().removeAll(AUDIT_ONLY);
        }
        if (!command.equals("archive")) {
            copy.keySet().removeAll(ARCHIVE_ONLY);
        }
        if (!command.equals("constituents")) {
            copy.keySet().removeAll(CONSTITUENTS_ONLY);
        } else {
            copy.keySet().removeAll(java.util.Set.of("user", "tenant", "es-url", "index-prefix", "fail-on-target"));
        }
        if (command.equals("exchange") || command.equals("archive")) {
            copy.put("cirt-admin-user", values.get("cirt-admin-user"));
        }
        if (command.equals("archive")) {
            copy.put("admin-user", values.get("admin-user"));
        }
        if (!command.equals("advisories") && !command.equals("playbooks") && !command.equals("audit")) {
            copy.remove("lead-user");
        }
        copy.computeIfPresent("password", (k, v) -> "***");
        copy.computeIfPresent("db-password", (k, v) -> "***");
        copy.computeIfPresent("admin-password", (k, v) -> "***");
        return copy;
    }

    /** A wrong command line: the message (or none for --help) then the usage. */
    static final class Usage extends RuntimeException {
        Usage(String message) {
            super(message);
        }
    }
}
