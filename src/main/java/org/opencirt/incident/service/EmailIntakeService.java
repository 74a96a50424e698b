package org.opencirt.incident.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.io.ByteArrayInputStream;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemMappers;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.incident.email.AbuseReport;
import org.opencirt.incident.email.AbuseReports;
import org.opencirt.incident.email.EmailLimits;
import org.opencirt.incident.email.EmailParser;
import org.opencirt.incident.email.InvalidEmailException;
import org.opencirt.incident.email.MailKinds;
import org.opencirt.incident.email.ParsedEmail;
import org.opencirt.incident.model.Channel;
import org.opencirt.incident.model.CommentVisibility;
import org.opencirt.incident.model.LinkKind;
import org.opencirt.incident.repository.Incident;
import org.opencirt.incident.repository.IncidentRepository;
import org.opencirt.incident.service.IncidentCommands.AddLink;
import org.opencirt.incident.service.IncidentCommands.CreateIncident;
import org.opencirt.incident.service.IncidentCommands.Reporter;
import org.opencirt.incident.service.IncidentViews.IncidentView;
import org.opencirt.tenant.TenantDirectory;
import org.opencirt.tenant.constituency.ConstituentService;

/**
 * Raw e-mails (RFC 822) in: a new incident per message (subject as title, text body as
 * description, sender as reporter, attachments stored, observables extracted), or a comment on
 * an incident when the subject carries that incident's reply token and the sender is its
 * reporter or a member of the CIRT (ADR 0012). A message that names an incident otherwise (its
 * reference, or its token from another sender) opens a new incident linked to it as related.
 * Machines' mail is told apart first ({@link MailKinds}): a bounce marks the contacts of the
 * addresses that failed for good and opens nothing, an automatic reply does nothing, an ARF or
 * X-ARF report opens an incident of its classification with the original message attached, and
 * a reply to a notification (its reference in the subject) is added to the incidents it was about.
 */
@ApplicationScoped
public class EmailIntakeService {

    private static final Logger LOG = Logger.getLogger(EmailIntakeService.class);
    /** The roles whose members may add to any incident of their CIRT by mail. */
    private static final List<String> MEMBER_ROLES = List.of("analyst", "lead", "cirt-admin");
    /** Attempts at an append that meets a concurrent change (a playbook still running on the incident). */
    static final int MAX_ATTEMPTS = 8;
    /** The pause before the second attempt; it doubles for each further one, to at most {@link #MAX_PAUSE_MILLIS}. */
    static final long FIRST_PAUSE_MILLIS = 100;

    static final long MAX_PAUSE_MILLIS = 2_000;

    /**
     * The outcome: the incident (null when the message opened none), whether the message was a reply
     * added to it, and what the message was: {@code incident}, {@code reply}, {@code abuse-report} (ARF or
     * X-ARF), {@code notification-reply} (a constituent answering a notification: added to its incidents),
     * {@code bounce} (its failed addresses' contacts marked) or {@code auto-reply} (nothing done).
     */
    public record Intake(IncidentView incident, boolean reply, List<String> warnings, String outcome) {}

    /** A new incident from an e-mail, after it is stored: whom to acknowledge and how to thread the reply. */
    public record EmailIncidentCreated(String tenant, String reference, String replyToken, String to, String subject) {}

    private final IncidentService incidents;
    private final IncidentActivityService activity;
    private final IncidentRepository incidentRows;
    private final IncidentConfig config;
    private final TenantDirectory directory;
    private final Event<EmailIncidentCreated> created;
    private final ConstituentService constituents;
    private final ConstituentEvents events;

    EmailIntakeService(
            IncidentService incidents,
            IncidentActivityService activity,
            IncidentRepository incidentRows,
            IncidentConfig config,
            TenantDirectory directory,
            Event<EmailIncidentCreated> created,
            ConstituentService constituents,
            ConstituentEvents events) {
        this.incidents = incidents;
        this.activity = activity;
        this.incidentRows = incidentRows;
        this.config = config;
        this.directory = directory;
        this.created = created;
        this.constituents = constituents;
        this.events = events;
    }

    /**
     * Takes one e-mail for a CIRT. A reply that meets a concurrent change of its incident (the
     * playbooks of a new incident still running) is retried in a new transaction, so it is added
     * once and never answers 500 for that.
     *
     * @throws ApiException 400 for a message that is not a usable e-mail, 413 when it or an
     *                      attachment is too large, 422 when it has too many parts
     */
    public Intake intake(String tenant, byte[] raw, String actor) {
        // parsed once, attempted until done: a call to this bean's own method goes through its
        // interceptors in Quarkus (intercepted self-invocation), so @Retry applies to it
        return attempt(tenant, parse(raw), raw, actor);
    }

    /**
     * One attempt, in a transaction of its own. One that meets a concurrent change is attempted
     * again after a pause that doubles each time (with a little jitter, so that racing attempts
     * part), up to {@link #MAX_ATTEMPTS} attempts; any other failure is not.
     */
    @Retry(maxRetries = MAX_ATTEMPTS - 1, delay = FIRST_PAUSE_MILLIS, jitter = 25)
    @ExponentialBackoff(factor = 2, maxDelay = MAX_PAUSE_MILLIS, maxDelayUnit = ChronoUnit.MILLIS)
    @RetryWhen(exception = ConcurrentChange.class)
    Intake attempt(String tenant, ParsedEmail email, byte[] raw, String actor) {
        return QuarkusTransaction.requiringNew().call(() -> take(tenant, email, raw, actor));
    }

    private Intake take(String tenant, ParsedEmail email, byte[] raw, String actor) {
        var kind = MailKinds.classify(email);
        switch (kind.kind()) {
            case BOUNCE -> {
                // a permanent failure marks the contacts of that address; a delay marks nothing
                for (var recipient : kind.recipients()) {
                    if (recipient.permanent()) {
                        constituents.bounced(tenant, recipient.address(), recipient.reason());
                    }
                }
                return new Intake(null, false, email.warnings(), "bounce");
            }
            case AUTO_REPLY -> {
                return new Intake(null, false, email.warnings(), "auto-reply");
            }
            case ARF, XARF -> {
                return abuseReport(tenant, email, raw, actor);
            }
            case ORDINARY -> {
                var notified = MailKinds.referenceIn(email.subject())
                        .filter(r -> r.startsWith(tenant.toUpperCase(Locale.ROOT) + "-N-"))
                        .map(r -> new Notified(r, events.incidentsNotified(tenant, r)))
                        .filter(n -> !n.incidents().isEmpty());
                if (notified.isPresent()) {
                    return notificationReply(tenant, email, notified.get(), actor);
                }
            }
        }
        var named = ReplyTokens.in(email.subject()).flatMap(token -> incidentRows.findByReplyToken(tenant, token));
        if (named.isPresent() && maySend(named.get(), email.from().address())) {
            var existing = named.get();
            activity.comment(
                    existing,
                    "E-mail from %s: %s%n%n%s".formatted(email.from().address(), email.subject(), email.textBody()),
                    CommentVisibility.INTERNAL,
                    actor);
            attach(existing.id, tenant, email, actor);
            incidents.addExtracted(existing, email.textBody(), actor);
            return new Intake(incidents.view(existing), true, email.warnings(), "reply");
        }
        var view = incidents.create(
                CreateIncident.reported(
                        email.subject(),
                        email.textBody(),
                        new Reporter(email.from().name(), email.from().address(), null),
                        null),
                new IncidentService.Origin(tenant, actor, Channel.EMAIL, null, config.maxObservables()));
        attach(view.id(), tenant, email, actor);
        var known = named.or(
                () -> referenceIn(tenant, email.subject()).flatMap(r -> incidentRows.findByReference(tenant, r)));
        known.ifPresent(k -> activity.addLink(tenant, view.id(), new AddLink(LinkKind.RELATED, k.id), actor));
        var incident = incidents.require(tenant, view.id());
        created.fire(new EmailIncidentCreated(
                tenant, incident.reference, incident.replyToken, email.from().address(), email.subject()));
        return new Intake(incidents.view(incident), false, email.warnings(), "incident");
    }

    private record Notified(String reference, List<UUID> incidents) {}

    /** A constituent's answer to a notification: a comment, with its attachments, on each incident it was about. */
    private Intake notificationReply(String tenant, ParsedEmail email, Notified notified, String actor) {
        IncidentView first = null;
        for (var id : notified.incidents()) {
            var incident = incidents.require(tenant, id);
            activity.comment(
                    incident,
                    "Reply to notification %s from %s: %s%n%n%s"
                            .formatted(notified.reference(), email.from().address(), email.subject(), email.textBody()),
                    CommentVisibility.INTERNAL,
                    actor);
            attach(id, tenant, email, actor);
            first = first == null ? incidents.view(incident) : first;
        }
        return new Intake(first, true, email.warnings(), "notification-reply");
    }

    /** An ARF or X-ARF report: an incident of its classification and observables, the original message kept. */
    private Intake abuseReport(String tenant, ParsedEmail email, byte[] raw, String actor) {
        AbuseReport report;
        try {
            report = AbuseReports.read(email);
        } catch (InvalidEmailException e) {
            throw new ApiException(ProblemType.BAD_REQUEST, "The abuse report was not accepted: " + e.getMessage());
        }
        var observables = report.observables().stream()
                .map(o -> new IncidentCommands.ObservableInput(o.type().wireName(), o.value()))
                .toList();
        var command = new CreateIncident(
                report.title(),
                report.description(),
                new Reporter(null, report.reporter(), null),
                null,
                report.rsitType(),
                null,
                null,
                null,
                null,
                List.of(report.format() == MailKinds.Kind.ARF ? "arf" : "x-arf"),
                null,
                report.reportedAt(),
                null,
                null,
                null,
                observables);
        var view = incidents.create(
                command, new IncidentService.Origin(tenant, actor, Channel.EMAIL, null, config.maxObservables()));
        var incident = incidents.require(tenant, view.id());
        activity.attach(incident, "original-message.eml", "message/rfc822", raw, actor);
        if (report.evidence() != null) {
            activity.attach(
                    incident,
                    report.evidence().filename(),
                    report.evidence().contentType(),
                    report.evidence().content(),
                    actor);
        }
        var warnings = new java.util.ArrayList<>(email.warnings());
        warnings.addAll(report.warnings());
        return new Intake(incidents.view(incident), false, warnings, "abuse-report");
    }

    /** The incident's reporter (the original sender) or a member of its CIRT, as Keycloak knows them. */
    private boolean maySend(Incident incident, String sender) {
        var address = sender.toLowerCase(Locale.ROOT);
        if (incident.reporterEmail != null
                && incident.reporterEmail.toLowerCase(Locale.ROOT).equals(address)) {
            return true;
        }
        try {
            return MEMBER_ROLES.stream()
                    .flatMap(role -> directory.members(incident.tenant, role).stream())
                    .anyMatch(m -> m.email() != null
                            && m.email().toLowerCase(Locale.ROOT).equals(address));
        } catch (RuntimeException e) {
            // fail closed: without Keycloak the mail still arrives, as a new incident linked to this one
            LOG.warnf(
                    "members of %s unknown (%s); the e-mail opens a new incident",
                    incident.tenant, e.getClass().getSimpleName());
            return false;
        }
    }

    private void attach(UUID incidentId, String tenant, ParsedEmail email, String actor) {
        var incident = incidents.require(tenant, incidentId);
        for (var attachment : email.attachments()) {
            activity.attach(incident, attachment.filename(), attachment.contentType(), attachment.content(), actor);
        }
    }

    private ParsedEmail parse(byte[] raw) {
        var limits = EmailLimits.defaults()
                .withMaxAttachmentBytes(Math.min(config.maxAttachmentBytes(), EmailLimits.DEFAULT_MAX_ATTACHMENT_BYTES))
                .withMaxBodyChars(100_000);
        try {
            return EmailParser.parse(new ByteArrayInputStream(raw), limits);
        } catch (InvalidEmailException e) {
            var type = switch (e.kind()) {
                case MALFORMED -> ProblemType.BAD_REQUEST;
                case TOO_LARGE -> ProblemType.PAYLOAD_TOO_LARGE;
                case TOO_MANY_PARTS -> ProblemType.UNPROCESSABLE;
            };
            throw new ApiException(type, "The e-mail was not accepted: " + e.getMessage());
        }
    }

    /** A failure that is a version conflict with a concurrent change (worth another attempt). */
    public static final class ConcurrentChange implements Predicate<Throwable> {

        @Override
        public boolean test(Throwable e) {
            if (ProblemMappers.isConcurrentChange(e)) {
                LOG.debug("an e-mail met a concurrent change of its incident");
                return true;
            }
            return false;
        }
    }

    /** The reference of this CIRT's incident named in a subject ({@code Re: [CERT-AB-2026-000123] ...}), if any. */
    static java.util.Optional<String> referenceIn(String tenant, String subject) {
        var matcher = Pattern.compile("\\b" + Pattern.quote(tenant.toUpperCase(Locale.ROOT)) + "-\\d{4}-\\d{6}\\b")
                .matcher(subject);
        return matcher.find() ? java.util.Optional.of(matcher.group()) : java.util.Optional.empty();
    }
}
