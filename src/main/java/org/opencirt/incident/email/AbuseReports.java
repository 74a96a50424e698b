package org.opencirt.incident.email;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MailDateFormat;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.opencirt.common.Mailboxes;
import org.opencirt.common.yaml.LocatedTree;
import org.opencirt.incident.email.MailKinds.Kind;
import org.opencirt.incident.email.ParsedEmail.Attachment;
import org.opencirt.incident.model.Rsit;
import org.opencirt.observable.Normaliser;
import org.opencirt.observable.Observable;
import org.opencirt.observable.ObservableType;

/**
 * Reads an abuse report out of a parsed message: ARF (RFC 5965, the {@code message/feedback-report}
 * part of a {@code multipart/report; report-type=feedback-report}) or X-ARF 0.1/0.2 (header
 * {@code X-ARF: YES} or {@code X-XARF: PLAIN}, a {@code multipart/mixed} whose {@code report.txt}
 * part holds the fields as YAML, an optional evidence part after it).
 *
 * <h2>Classification (RSIT)</h2>
 *
 * ARF {@code Feedback-Type}:
 * <table>
 *   <tr><th>Feedback-Type</th><th>RSIT</th><th>why</th></tr>
 *   <tr><td>abuse</td><td>abusive-content / spam</td><td>unsolicited mail, the usual complaint</td></tr>
 *   <tr><td>fraud</td><td>fraud / phishing</td><td>fraudulent mail is mostly phishing</td></tr>
 *   <tr><td>virus</td><td>malicious-code / malware-distribution</td><td>mail carrying malware</td></tr>
 *   <tr><td>auth-failure (RFC 6591)</td><td>fraud / masquerade</td><td>a forged sender domain</td></tr>
 *   <tr><td>not-spam</td><td>other / other</td><td>a reported false positive: nothing to handle</td></tr>
 *   <tr><td>other, anything else</td><td>other / undetermined</td><td>for the analyst to classify</td></tr>
 * </table>
 *
 * X-ARF: the {@code Report-Type} decides where it is known, else the {@code Category}:
 * <table>
 *   <tr><th>Report-Type</th><th>RSIT</th></tr>
 *   <tr><td>login-attack, brute-force, bruteforce, ssh-attack, rdp-attack, auth-failure</td>
 *       <td>intrusion-attempts / brute-force</td></tr>
 *   <tr><td>port-scan, portscan, scan, scanner, probe, vuln-scanning, reconnaissance</td>
 *       <td>information-gathering / scanner</td></tr>
 *   <tr><td>spam, spamvertized, spamvertised, bulk-messaging</td><td>abusive-content / spam</td></tr>
 *   <tr><td>phishing, phishing-website, phishing-site</td><td>fraud / phishing</td></tr>
 *   <tr><td>malware-website, malware-distribution, malware-url, malware-hosting, malware-attack,
 *       malware</td><td>malicious-code / malware-distribution</td></tr>
 *   <tr><td>bot, botnet, botnet-drone, drone, infected-host, infection, malware-infection</td>
 *       <td>malicious-code / infected-system</td></tr>
 *   <tr><td>c2, cnc, c2-server, botnet-controller, botnet-cc</td><td>malicious-code / c2-server</td></tr>
 *   <tr><td>ddos, ddos-attack</td><td>availability / ddos</td></tr>
 *   <tr><td>dos</td><td>availability / dos</td></tr>
 *   <tr><td>exploit, exploit-attempt, sql-injection, web-attack</td><td>intrusion-attempts / exploit</td></tr>
 *   <tr><td>defacement</td><td>information-content-security / unauthorised-information-modification</td></tr>
 *   <tr><td>copyright, p2p</td><td>fraud / copyright</td></tr>
 *   <tr><td>an RSIT type by name ({@code scanner}, {@code ids-alert}, ...)</td><td>that type</td></tr>
 * </table>
 * Category, when the report type is none of these: {@code login-attack} to brute-force,
 * {@code fraud} to phishing, {@code malware} to infected-system (an X-ARF report is about its
 * source, a host that attacks), {@code info} with a scan-like type to scanner; {@code abuse},
 * {@code info}, {@code private-message}, {@code auth} and anything else to other / undetermined.
 *
 * <h2>Refusals</h2>
 * A message without the report part, an ARF report without {@code Feedback-Type}, or an X-ARF
 * report that is not plain YAML (no tags, anchors or aliases, no key twice, at most
 * {@value #MAX_REPORT_BYTES} bytes) or lacks one of {@code Reported-From}, {@code Category},
 * {@code Report-Type}, {@code Report-ID}, {@code Date}, {@code Source}, {@code Source-Type} is
 * refused with an {@link InvalidEmailException} that names the field and never quotes the report.
 */
public final class AbuseReports {

    public static final int MAX_TITLE_CHARS = 200;
    public static final int MAX_DESCRIPTION_CHARS = 20_000;
    public static final int MAX_OBSERVABLES = 100;
    /** Largest X-ARF {@code report.txt} read. */
    public static final int MAX_REPORT_BYTES = 64 * 1024;

    static final int MAX_FIELD_CHARS = 500;

    /** The X-ARF fields without which a report is refused. */
    public static final List<String> XARF_MANDATORY =
            List.of("Reported-From", "Category", "Report-Type", "Report-ID", "Date", "Source", "Source-Type");

    /** An RSIT classification: a category and one of its types. */
    public record RsitType(String category, String type) {

        public RsitType {
            if (!Rsit.types(category).map(types -> types.contains(type)).orElse(false)) {
                throw new IllegalArgumentException("not an RSIT type: " + category + "/" + type);
            }
        }

        static RsitType of(String type) {
            return new RsitType(Rsit.categoryOf(type).orElseThrow(), type);
        }
    }

    private static final RsitType UNDETERMINED = RsitType.of("undetermined");

    private static final Map<String, RsitType> FEEDBACK_TYPES = Map.of(
            "abuse", RsitType.of("spam"),
            "fraud", RsitType.of("phishing"),
            "virus", RsitType.of("malware-distribution"),
            "auth-failure", RsitType.of("masquerade"),
            "not-spam", RsitType.of("other"),
            "other", UNDETERMINED);

    private static final Map<String, RsitType> XARF_REPORT_TYPES = new LinkedHashMap<>();

    static {
        put("brute-force", "login-attack", "brute-force", "bruteforce", "ssh-attack", "rdp-attack", "auth-failure");
        put("scanner", "port-scan", "portscan", "scan", "scanner", "probe", "vuln-scanning", "reconnaissance");
        put("spam", "spam", "spamvertized", "spamvertised", "bulk-messaging");
        put("phishing", "phishing", "phishing-website", "phishing-site");
        put(
                "malware-distribution",
                "malware-website",
                "malware-distribution",
                "malware-url",
                "malware-hosting",
                "malware-attack",
                "malware");
        put(
                "infected-system",
                "bot",
                "botnet",
                "botnet-drone",
                "drone",
                "infected-host",
                "infection",
                "malware-infection");
        put("c2-server", "c2", "cnc", "c2-server", "botnet-controller", "botnet-cc");
        put("ddos", "ddos", "ddos-attack");
        put("dos", "dos");
        put("exploit", "exploit", "exploit-attempt", "sql-injection", "web-attack");
        put("unauthorised-information-modification", "defacement");
        put("copyright", "copyright", "p2p");
    }

    private static void put(String rsitType, String... reportTypes) {
        for (var reportType : reportTypes) {
            XARF_REPORT_TYPES.put(reportType, RsitType.of(rsitType));
        }
    }

    private static final Pattern SCAN_LIKE = Pattern.compile("scan|probe|recon");

    private AbuseReports() {}

    /** The RSIT classification of an ARF {@code Feedback-Type} (any case). */
    public static RsitType rsitOfFeedbackType(String feedbackType) {
        var key = feedbackType == null ? "" : feedbackType.strip().toLowerCase(Locale.ROOT);
        return FEEDBACK_TYPES.getOrDefault(key, UNDETERMINED);
    }

    /** The RSIT classification of an X-ARF {@code Category} and {@code Report-Type} (any case). */
    public static RsitType rsitOfXarf(String category, String reportType) {
        var cat = category == null ? "" : category.strip().toLowerCase(Locale.ROOT);
        var type = reportType == null ? "" : reportType.strip().toLowerCase(Locale.ROOT);
        var known = XARF_REPORT_TYPES.get(type);
        if (known != null) {
            // malware reported under its own category is about the infected source
            if (cat.equals("malware") && type.equals("malware")) {
                return RsitType.of("infected-system");
            }
            return known;
        }
        var named = Rsit.typeNamed(type);
        if (named.isPresent()) {
            return RsitType.of(named.get());
        }
        return switch (cat) {
            case "login-attack" -> RsitType.of("brute-force");
            case "fraud" -> RsitType.of("phishing");
            case "malware" -> RsitType.of("infected-system");
            case "info" -> SCAN_LIKE.matcher(type).find() ? RsitType.of("scanner") : UNDETERMINED;
            default -> UNDETERMINED;
        };
    }

    /**
     * The abuse report a message carries, as {@link MailKinds#classify} finds it.
     *
     * @throws InvalidEmailException when the message is not an ARF or X-ARF report, or its report
     *     lacks what it must have
     */
    public static AbuseReport read(ParsedEmail email) {
        var kind = MailKinds.classify(email).kind();
        return switch (kind) {
            case ARF -> readArf(email);
            case XARF -> readXarf(email);
            default -> throw InvalidEmailException.malformed("the message is not an ARF or X-ARF abuse report");
        };
    }

    // ---- ARF ------------------------------------------------------------------------------

    /** An ARF report (RFC 5965). */
    public static AbuseReport readArf(ParsedEmail email) {
        Objects.requireNonNull(email, "email");
        var part = MailKinds.firstOfType(email, "message/feedback-report")
                .orElseThrow(() -> InvalidEmailException.malformed("ARF report has no message/feedback-report part"));
        var fields = new ArrayList<MailHeaders.Field>();
        ReportFields.groups(part.content()).forEach(g -> fields.addAll(g.fields()));
        var group = new ReportFields.Group(fields);
        var warnings = new ArrayList<String>();
        var feedbackType = group.first("Feedback-Type")
                .map(v -> v.strip().toLowerCase(Locale.ROOT))
                .orElseThrow(
                        () -> InvalidEmailException.malformed("ARF report lacks the mandatory field 'Feedback-Type'"));
        if (!feedbackType.matches("[a-z0-9][a-z0-9-]{0,39}")) {
            warnings.add("Feedback-Type is not a registered token; read as 'other'");
            feedbackType = "other";
        }
        for (var name : List.of("User-Agent", "Version")) {
            if (group.first(name).isEmpty()) {
                warnings.add("ARF report lacks the mandatory field '%s'".formatted(name));
            }
        }
        var observables = new Observables();
        group.all("Source-IP").forEach(observables::ip);
        group.all("Reported-Domain").forEach(v -> observables.add(ObservableType.DOMAIN, v));
        group.all("Reported-URI").forEach(observables::uri);
        var reportedAt = group.first("Arrival-Date")
                .or(() -> group.first("Received-Date"))
                .flatMap(AbuseReports::mailDate)
                .orElse(null);
        if (reportedAt == null) {
            if (group.first("Arrival-Date").isPresent()) {
                warnings.add("Arrival-Date is not a valid date; the message's date is used");
            }
            reportedAt = email.date();
        }
        var evidence = MailKinds.firstOfType(email, "message/rfc822", "message/global", "text/rfc822-headers")
                .map(a -> a.contentType().equals("text/rfc822-headers")
                        ? Attachment.of("original-headers.txt", a.contentType(), a.content())
                        : a)
                .orElse(null);
        if (evidence == null) {
            warnings.add("ARF report carries no copy of the reported message");
        }
        var rsit = rsitOfFeedbackType(feedbackType);
        var about = group.first("Source-IP")
                .or(() -> group.first("Reported-Domain"))
                .or(() -> group.first("Reported-URI"))
                .orElse(email.subject());
        var title = Texts.storedLine("ARF %s report: %s".formatted(feedbackType, about), MAX_TITLE_CHARS);
        var description = description(
                email.textBody(),
                "Feedback report",
                fields.stream().map(f -> Map.entry(f.name(), f.value())).toList());
        return new AbuseReport(
                Kind.ARF,
                feedbackType,
                rsit.category(),
                rsit.type(),
                title,
                description,
                observables.list(),
                observables.dropped,
                email.from().address(),
                reportedAt,
                null,
                null,
                evidence,
                warnings);
    }

    // ---- X-ARF ----------------------------------------------------------------------------

    /** An X-ARF 0.1 or 0.2 report. */
    public static AbuseReport readXarf(ParsedEmail email) {
        Objects.requireNonNull(email, "email");
        var attachments = email.attachments();
        var index = -1;
        for (var i = 0; i < attachments.size(); i++) {
            if (attachments.get(i).filename().equalsIgnoreCase("report.txt")) {
                index = i;
                break;
            }
        }
        if (index < 0) {
            throw InvalidEmailException.malformed("X-ARF message has no report.txt part");
        }
        var part = attachments.get(index);
        if (part.size() > MAX_REPORT_BYTES) {
            throw InvalidEmailException.tooLarge(
                    "X-ARF report.txt is %d bytes; the limit is %d".formatted(part.size(), MAX_REPORT_BYTES));
        }
        JsonNode root;
        try {
            root = LocatedTree.parsePlain(Texts.utf8OrWindows1252(part.content()))
                    .root();
        } catch (LocatedTree.YamlException e) {
            throw InvalidEmailException.malformed(
                    "X-ARF report.txt is not plain YAML (line %d)".formatted(e.line()), e);
        } catch (RuntimeException e) {
            throw InvalidEmailException.malformed("X-ARF report.txt is not plain YAML", e);
        }
        if (root == null || !root.isObject()) {
            throw InvalidEmailException.malformed("X-ARF report.txt is not a mapping of fields");
        }
        var fields = new LinkedHashMap<String, String>();
        var names = new LinkedHashMap<String, String>();
        for (var entry : root.properties()) {
            var key = entry.getKey().toLowerCase(Locale.ROOT);
            if (names.containsKey(key)) {
                throw InvalidEmailException.malformed("X-ARF report has a field twice (its names differ only in case)");
            }
            names.put(key, entry.getKey());
            var value = entry.getValue();
            if (value.isValueNode() && !value.isNull()) {
                fields.put(key, value.asText());
            } else if (!value.isNull()) {
                fields.put(key, null);
            }
        }
        for (var name : XARF_MANDATORY) {
            var key = name.toLowerCase(Locale.ROOT);
            if (fields.containsKey(key) && fields.get(key) == null) {
                throw InvalidEmailException.malformed("X-ARF field '%s' must be a single value".formatted(name));
            }
            if (fields.getOrDefault(key, "").isBlank()) {
                throw InvalidEmailException.malformed("X-ARF report lacks the mandatory field '%s'".formatted(name));
            }
        }
        var warnings = new ArrayList<String>();
        var category = token(fields.get("category"));
        var reportType = token(fields.get("report-type"));
        var rsit = rsitOfXarf(category, reportType);
        var sourceType = fields.get("source-type").strip().toLowerCase(Locale.ROOT);
        var source = fields.get("source").strip();
        var observables = new Observables();
        switch (sourceType) {
            case "ip-address", "ip", "ipv4", "ipv6" -> observables.ip(source);
            case "uri", "url" -> observables.uri(source);
            case "domain" -> observables.add(ObservableType.DOMAIN, source);
            case "email", "e-mail", "mail" -> observables.add(ObservableType.EMAIL, source);
            default -> observables.detect(source);
        }
        var reporter = mailbox(fields.get("reported-from"));
        if (reporter == null) {
            warnings.add("Reported-From is not a valid address; the message's sender is the reporter");
            reporter = email.from().address();
        }
        var reportedAt = xarfDate(fields.get("date")).orElse(null);
        if (reportedAt == null) {
            warnings.add("Date is not an RFC 3339 or RFC 5322 date; the message's date is used");
            reportedAt = email.date();
        }
        Integer port = null;
        if (fields.get("port") != null) {
            try {
                var p = Integer.parseInt(fields.get("port").strip());
                if (p >= 0 && p <= 65535) {
                    port = p;
                }
            } catch (NumberFormatException e) {
                port = null;
            }
            if (port == null) {
                warnings.add("Port is not a port number; ignored");
            }
        }
        var service = fields.get("service") == null ? null : Texts.storedLine(fields.get("service"), 40);
        Attachment evidence = null;
        var declared = fields.getOrDefault("attachment", "");
        if (declared == null || !declared.strip().equalsIgnoreCase("none")) {
            for (var i = index + 1; i < attachments.size() && evidence == null; i++) {
                evidence = attachments.get(i);
            }
        }
        var title = Texts.storedLine("X-ARF %s/%s report: %s".formatted(category, reportType, source), MAX_TITLE_CHARS);
        var listed = new ArrayList<Map.Entry<String, String>>();
        names.forEach((key, name) -> {
            var value = fields.get(key);
            if (value != null) {
                listed.add(Map.entry(name, value));
            }
        });
        var description = description(email.textBody(), "X-ARF report", listed);
        return new AbuseReport(
                Kind.XARF,
                category + "/" + reportType,
                rsit.category(),
                rsit.type(),
                title,
                description,
                observables.list(),
                observables.dropped,
                reporter,
                reportedAt,
                port,
                service == null || service.isEmpty() ? null : service,
                evidence,
                warnings);
    }

    /** A category or report type as a token: lower case, {@code [a-z0-9_-]}, else {@code other}. */
    private static String token(String value) {
        var token = value.strip().toLowerCase(Locale.ROOT);
        return token.matches("[a-z0-9][a-z0-9_-]{0,59}") ? token : "other";
    }

    private static String mailbox(String value) {
        if (value == null) {
            return null;
        }
        var normalised = MessageHeaders.normaliseAddress(value.strip());
        return normalised != null && Mailboxes.valid(normalised) ? normalised : null;
    }

    /** RFC 3339 ({@code 2026-12-07T08:15:00Z}) or RFC 5322 ({@code Mon, 7 Dec 2026 08:15:00 +0000}). */
    static Optional<Instant> xarfDate(String value) {
        if (value == null) {
            return Optional.empty();
        }
        var text = value.strip();
        try {
            return Optional.of(OffsetDateTime.parse(text.replace(' ', 'T')).toInstant());
        } catch (DateTimeParseException e) {
            return mailDate(text);
        }
    }

    private static Optional<Instant> mailDate(String value) {
        try {
            return Optional.of(new MailDateFormat().parse(value.strip()).toInstant());
        } catch (java.text.ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String description(String body, String heading, List<Map.Entry<String, String>> fields) {
        var out = new StringBuilder();
        if (!body.isBlank()) {
            out.append(Texts.truncate(body.strip(), MAX_DESCRIPTION_CHARS / 2)).append("\n\n");
        }
        out.append(heading).append(":\n");
        for (var field : fields) {
            out.append(Texts.storedLine(field.getKey(), 76))
                    .append(": ")
                    .append(Texts.storedLine(field.getValue(), MAX_FIELD_CHARS))
                    .append('\n');
        }
        return Texts.truncate(out.toString().strip(), MAX_DESCRIPTION_CHARS);
    }

    /** The observables of one report: each once, at most {@link #MAX_OBSERVABLES}, the rest counted. */
    private static final class Observables {

        private final LinkedHashSet<Observable> found = new LinkedHashSet<>();
        int dropped;

        void ip(String value) {
            var v4 = Normaliser.tryNormalise(ObservableType.IPV4, value);
            keep(v4.isPresent() ? v4 : Normaliser.tryNormalise(ObservableType.IPV6, value));
        }

        void uri(String value) {
            var v = value.strip();
            if (v.regionMatches(true, 0, "mailto:", 0, 7)) {
                keep(Normaliser.tryNormalise(ObservableType.EMAIL, v));
            } else {
                keep(Normaliser.tryNormalise(ObservableType.URL, v));
            }
        }

        void add(ObservableType type, String value) {
            keep(Normaliser.tryNormalise(type, value));
        }

        void detect(String value) {
            keep(Normaliser.detect(value));
        }

        private void keep(Optional<Observable> observable) {
            if (observable.isEmpty() || (found.size() >= MAX_OBSERVABLES && !found.contains(observable.get()))) {
                dropped++;
                return;
            }
            found.add(observable.get());
        }

        List<Observable> list() {
            return List.copyOf(found);
        }
    }
}
