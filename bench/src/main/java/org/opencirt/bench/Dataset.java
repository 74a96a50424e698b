package org.opencirt.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The incidents of the benchmark, generated deterministically from their index: realistic
 * titles and descriptions (a few themes, "ransomware" among them), a severity, TLP, sector and
 * RSIT classification, and exactly 10 distinct observables already in the service's normalised
 * form (documentation addresses 198.51.100.0/24 and 203.0.113.0/24, names under example.org and
 * example.net). Title and description hold nothing the service's extractor takes for an
 * observable, so the service stores exactly those 10 and the floor can write the same rows.
 */
final class Dataset {

    /** What a set of incidents is for; FLOOR repeats API's content under another tag. */
    enum Kind {
        WARMUP,
        API,
        FLOOR,
        FILL
    }

    static final int OBSERVABLES = 10;

    /** Enum values as the API and the search documents spell them, and their Java names as PostgreSQL stores them. */
    static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");

    static final List<String> STATES = List.of(
            "new",
            "triaged",
            "in-progress",
            "waiting",
            "resolved",
            "closed",
            "rejected",
            "duplicate",
            "false-positive");

    record Observable(String type, String value) {}

    record Incident(
            int index,
            Kind kind,
            String title,
            String description,
            String reporterName,
            String reporterEmail,
            String reporterOrg,
            String category,
            String type,
            String severity,
            String priority,
            String tlp,
            String pap,
            List<String> tags,
            String sector,
            String assignee,
            Instant occurredAt,
            Instant detectedAt,
            List<Observable> observables,
            String state,
            Instant createdAt,
            Instant updatedAt) {

        /** 0 (low) to 3 (critical), the service's {@code severity_rank}. */
        int severityRank() {
            return SEVERITIES.indexOf(severity);
        }
    }

    private record Theme(
            String tag, int weight, String category, String type, List<String> titles, List<String> lines) {}

    private static final List<Theme> THEMES = List.of(
            new Theme(
                    "ransomware",
                    12,
                    "malicious-code",
                    "infected-system",
                    List.of(
                            "Ransomware encrypted file servers at %s",
                            "Ransom note found on workstations of %s", "Ransomware outbreak suspected at %s"),
                    List.of(
                            "Staff reported that shared folders could no longer be opened and a ransom note was left in every folder",
                            "The backup server was reached over the management network before the encryption started",
                            "The attackers threaten to publish stolen documents unless a payment is made within three days",
                            "Several hypervisors were encrypted and the virtual machines they hosted are down")),
            new Theme(
                    "phishing",
                    25,
                    "fraud",
                    "phishing",
                    List.of(
                            "Phishing campaign impersonating %s",
                            "Credential phishing pages targeting staff of %s",
                            "Fake invoice mails sent in the name of %s"),
                    List.of(
                            "Citizens received messages asking them to confirm their bank details on a lookalike page",
                            "The mails carry the logo of the organisation and a link to a login form that collects passwords",
                            "About forty users clicked the link before the mail gateway started to block it",
                            "The sender addresses rotate every hour and the pages are hosted on freshly registered names")),
            new Theme(
                    "ddos",
                    10,
                    "availability",
                    "ddos",
                    List.of(
                            "DDoS against the public portal of %s",
                            "Volumetric attack on the DNS servers of %s",
                            "Service outage at %s after a flood of requests"),
                    List.of(
                            "The portal answered slowly for two hours and then stopped answering altogether",
                            "Traffic peaked at forty gigabits per second and came mostly from amplification",
                            "The upstream provider applied filtering and the service recovered after the peak",
                            "A group claimed the attack on a messaging channel and announced more for the coming week")),
            new Theme(
                    "scanning",
                    20,
                    "information-gathering",
                    "scanner",
                    List.of(
                            "Port scanning against the networks of %s",
                            "Systematic vulnerability scans hitting %s", "Repeated probing of exposed services at %s"),
                    List.of(
                            "The intrusion detection system logged connection attempts on many ports within minutes",
                            "The scans look for remote desktop and outdated VPN appliances",
                            "The sources are hosted at a provider that does not answer abuse reports",
                            "No successful connection was seen but the activity continues every night")),
            new Theme(
                    "bruteforce",
                    13,
                    "intrusion-attempts",
                    "brute-force",
                    List.of(
                            "Brute force on the VPN gateway of %s",
                            "Password spraying against mailboxes of %s",
                            "Credential stuffing against the citizen portal of %s"),
                    List.of(
                            "Thousands of failed logins were recorded against accounts of senior staff",
                            "The attempts use passwords from older public leaks",
                            "Two accounts were locked and one login succeeded from an unusual country",
                            "Multi factor authentication blocked the attempts that had a valid password")),
            new Theme(
                    "dataleak",
                    8,
                    "information-content-security",
                    "data-leak",
                    List.of(
                            "Internal documents of %s published on a leak site",
                            "Database extract of %s offered for sale", "Credentials of %s found on a paste site"),
                    List.of(
                            "A forum post offers a database extract with names and contact details",
                            "The sample published as proof matches records of the customer database",
                            "The documents date from last spring and come from a shared drive",
                            "The seller claims to hold more data and asks for offers in private")),
            new Theme(
                    "c2",
                    12,
                    "malicious-code",
                    "c2-server",
                    List.of(
                            "Beaconing to a command and control server from %s",
                            "Malware callbacks observed in the network of %s",
                            "Infected hosts of %s contacting known malicious infrastructure"),
                    List.of(
                            "The proxy logs show regular connections every sixty seconds to the same servers",
                            "The sample was found in a macro of a document received by mail",
                            "Endpoint protection flagged a loader that fetches further stages at start up",
                            "The traffic matches indicators shared by a partner team last week")));

    private static final int TOTAL_WEIGHT =
            THEMES.stream().mapToInt(Theme::weight).sum();

    private static final List<String> ORGANISATIONS = List.of(
            "the Ministry of Finance",
            "the national railway operator",
            "the regional hospital group",
            "the electricity transmission operator",
            "the central bank",
            "the water utility of the capital",
            "the national university",
            "the tax administration",
            "a major telecom operator",
            "the port authority",
            "the social security fund",
            "the national statistics office",
            "the ministry of health",
            "a regional council",
            "the public broadcaster",
            "the customs administration");

    private static final List<String> SECTORS =
            List.of("government", "health", "energy", "finance", "transport", "telecom", "education", "water");

    private static final List<String> TLPS =
            List.of("CLEAR", "GREEN", "GREEN", "GREEN", "AMBER", "AMBER", "AMBER", "AMBER", "AMBER+STRICT", "RED");

    private static final List<String> PRIORITIES = List.of("P4", "P3", "P2", "P1");

    private final String runTag;
    private final Instant epoch;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param runTag the tag every incident of this run carries (plus a suffix per kind but API)
     * @param epoch  "now" of the run: occurred/detected times of API incidents and the spread of FILL ones count back from it
     */
    Dataset(String runTag, Instant epoch) {
        this.runTag = runTag;
        this.epoch = epoch.truncatedTo(ChronoUnit.SECONDS);
    }

    String tag(Kind kind) {
        return kind == Kind.API ? runTag : runTag + "-" + kind.name().toLowerCase();
    }

    /** Index i of a kind: FLOOR's i is API's i (same content), FILL and WARMUP take other values. */
    Incident incident(Kind kind, int i) {
        var seed = switch (kind) {
            case API, FLOOR -> i;
            case WARMUP -> 5_000_000 + i;
            case FILL -> 10_000_000 + i;
        };
        var r = mix(seed);
        var theme = theme(r);
        var org = ORGANISATIONS.get(pick(r, 1, ORGANISATIONS.size()));
        var title = theme.titles().get(pick(r, 2, theme.titles().size())).formatted(org) + ", case " + seed;
        var first = pick(r, 3, theme.lines().size());
        var description = String.join(
                        ". ",
                        theme.lines().get(first),
                        theme.lines().get((first + 1) % theme.lines().size()),
                        theme.lines().get((first + 2) % theme.lines().size()))
                + ". Reported by the duty team of " + org + ".";
        var severityRoll = pick(r, 4, 10);
        var severity = severityRoll < 3 ? "low" : severityRoll < 7 ? "medium" : severityRoll < 9 ? "high" : "critical";
        if (theme.tag().equals("ransomware") && severity.equals("low")) {
            severity = "high";
        }
        var reporter = pick(r, 5, 2) == 0;
        var assigneeRoll = pick(r, 6, 10);
        var assignee = assigneeRoll < 3 ? "ab-analyst" : assigneeRoll < 5 ? "ab-lead" : null;
        var occurred = epoch.minus(Duration.ofMinutes(30L + pick(r, 7, 4320)));
        var tags = new TreeSet<>(List.of(theme.tag(), tag(kind)));

        var state = "new";
        var created = (Instant) null;
        var updated = (Instant) null;
        if (kind == Kind.FILL) {
            // A year of history: older incidents are mostly done, recent ones mostly open.
            var ageMinutes = pick(r, 8, 365 * 24 * 60);
            created = epoch.minus(Duration.ofMinutes(ageMinutes)).plusNanos(pick(r, 9, 1_000_000) * 1000L);
            var open = ageMinutes < 14 * 24 * 60 ? 8 : 2;
            var roll = pick(r, 10, 10);
            state = roll < open ? STATES.get(pick(r, 11, 4)) : STATES.get(4 + pick(r, 12, 5));
            updated = created.plus(Duration.ofMinutes(pick(r, 13, 20_000)));
            if (updated.isAfter(epoch)) {
                updated = epoch;
            }
            occurred = created.minus(Duration.ofMinutes(30L + pick(r, 7, 4320)));
        }
        return new Incident(
                i,
                kind,
                title,
                description,
                reporter ? "Duty officer " + (1 + pick(r, 14, 40)) : null,
                reporter ? "soc-" + (1 + pick(r, 15, 40)) + "@example.org" : null,
                reporter ? org : null,
                theme.category(),
                theme.type(),
                severity,
                PRIORITIES.get(SEVERITIES.indexOf(severity)),
                TLPS.get(pick(r, 16, TLPS.size())),
                pick(r, 17, 4) == 0 ? "GREEN" : "AMBER",
                List.copyOf(tags),
                SECTORS.get(pick(r, 18, SECTORS.size())),
                assignee,
                occurred,
                occurred.plus(Duration.ofMinutes(5 + pick(r, 19, 600))),
                observables(seed),
                state,
                created,
                updated);
    }

    /** 10 distinct observables in normalised form: 2 ipv4, 3 domain, 2 url, 2 sha256, 1 email. */
    static List<Observable> observables(int seed) {
        return List.of(
                new Observable("ipv4", "198.51.100." + (seed % 254 + 1)),
                new Observable("ipv4", "203.0.113." + ((seed / 254) % 254 + 1)),
                new Observable("domain", "host-" + seed + ".example.org"),
                new Observable("domain", "mail-" + seed + ".example.net"),
                new Observable("domain", "update-" + seed + ".example.net"),
                new Observable("url", "https://portal-" + seed + ".example.org/login?session=" + seed),
                new Observable("url", "http://update-" + seed + ".example.net/dl/payload-" + seed + ".bin"),
                new Observable("sha256", sha256("opencirt-bench-payload-" + seed)),
                new Observable("sha256", sha256("opencirt-bench-dropper-" + seed)),
                new Observable("email", "billing-" + seed + "@example.net"));
    }

    /** The body of POST /api/v1/incidents. */
    byte[] apiBody(Incident i) {
        var body = new LinkedHashMap<String, Object>();
        body.put("title", i.title());
        body.put("description", i.description());
        if (i.reporterName() != null) {
            body.put(
                    "reporter",
                    Map.of("name", i.reporterName(), "email", i.reporterEmail(), "organisation", i.reporterOrg()));
        }
        body.put("category", i.category());
        body.put("type", i.type());
        body.put("severity", i.severity());
        body.put("priority", i.priority());
        body.put("tlp", i.tlp());
        body.put("pap", i.pap());
        body.put("tags", i.tags());
        body.put("sector", i.sector());
        if (i.assignee() != null) {
            body.put("assignee", i.assignee());
        }
        body.put("occurredAt", i.occurredAt().toString());
        body.put("detectedAt", i.detectedAt().toString());
        body.put(
                "observables",
                i.observables().stream()
                        .map(o -> Map.of("type", o.type(), "value", o.value()))
                        .toList());
        try {
            return json.writeValueAsBytes(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The search document of an incident as the service's IncidentDocuments and SearchIndexer
     * build it (field for field), for the floor's _bulk.
     */
    static Map<String, Object> document(
            Incident i,
            UUID id,
            String tenant,
            String reference,
            String channel,
            String createdBy,
            Instant created,
            Instant updated) {
        var body = new LinkedHashMap<String, Object>();
        body.put("reference", reference);
        body.put("title", i.title());
        body.put("description", i.description());
        body.put(
                "reporter",
                Stream.of(i.reporterName(), i.reporterEmail(), i.reporterOrg(), null)
                        .filter(Objects::nonNull)
                        .collect(Collectors.joining(" ")));
        body.put("channel", channel);
        body.put("tlp", i.tlp());
        body.put("pap", i.pap());
        body.put("state", i.state());
        body.put("severity", i.severity());
        body.put("severity_rank", i.severityRank());
        body.put("priority", i.priority());
        body.put("category", i.category());
        body.put("type", i.type());
        body.put("tags", i.tags());
        body.put("sector", i.sector());
        body.put("assignee", i.assignee());
        body.put(
                "observables",
                i.observables().stream()
                        .map(o -> Map.of("type", o.type(), "value", o.value()))
                        .toList());
        var ips = new ArrayList<String>();
        var ranges = new ArrayList<String>();
        for (var o : i.observables()) {
            switch (o.type()) {
                case "ipv4", "ipv6" -> ips.add(o.value());
                case "cidr" -> ranges.add(o.value());
                default -> {}
            }
        }
        body.put("observable_ips", ips);
        body.put("observable_ranges", ranges);
        body.put("occurred_at", i.occurredAt().toString());
        body.put("detected_at", i.detectedAt().toString());
        body.put("reported_at", created.toString());
        body.put("due_at", null);
        body.put("created_at", created.toString());
        body.put("updated_at", updated.toString());
        body.put("id", id.toString());
        body.put("tenant", tenant);
        body.put("visible_to", List.of(tenant));
        return body;
    }

    // ------------------------------------------------------------------ deterministic choices

    private static Theme theme(long r) {
        var roll = pick(r, 0, TOTAL_WEIGHT);
        for (var theme : THEMES) {
            roll -= theme.weight();
            if (roll < 0) {
                return theme;
            }
        }
        throw new IllegalStateException();
    }

    /** A number in [0, bound) for decision {@code slot} of an incident. */
    static int pick(long r, int slot, int bound) {
        return (int) Long.remainderUnsigned(mix(r + 0x9E3779B97F4A7C15L * (slot + 1)), bound);
    }

    /** SplitMix64's finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
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
