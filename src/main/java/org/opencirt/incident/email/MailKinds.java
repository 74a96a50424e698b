package org.opencirt.incident.email;

import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.ParseException;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.opencirt.common.Mailboxes;
import org.opencirt.incident.email.ParsedEmail.Attachment;

/**
 * What kind of mail a parsed message is, before anyone treats it as a person's report: a bounce,
 * an automatic reply, an abuse report (ARF or X-ARF), or an ordinary message. Checked in that
 * order of evidence:
 *
 * <ol>
 *   <li>a delivery status notification (RFC 3464: {@code multipart/report;
 *       report-type=delivery-status} or a {@code message/delivery-status} part) is a
 *       {@link Kind#BOUNCE}, with its recipients;
 *   <li>an ARF report (RFC 5965: {@code multipart/report; report-type=feedback-report} or a
 *       {@code message/feedback-report} part) is {@link Kind#ARF};
 *   <li>an X-ARF report (header {@code X-XARF}, version 0.2, or {@code X-ARF: YES}, version 0.1) is
 *       {@link Kind#XARF}. Reports come before automatic replies because X-ARF asks its senders to
 *       set {@code Auto-Submitted: auto-generated};
 *   <li>a bounce in no standard form: from {@code MAILER-DAEMON}, or from {@code postmaster} with a
 *       bounce's subject ({@code Undelivered Mail Returned to Sender}, {@code Mail delivery failed},
 *       {@code Undeliverable:}, ...), is a {@link Kind#BOUNCE}; its failed addresses are taken from
 *       the text only where a line names exactly one valid mailbox;
 *   <li>{@code Auto-Submitted} other than {@code no} (RFC 3834), {@code X-Autoreply},
 *       {@code X-Autorespond}, {@code X-Auto-Response-Suppress} with {@code OOF}, {@code AutoReply}
 *       or {@code All}, {@code Precedence: auto_reply|bulk|junk|list}, {@code List-Id} or
 *       {@code List-Unsubscribe} (list traffic counts as automatic), or an out-of-office subject
 *       in English, French, German, Spanish or Arabic, is an {@link Kind#AUTO_REPLY};
 *   <li>anything else is {@link Kind#ORDINARY}.
 * </ol>
 *
 * Pure: nothing is stored, nothing is sent, the time is not read.
 */
public final class MailKinds {

    /** The kinds, in the order of evidence. */
    public enum Kind {
        BOUNCE,
        AUTO_REPLY,
        ARF,
        XARF,
        ORDINARY
    }

    /** Longest reason kept for a recipient (it is stored with the contact). */
    public static final int MAX_REASON_CHARS = 200;

    /** Most recipients kept from one bounce. */
    public static final int MAX_RECIPIENTS = 50;

    /**
     * One recipient a bounce reports on.
     *
     * @param address the mailbox, valid by {@link Mailboxes#valid}
     * @param status the RFC 3463 status ({@code 5.1.1}), or null when none was found
     * @param permanent true only for a permanent failure ({@code Action: failed} with a 5.x.x
     *     status, or a 5.x.x status in a non-standard bounce): the one case that marks a contact
     *     as undeliverable. A delay (4.x.x, {@code Action: delayed}) is not permanent
     * @param reason the status and the diagnostic, one line, no control characters, at most
     *     {@value #MAX_REASON_CHARS} chars
     */
    public record Recipient(String address, String status, boolean permanent, String reason) {

        public Recipient {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * What a message is and what was found.
     *
     * @param kind the kind
     * @param evidence what decided it, in a few words ({@code Auto-Submitted: auto-replied}); for
     *     logs and the timeline, never containing more than a header's value cut short
     * @param recipients for a bounce, the recipients it names (possibly none); empty otherwise
     */
    public record Classification(Kind kind, String evidence, List<Recipient> recipients) {

        public Classification {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(evidence, "evidence");
            recipients = List.copyOf(recipients);
        }

        /** The addresses that failed permanently: those a bounce may mark as undeliverable. */
        public List<String> permanentlyFailed() {
            return recipients.stream()
                    .filter(Recipient::permanent)
                    .map(Recipient::address)
                    .toList();
        }

        /** A bounce that only reports a delay or a temporary failure (nothing to mark). */
        public boolean onlyDelayed() {
            return kind == Kind.BOUNCE && permanentlyFailed().isEmpty();
        }
    }

    private MailKinds() {}

    /** The kind of a parsed message. */
    public static Classification classify(ParsedEmail email) {
        Objects.requireNonNull(email, "email");
        var headers = email.headers();
        var reportType = reportType(headers);
        var dsn = firstOfType(email, "message/delivery-status", "message/global-delivery-status");
        if ("delivery-status".equals(reportType) || dsn.isPresent()) {
            var recipients = dsn.map(part -> dsnRecipients(part.content())).orElse(List.of());
            return new Classification(Kind.BOUNCE, "delivery status notification (RFC 3464)", recipients);
        }
        if ("feedback-report".equals(reportType)
                || firstOfType(email, "message/feedback-report").isPresent()) {
            return new Classification(Kind.ARF, "feedback report (RFC 5965)", List.of());
        }
        var xarf = headers.first("X-XARF").or(() -> headers.first("X-ARF"));
        if (xarf.isPresent()) {
            return new Classification(
                    Kind.XARF,
                    (headers.has("X-XARF") ? "X-XARF: " : "X-ARF: ") + Texts.storedLine(xarf.get(), 40),
                    List.of());
        }
        var bounce = nonStandardBounce(email);
        if (bounce.isPresent()) {
            return bounce.get();
        }
        var automatic = automatic(email);
        if (automatic.isPresent()) {
            return new Classification(Kind.AUTO_REPLY, automatic.get(), List.of());
        }
        return new Classification(Kind.ORDINARY, "no sign of automatic mail", List.of());
    }

    // ---- the reference of a notification -------------------------------------------------

    /** The alphabet of a reference's suffix: no 0, 1, I or O, which people misread. */
    static final String SUFFIX_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private static final Pattern REFERENCE =
            Pattern.compile("\\[([A-Z][A-Z0-9-]{1,30}[A-Z0-9])-N-([0-9]{8})-([" + SUFFIX_ALPHABET + "]{6})\\]");

    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);

    /**
     * The notification reference a subject carries in brackets, {@code [CERT-CD-N-20261207-4K7Q2M]}
     * (a CIRT's id in upper case, {@code -N-}, the day as 8 digits, six characters of
     * {@value #SUFFIX_ALPHABET}), wherever it stands ({@code Re: AW: TR: Fwd:} before it change
     * nothing). Exact: a lower-case copy, a day that does not exist, a seventh character or a
     * letter from outside the alphabet is no reference. Empty too when the subject names two
     * different references, which a reply cannot be about.
     *
     * @return the reference without its brackets
     */
    public static Optional<String> referenceIn(String subject) {
        if (subject == null || subject.length() > 4 * ParsedEmail.MAX_SUBJECT_CHARS) {
            return Optional.empty();
        }
        var found = new LinkedHashSet<String>();
        var matcher = REFERENCE.matcher(subject);
        while (matcher.find()) {
            if (matcher.group(1).contains("--") || !isDay(matcher.group(2))) {
                continue;
            }
            found.add(matcher.group().substring(1, matcher.group().length() - 1));
        }
        return found.size() == 1 ? Optional.of(found.getFirst()) : Optional.empty();
    }

    private static boolean isDay(String digits) {
        try {
            LocalDate.parse(digits, DAY);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    // ---- delivery status notifications ---------------------------------------------------

    private static String reportType(MailHeaders headers) {
        var value = headers.first("Content-Type").orElse("");
        try {
            var type = new ContentType(value);
            if (!type.getBaseType().equalsIgnoreCase("multipart/report")) {
                return null;
            }
            var reportType = type.getParameter("report-type");
            return reportType == null ? null : reportType.strip().toLowerCase(Locale.ROOT);
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    static Optional<Attachment> firstOfType(ParsedEmail email, String... types) {
        var wanted = Set.of(types);
        return email.attachments().stream()
                .filter(a -> wanted.contains(a.contentType()))
                .findFirst();
    }

    private static final Pattern STATUS = Pattern.compile("(?<![0-9.])([245])\\.([0-9]{1,3})\\.([0-9]{1,3})(?![0-9.])");

    /** The per-recipient groups of a {@code message/delivery-status} part (the first is per message). */
    static List<Recipient> dsnRecipients(byte[] content) {
        var recipients = new ArrayList<Recipient>();
        var seen = new LinkedHashSet<String>();
        for (var group : ReportFields.groups(content)) {
            var address = group.first("Final-Recipient")
                    .flatMap(MailKinds::typedAddress)
                    .or(() -> group.first("Original-Recipient").flatMap(MailKinds::typedAddress));
            if (address.isEmpty()) {
                continue;
            }
            var action = group.first("Action").orElse("").toLowerCase(Locale.ROOT);
            var matcher = STATUS.matcher(group.first("Status").orElse(""));
            var status = matcher.lookingAt() ? matcher.group() : null;
            if (action.equals("delivered") || action.equals("relayed") || action.equals("expanded")) {
                continue;
            }
            var permanent = action.equals("failed") && status != null && status.startsWith("5");
            var diagnostic = group.first("Diagnostic-Code").orElse("");
            var reason = reason(status, action.isEmpty() ? diagnostic : action + ": " + diagnostic);
            if (seen.add(address.get()) && recipients.size() < MAX_RECIPIENTS) {
                recipients.add(new Recipient(address.get(), status, permanent, reason));
            }
        }
        return recipients;
    }

    /** {@code rfc822; user@example.org} (address-type; address) to the address, if a valid mailbox. */
    private static Optional<String> typedAddress(String value) {
        var semi = value.indexOf(';');
        if (semi >= 0 && !value.substring(0, semi).strip().equalsIgnoreCase("rfc822")) {
            return Optional.empty();
        }
        return mailbox(semi < 0 ? value : value.substring(semi + 1));
    }

    /** The text as one valid mailbox ({@code <...>} removed), domain lower-cased, if it is one. */
    private static Optional<String> mailbox(String text) {
        var value = text.strip();
        if (value.startsWith("<") && value.endsWith(">")) {
            value = value.substring(1, value.length() - 1).strip();
        }
        var normalised = MessageHeaders.normaliseAddress(value);
        return normalised != null && Mailboxes.valid(normalised) ? Optional.of(normalised) : Optional.empty();
    }

    private static String reason(String status, String diagnostic) {
        var text = (status == null ? "no status" : status) + (diagnostic.isBlank() ? "" : " " + diagnostic.strip());
        return Texts.storedLine(text, MAX_REASON_CHARS);
    }

    // ---- bounces in no standard form -----------------------------------------------------

    private static final Pattern BOUNCE_SUBJECT = Pattern.compile(
            "^(?:undelivered mail returned to sender|delivery status notification \\((?:failure|delay)\\)"
                    + "|mail delivery failed|undeliverable:|undelivered mail|delivery failure|failure notice"
                    + "|returned mail:|delivery has failed|delayed mail"
                    + "|non remis|unzustellbar|no se puede entregar|message not delivered)",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private static final Pattern NOT_YET_FAILED =
            Pattern.compile("\\((?:delay|warning)\\)|delayed mail|still being retried", Pattern.CASE_INSENSITIVE);

    /** A line that names one address and nothing else: {@code  user@example.org}, {@code <user@example.org>:}. */
    private static final Pattern ADDRESS_LINE =
            Pattern.compile("^<?([^\\s<>\"()\\[\\],;:]+@[^\\s<>\"()\\[\\],;:]+)>?:?$");

    /** Postfix and qmail: {@code <user@example.org>: host ... said: ...}. */
    private static final Pattern ADDRESS_COLON =
            Pattern.compile("^<([^\\s<>\"()\\[\\],;:]+@[^\\s<>\"()\\[\\],;:]+)>:\\s");

    /** Where the copy of the returned message starts: nothing below is the bounce's own text. */
    private static final Pattern QUOTED_START = Pattern.compile(
            "^(?:-{3,}.*|(?:received|return-path|from|to|subject|date|message-id):\\s.*"
                    + "|.*(?:copy of the message|original message|message headers|below this line).*)$",
            Pattern.CASE_INSENSITIVE);

    private static final Pattern PERMANENT_WORDS =
            Pattern.compile("permanent (?:fatal )?error|permanent failure|permanently", Pattern.CASE_INSENSITIVE);

    private static Optional<Classification> nonStandardBounce(ParsedEmail email) {
        var sender = email.from().address();
        var local = sender.substring(0, sender.lastIndexOf('@')).toLowerCase(Locale.ROOT);
        var daemon = local.equals("mailer-daemon");
        var postmaster = local.equals("postmaster");
        var subjectSays = BOUNCE_SUBJECT.matcher(email.subject().strip()).find();
        if (!(daemon || (postmaster && subjectSays))) {
            return Optional.empty();
        }
        var lines = new ArrayList<String>();
        for (var line : email.textBody().split("\n", -1)) {
            var stripped = line.strip();
            if (QUOTED_START.matcher(stripped).matches()) {
                break;
            }
            lines.add(stripped);
        }
        var addresses = new LinkedHashSet<String>();
        for (var line : lines) {
            var matcher = ADDRESS_LINE.matcher(line);
            var colon = ADDRESS_COLON.matcher(line);
            var candidate = matcher.matches() ? matcher.group(1) : colon.find() ? colon.group(1) : null;
            if (candidate == null) {
                continue;
            }
            mailbox(candidate)
                    .filter(a -> !a.equalsIgnoreCase(sender))
                    .filter(a -> !isSystemMailbox(a))
                    .ifPresent(addresses::add);
        }
        String status = null;
        String statusLine = null;
        String wordsLine = null;
        for (var line : lines) {
            var matcher = STATUS.matcher(line);
            if (status == null && matcher.find()) {
                status = matcher.group();
                statusLine = line;
            }
            if (wordsLine == null && PERMANENT_WORDS.matcher(line).find()) {
                wordsLine = line;
            }
        }
        var delayed = NOT_YET_FAILED.matcher(email.subject()).find();
        var permanent = !delayed && (status != null ? status.startsWith("5") : wordsLine != null);
        var diagnostic = statusLine != null ? statusLine : wordsLine != null ? wordsLine : "";
        var reason = reason(status, diagnostic);
        var found = status;
        var recipients = addresses.stream()
                .limit(MAX_RECIPIENTS)
                .map(a -> new Recipient(a, found, permanent, reason))
                .toList();
        var evidence =
                (daemon ? "from MAILER-DAEMON" : "from postmaster") + (subjectSays ? " with a bounce subject" : "");
        return Optional.of(new Classification(Kind.BOUNCE, evidence, recipients));
    }

    private static boolean isSystemMailbox(String address) {
        var local = address.substring(0, address.lastIndexOf('@')).toLowerCase(Locale.ROOT);
        return local.equals("mailer-daemon") || local.equals("postmaster");
    }

    // ---- automatic replies ---------------------------------------------------------------

    private static final Set<String> AUTOMATIC_PRECEDENCE = Set.of("auto_reply", "bulk", "junk", "list");

    private static final Set<String> SUPPRESS_TOKENS = Set.of("oof", "autoreply", "all");

    /**
     * Subjects of out-of-office replies, at the start of the subject (a person's
     * {@code Re: Absence of logs} is not one): English, French, German, Spanish, Arabic.
     */
    private static final Pattern OUT_OF_OFFICE = Pattern.compile(
            "^(?:out of (?:the )?office|automatic reply|auto(?:matic)?[- ]?(?:reply|response)|auto\\s*:"
                    + "|r[ée]ponse automatique|absence(?:\\s*:|\\s+du bureau|\\s*$)|absent(?:e)?\\s+du bureau"
                    + "|abwesenheitsnotiz|abwesenheit\\s*:|automatische antwort|automatische r[üu]ckantwort"
                    + "|respuesta autom[áa]tica|fuera de (?:la )?oficina"
                    + "|\u0631\u062f \u062a\u0644\u0642\u0627\u0626\u064a|\u0627\u0644\u0631\u062f \u0627\u0644\u062a\u0644\u0642\u0627\u0626\u064a)",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private static Optional<String> automatic(ParsedEmail email) {
        var headers = email.headers();
        var submitted = headers.first("Auto-Submitted");
        if (submitted.isPresent()) {
            var value = keyword(submitted.get());
            if (!value.equals("no")) {
                return Optional.of("Auto-Submitted: " + Texts.storedLine(value, 40));
            }
        }
        for (var name : List.of("X-Autoreply", "X-Autorespond")) {
            var value = headers.first(name);
            if (value.isPresent() && !keyword(value.get()).equals("no")) {
                return Optional.of(name + " present");
            }
        }
        var suppress = headers.first("X-Auto-Response-Suppress").orElse("");
        for (var token : suppress.split("[,\\s]+")) {
            if (SUPPRESS_TOKENS.contains(token.toLowerCase(Locale.ROOT))) {
                return Optional.of("X-Auto-Response-Suppress: " + Texts.storedLine(suppress, 40));
            }
        }
        var precedence = keyword(headers.first("Precedence").orElse(""));
        if (AUTOMATIC_PRECEDENCE.contains(precedence)) {
            return Optional.of("Precedence: " + precedence);
        }
        if (headers.has("List-Id") || headers.has("List-Unsubscribe")) {
            return Optional.of("mailing-list message (List-Id or List-Unsubscribe)");
        }
        var subject = Normalizer.normalize(email.subject().strip(), Normalizer.Form.NFC);
        if (OUT_OF_OFFICE.matcher(subject).find()) {
            return Optional.of("out-of-office subject");
        }
        return Optional.empty();
    }

    /** The first word of a structured value, lower case ({@code auto-replied; owner=...} to {@code auto-replied}). */
    private static String keyword(String value) {
        var semi = value.indexOf(';');
        var word = (semi < 0 ? value : value.substring(0, semi)).strip();
        var comment = word.indexOf('(');
        if (comment >= 0) {
            word = word.substring(0, comment).strip();
        }
        return word.toLowerCase(Locale.ROOT);
    }
}
