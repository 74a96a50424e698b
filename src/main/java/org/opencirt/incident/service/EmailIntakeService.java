package org.opencirt.incident.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.regex.Pattern;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.incident.email.EmailLimits;
import org.opencirt.incident.email.EmailParser;
import org.opencirt.incident.email.InvalidEmailException;
import org.opencirt.incident.email.ParsedEmail;
import org.opencirt.incident.model.Channel;
import org.opencirt.incident.model.CommentVisibility;
import org.opencirt.incident.repository.IncidentRepository;
import org.opencirt.incident.service.IncidentCommands.CreateIncident;
import org.opencirt.incident.service.IncidentCommands.Reporter;
import org.opencirt.incident.service.IncidentViews.IncidentView;

/**
 * Raw e-mails (RFC 822) in: a new incident per message (subject as title, text body as
 * description, sender as reporter, attachments stored, observables extracted), or, when the
 * subject carries a reference of an incident of this CIRT, a comment on that incident.
 */
@ApplicationScoped
public class EmailIntakeService {

    /** The outcome: the incident, and whether the message was a reply added to it. */
    public record Intake(IncidentView incident, boolean reply, List<String> warnings) {
    }

    private final IncidentService incidents;
    private final IncidentActivityService activity;
    private final IncidentRepository incidentRows;
    private final IncidentConfig config;

    EmailIntakeService(IncidentService incidents, IncidentActivityService activity, IncidentRepository incidentRows,
            IncidentConfig config) {
        this.incidents = incidents;
        this.activity = activity;
        this.incidentRows = incidentRows;
        this.config = config;
    }

    /**
     * Takes one e-mail for a CIRT.
     *
     * @throws ApiException 400 for a message that is not a usable e-mail, 413 when it or an
     *                      attachment is too large, 422 when it has too many parts
     */
    @Transactional
    public Intake intake(String tenant, byte[] raw, String actor) {
        var email = parse(raw);
        var reference = referenceIn(tenant, email.subject());
        var existing = reference == null ? null : incidentRows.findByReference(tenant, reference).orElse(null);
        if (existing != null) {
            activity.comment(existing, "E-mail from %s: %s%n%n%s".formatted(email.from().address(), email.subject(), email.textBody()),
                    CommentVisibility.INTERNAL, actor);
            attach(existing.id, tenant, email, actor);
            incidents.addExtracted(existing, email.textBody(), actor);
            return new Intake(incidents.view(existing), true, email.warnings());
        }
        var created = incidents.create(new CreateIncident(email.subject(), email.textBody(),
                new Reporter(email.from().name(), email.from().address(), null), null, null, null, null, null, null,
                List.of(), null, null, null, null, null, List.of()),
                new IncidentService.Origin(tenant, actor, Channel.EMAIL, null, config.maxObservables()));
        attach(created.id(), tenant, email, actor);
        return new Intake(incidents.view(incidents.require(tenant, created.id())), false, email.warnings());
    }

    private void attach(java.util.UUID incidentId, String tenant, ParsedEmail email, String actor) {
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

    /** The reference of this CIRT's incident named in a subject ({@code Re: [CERT-AB-2026-000123] ...}), or null. */
    static String referenceIn(String tenant, String subject) {
        var matcher = Pattern.compile("\\b" + Pattern.quote(tenant.toUpperCase()) + "-\\d{4}-\\d{6}\\b").matcher(subject);
        return matcher.find() ? matcher.group() : null;
    }
}
