package org.opencirt.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The indicators of the feed benchmark, generated deterministically from their index, already in
 * the service's normalised form, all distinct: 50 % IPv4 addresses (i % 10 in 0..4), 30 % domains
 * (5..7), 20 % URLs (8..9).
 * <ul>
 *   <li>Addresses: a bijective 32-bit hash of a counter, kept when it lies in 1.0.0.0 to
 *       223.255.255.255 outside the private, shared, loopback, link-local, documentation,
 *       benchmarking and IETF-reserved networks and outside every IPv4 network and address of the
 *       service's warninglists: spread over the whole ordinary public space (tens of thousands of
 *       /16s). The addresses after the indicators' are distinct from all of them: the "inside
 *       nothing" observables of the correlation incident.</li>
 *   <li>Domains: {@code [sub.]<word>-<index in base 36><2 letters>.<com|net|org|info|xyz|top>}:
 *       made-up names under real public suffixes (the service refuses a name without one). They
 *       are strings only: nothing ever resolves or contacts them.</li>
 *   <li>URLs: http or https, a made-up host name or one of the addresses, sometimes a port, a path
 *       holding the index.</li>
 * </ul>
 * Each row also has an RSIT classification fitting its type, 0 to 2 labels, first and last seen
 * dates within the last 120 days, a confidence of 40 to 95, a comment on one row in eight, and a
 * reference {@code BENCH-<index>}.
 *
 * <p>{@link #document} is the search document the service writes for a row (IndicatorDocuments'
 * {@code write()} of ItemIndicators' {@code indicatorOf}), with the defaults of
 * {@code bench/feeds/bench-indicators.yaml}: the floor sends exactly these.
 */
final class Indicators {

    static final String FEED_ID = "bench-indicators";
    static final String CSV_NAME = FEED_ID + ".csv";
    static final String CSV_HEADER = "indicator,kind,category,labels,first_seen,last_seen,confidence,comment,ref";

    /** The defaults of bench/feeds/bench-indicators.yaml, and what a global GREEN feed gets. */
    static final String SCOPE = "global";

    static final String TLP = "GREEN";
    static final String EVERY_CIRT = "*";
    static final Duration TTL = Duration.ofDays(30);
    static final int DECAY_PER_DAY = 1;
    static final List<String> DEFAULT_TAGS = List.of("bench");

    /** Type of index i by i % 10. */
    private static final String[] TYPES = {
        "ipv4", "ipv4", "ipv4", "ipv4", "ipv4", "domain", "domain", "domain", "url", "url"
    };

    private static final List<String> IP_CLASSES =
            List.of("scanner", "scanner", "scanner", "brute-force", "brute-force", "c2-server", "malware-distribution");
    private static final List<String> DOMAIN_CLASSES =
            List.of("c2-server", "phishing", "phishing", "malware-distribution");
    private static final List<String> URL_CLASSES = List.of("malware-distribution", "malware-distribution", "phishing");
    private static final Map<String, String> CATEGORIES = Map.of(
            "scanner",
            "information-gathering",
            "brute-force",
            "intrusion-attempts",
            "c2-server",
            "malicious-code",
            "malware-distribution",
            "malicious-code",
            "phishing",
            "fraud");
    private static final Map<String, List<String>> LABELS = Map.of(
            "scanner", List.of("ssh", "telnet", "rdp", "smb", "sip", "vnc"),
            "brute-force", List.of("ssh", "rdp", "imap", "smtp", "ftp"),
            "c2-server", List.of("emotet", "qakbot", "icedid", "cobalt-strike", "asyncrat", "remcos"),
            "malware-distribution", List.of("mozi", "mirai", "agenttesla", "formbook", "lokibot"),
            "phishing", List.of("banking", "credentials", "government", "parcel", "webmail"));
    private static final List<String> WORDS = List.of(
            "secure",
            "login",
            "update",
            "account",
            "verify",
            "portal",
            "cloud",
            "files",
            "service",
            "support",
            "billing",
            "delivery",
            "office",
            "docs",
            "auth",
            "payment",
            "track",
            "static");
    private static final List<String> TLDS =
            List.of("com", "com", "com", "com", "net", "net", "org", "org", "info", "xyz", "top");
    private static final List<String> SUBDOMAINS = List.of("cdn", "mail", "login", "api", "dl");

    /**
     * Never generated: 0/8, 10/8, shared 100.64/10, 127/8, 169.254/16, 172.16/12, 192.0.0/24,
     * 192.0.2/24, 192.88.99/24, 192.168/16, benchmarking 198.18/15, 198.51.100/24, 203.0.113/24;
     * multicast and reserved (224/3) are above 223.255.255.255 anyway.
     */
    private static final List<String> RESERVED = List.of(
            "0.0.0.0/8",
            "10.0.0.0/8",
            "100.64.0.0/10",
            "127.0.0.0/8",
            "169.254.0.0/16",
            "172.16.0.0/12",
            "192.0.0.0/24",
            "192.0.2.0/24",
            "192.88.99.0/24",
            "192.168.0.0/16",
            "198.18.0.0/15",
            "198.51.100.0/24",
            "203.0.113.0/24");

    private static final Pattern IPV4_NETWORK =
            Pattern.compile("([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})(?:/([0-9]{1,2}))?");

    record Indicator(
            int index,
            String type,
            String value,
            String classification,
            List<String> labels,
            LocalDate firstSeen,
            LocalDate lastSeen,
            int confidence,
            String comment,
            String ref) {

        String category() {
            return CATEGORIES.get(classification);
        }
    }

    /** Observables of the correlation incident, and which of them must match. */
    record Correlation(List<Dataset.Observable> observables, Set<String> planted, Set<String> unmatchedAddresses) {}

    private final int count;
    private final int warmup;
    private final LocalDate today;
    private final int ipCount;
    /** The indicators' addresses ({@code ipCount}) then spare ones. */
    private final int[] addresses;

    private final List<long[]> excluded = new ArrayList<>();
    private final Set<String> listedDomains = new HashSet<>();

    /**
     * @param count the rows of the measured CSV
     * @param warmup rows after those, for the warm-up run: distinct from every measured row
     * @param warninglists the service's warninglist folder: its IPv4 networks and addresses are avoided
     * @param spareAddresses addresses generated after the indicators', which no indicator holds
     */
    Indicators(int count, int warmup, LocalDate today, Path warninglists, int spareAddresses) throws IOException {
        this.count = count;
        this.warmup = warmup;
        this.today = today;
        int rows = count + warmup;
        this.ipCount = rows / 10 * 5 + Math.min(rows % 10, 5);
        for (var network : RESERVED) {
            excluded.add(range(network));
        }
        readWarninglists(warninglists);
        this.addresses = new int[ipCount + spareAddresses];
        int counter = 0;
        for (int k = 0; k < addresses.length; counter++) {
            int candidate = hash32(counter + 0x5bd1e995);
            if (allowed(candidate)) {
                addresses[k++] = candidate;
            }
        }
    }

    int count() {
        return count;
    }

    /** Row i of the CSV. */
    Indicator get(int i) {
        var digit = i % 10;
        var type = TYPES[digit];
        long r = Dataset.mix(0x1D1CA7L * 1_000_003L + i);
        String value;
        String classification;
        switch (type) {
            case "ipv4" -> {
                value = ipv4(addresses[i / 10 * 5 + digit]);
                classification = IP_CLASSES.get(Dataset.pick(r, 0, IP_CLASSES.size()));
            }
            case "domain" -> {
                value = domain(i / 10 * 3 + digit - 5);
                classification = DOMAIN_CLASSES.get(Dataset.pick(r, 0, DOMAIN_CLASSES.size()));
            }
            default -> {
                value = url(i / 10 * 2 + digit - 8);
                classification = URL_CLASSES.get(Dataset.pick(r, 0, URL_CLASSES.size()));
            }
        }
        var pool = LABELS.get(classification);
        var labels = new ArrayList<String>();
        var wanted = Dataset.pick(r, 1, 3);
        for (int k = 0; k < wanted; k++) {
            var label = pool.get(Dataset.pick(r, 2 + k, pool.size()));
            if (!labels.contains(label)) {
                labels.add(label);
            }
        }
        var first = today.minusDays(1 + Dataset.pick(r, 4, 120));
        var last = first.plusDays(Dataset.pick(r, 5, (int) (today.toEpochDay() - first.toEpochDay()) + 1));
        var comment = Dataset.pick(r, 6, 8) == 0
                ? "Seen by sensor " + (1 + Dataset.pick(r, 7, 40)) + " of the benchmark network"
                : "";
        return new Indicator(
                i,
                type,
                value,
                classification,
                List.copyOf(labels),
                first,
                last,
                40 + Dataset.pick(r, 8, 56),
                comment,
                "BENCH-" + i);
    }

    /** Writes the measured CSV; see {@link #writeRows}. @return its size in bytes */
    long writeCsv(Path file) throws IOException {
        return writeRows(file, 0, count);
    }

    /** Writes the warm-up CSV: the rows after the measured ones. @return its size in bytes */
    long writeWarmupCsv(Path file) throws IOException {
        return writeRows(file, count, count + warmup);
    }

    /**
     * Writes a CSV (a header, then rows {@code from} to {@code to}) and checks every value is
     * distinct and none is a warninglisted name. @return its size in bytes
     */
    long writeRows(Path file, int from, int to) throws IOException {
        Files.createDirectories(file.getParent());
        var seen = new HashSet<String>((to - from) * 2);
        var temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
            out.write(
                    "# OpenCIRT benchmark feed, generated by bench/ (bin/opencirt bench feeds): made-up values, never contacted\n");
            out.write(CSV_HEADER);
            out.write('\n');
            var line = new StringBuilder(256);
            for (int i = from; i < to; i++) {
                var x = get(i);
                if (!seen.add(x.value())) {
                    throw new IllegalStateException("generated the value " + x.value() + " twice (row " + i + ")");
                }
                if (x.type().equals("domain") && listedDomains.contains(x.value())) {
                    throw new IllegalStateException("generated the warninglisted name " + x.value());
                }
                line.setLength(0);
                line.append(x.value())
                        .append(',')
                        .append(x.type())
                        .append(',')
                        .append(x.classification())
                        .append(',')
                        .append(String.join(";", x.labels()))
                        .append(',')
                        .append(x.firstSeen())
                        .append(',')
                        .append(x.lastSeen())
                        .append(',')
                        .append(x.confidence())
                        .append(',')
                        .append(x.comment())
                        .append(',')
                        .append(x.ref())
                        .append('\n');
                out.append(line);
            }
        }
        // renamed into place only once complete: the service never reads half a file
        Files.move(
                temporary,
                file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return Files.size(file);
    }

    /**
     * The search document the service writes for row x of a run that began at {@code now}: the
     * fields of IndicatorDocuments.write() in its order, the values ItemIndicators.indicatorOf gives
     * them with this feed's definition.
     */
    static Map<String, Object> document(Indicator x, Instant now) {
        var expires = now.plus(TTL).toString();
        var doc = new LinkedHashMap<String, Object>();
        doc.put("id", idOf(x.type(), x.value()));
        doc.put("visible_to", List.of(EVERY_CIRT));
        doc.put("type", x.type());
        doc.put("value", x.value());
        doc.put("ip", x.type().equals("ipv4") ? x.value() : null);
        doc.put("ip_range", null);
        doc.put("expires_at", expires);
        var source = new LinkedHashMap<String, Object>();
        source.put("scope", SCOPE);
        source.put("feed", FEED_ID);
        source.put("visible_to", List.of(EVERY_CIRT));
        source.put("tlp", TLP);
        source.put("category", x.category());
        source.put("classification", x.classification());
        source.put("confidence", x.confidence());
        source.put("decay_per_day", DECAY_PER_DAY);
        source.put(
                "tags",
                Stream.concat(DEFAULT_TAGS.stream(), x.labels().stream())
                        .distinct()
                        .limit(20)
                        .toList());
        source.put("source_ids", List.of(x.ref()));
        source.put("description", x.comment().isEmpty() ? null : x.comment());
        source.put("sightings", 1);
        source.put(
                "first_seen",
                x.firstSeen().atStartOfDay(ZoneOffset.UTC).toInstant().toString());
        source.put(
                "last_seen",
                x.lastSeen().atStartOfDay(ZoneOffset.UTC).toInstant().toString());
        source.put("expires_at", expires);
        doc.put("sources", List.of(source));
        return doc;
    }

    /** The service's deterministic document id: SHA-256 of {@code type|value}, first 20 bytes in hex (one document per value). */
    static String idOf(String type, String value) {
        try {
            var digest =
                    MessageDigest.getInstance("SHA-256").digest((type + "|" + value).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The correlation incident's observables: a fifth equal to indicators (half addresses, 30 %
     * domains, 20 % URLs, spread over the whole CSV), a twentieth addresses that are no indicator
     * and lie in no indicator's network, the rest names, URLs, hashes and e-mail addresses that
     * are no indicator.
     */
    Correlation correlation(int total) {
        var observables = new ArrayList<Dataset.Observable>(total);
        var planted = new LinkedHashSet<String>();
        var unmatched = new LinkedHashSet<String>();
        var wanted = Math.min(total / 5, count);
        var step = Math.max(1, count / Math.max(1, wanted));
        for (int j = 0; planted.size() < wanted; j++) {
            // j % 10 shifts through the types, so the planted values mix them like the CSV does
            var i = (int) Math.min(count - 1, (long) j * step + j % 10);
            var x = get(i);
            if (planted.add(x.value())) {
                observables.add(new Dataset.Observable(x.type(), x.value()));
            }
            if (j > 10L * count) {
                break;
            }
        }
        var spare = addresses.length - ipCount;
        for (int j = 0; j < Math.min(total / 20, spare); j++) {
            var value = ipv4(addresses[ipCount + j]);
            unmatched.add(value);
            observables.add(new Dataset.Observable("ipv4", value));
        }
        for (int j = 0; observables.size() < total; j++) {
            observables.add(
                    switch (j % 4) {
                        case 0 -> new Dataset.Observable("domain", "mail-" + j + ".bench-victim.org");
                        case 1 ->
                            new Dataset.Observable(
                                    "url", "https://portal-" + j + ".bench-victim.net/account/login?id=" + j);
                        case 2 -> new Dataset.Observable("sha256", sha256("opencirt-bench-correlation-" + j));
                        default -> new Dataset.Observable("email", "user-" + j + "@bench-victim.org");
                    });
        }
        return new Correlation(List.copyOf(observables), planted, unmatched);
    }

    // ------------------------------------------------------------------ values

    private String domain(int k) {
        long r = Dataset.mix(0xD0A1L * 1_000_003L + k);
        var name =
                WORDS.get(Dataset.pick(r, 0, WORDS.size())) + "-" + Long.toString(k, 36) + letter(r, 1) + letter(r, 2);
        var sub = Dataset.pick(r, 3, 6) == 0 ? SUBDOMAINS.get(Dataset.pick(r, 4, SUBDOMAINS.size())) + "." : "";
        return sub + name + "." + TLDS.get(Dataset.pick(r, 5, TLDS.size()));
    }

    private String url(int k) {
        long r = Dataset.mix(0x0B1L * 1_000_003L + k);
        var https = Dataset.pick(r, 0, 10) < 4;
        String host;
        if (ipCount > 0 && Dataset.pick(r, 1, 10) < 3) {
            host = ipv4(addresses[Dataset.pick(r, 2, ipCount)]);
        } else {
            host = WORDS.get(Dataset.pick(r, 3, WORDS.size())) + "-" + Long.toString(k, 36) + letter(r, 4)
                    + letter(r, 5) + "." + TLDS.get(Dataset.pick(r, 6, TLDS.size()));
        }
        var port = Dataset.pick(r, 7, 10) == 0 ? (https ? ":8443" : ":8080") : "";
        var token = Long.toString(k, 36) + letter(r, 8) + letter(r, 9) + letter(r, 10);
        var path = switch (Dataset.pick(r, 11, 5)) {
            case 0 -> "/wp-content/plugins/" + WORDS.get(Dataset.pick(r, 12, WORDS.size())) + "/" + token + ".php";
            case 1 -> "/" + token + "/login.html";
            case 2 -> "/bins/" + token + ".x86";
            case 3 -> "/download/invoice-" + token + ".zip";
            default -> "/secure/" + token + "/index.php?session=" + Long.toHexString(r >>> 16);
        };
        return (https ? "https://" : "http://") + host + port + path;
    }

    private static char letter(long r, int slot) {
        return (char) ('a' + Dataset.pick(r, 20 + slot, 26));
    }

    static String ipv4(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "."
                + (address & 0xff);
    }

    /** A bijection of 32-bit integers (Wellons' lowbias32): distinct counters, distinct addresses. */
    private static int hash32(int x) {
        x ^= x >>> 16;
        x *= 0x7feb352d;
        x ^= x >>> 15;
        x *= 0x846ca68b;
        x ^= x >>> 16;
        return x;
    }

    private boolean allowed(int address) {
        long a = address & 0xffffffffL;
        if (a < 0x01000000L || a > 0xDFFFFFFFL) {
            return false;
        }
        for (var range : excluded) {
            if (a >= range[0] && a <= range[1]) {
                return false;
            }
        }
        return true;
    }

    private static long[] range(String network) {
        var m = IPV4_NETWORK.matcher(network.strip());
        if (!m.matches()) {
            return null;
        }
        long a = 0;
        for (int g = 1; g <= 4; g++) {
            a = a << 8 | Integer.parseInt(m.group(g));
        }
        var prefix = m.group(5) == null ? 32 : Integer.parseInt(m.group(5));
        long size = 1L << (32 - prefix);
        long start = a & ~(size - 1) & 0xffffffffL;
        return new long[] {start, start + size - 1};
    }

    private void readWarninglists(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("no warninglists folder " + dir.toAbsolutePath() + " (see --warninglists)");
        }
        try (var files = Files.list(dir)) {
            for (var file :
                    files.filter(f -> f.toString().endsWith(".txt")).sorted().toList()) {
                for (var line : Files.readAllLines(file)) {
                    var value = line.replaceFirst("#.*", "").strip();
                    if (value.isEmpty() || value.contains(":")) {
                        continue; // empty, or IPv6
                    }
                    var range = range(value);
                    if (range != null) {
                        excluded.add(range);
                    } else {
                        listedDomains.add(value.toLowerCase());
                    }
                }
            }
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
