package org.opencirt.exchange.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.opencirt.common.WireEnum;
import org.opencirt.common.problem.ApiException;
import org.opencirt.exchange.model.Audience;
import org.opencirt.exchange.model.IncidentPart;
import org.opencirt.exchange.model.ReferralState;
import org.opencirt.exchange.repository.ExchangeRepositories;
import org.opencirt.exchange.repository.Referral;
import org.opencirt.incident.model.Channel;
import org.opencirt.incident.service.IncidentActivityService;
import org.opencirt.incident.service.IncidentCommands.CreateIncident;
import org.opencirt.incident.service.IncidentCommands.ObservableInput;
import org.opencirt.incident.service.IncidentService;
import org.opencirt.incident.service.IncidentViews.IncidentView;
import org.opencirt.tenant.TenantApi.TenantView;
import org.opencirt.tenant.TenantService;

/**
 * Referrals between CIRTs on this platform. The sender hands an incident, with the parts it
 * chooses (as far as its TLP lets it go to a named partner), to the CIRT that should handle it; the
 * recipient gets an incident of its own in its queue (channel {@code referral}) and accepts or
 * declines it. Both incidents' timelines record each step; the sender sees the recipient's state,
 * never its comments.
 */
@ApplicationScoped
public class ReferralService {

    static final int MAX_LISTED = 200;
    static final List<IncidentPart> REFERABLE =
            List.of(IncidentPart.SUMMARY, IncidentPart.CLASSIFICATION, IncidentPart.OBSERVABLES);

    private final ExchangeRepositories.Referrals referrals;
    private final IncidentService incidents;
    private final IncidentActivityService activity;
    private final TenantService tenants;
    private final Clock clock;

    ReferralService(
            ExchangeRepositories.Referrals referrals,
            IncidentService incidents,
            IncidentActivityService activity,
            TenantService tenants,
            Clock clock) {
        this.referrals = referrals;
        this.incidents = incidents;
        this.activity = activity;
        this.tenants = tenants;
        this.clock = clock;
    }

    /** A referral to send: the sender's incident, the recipient CIRT, the parts (default all referable) and a note. */
    public record Refer(
            @NotNull UUID incident,
            @NotBlank @Size(max = 32) String cirt,
            @Size(max = 3) List<@NotNull IncidentPart> parts,
            @Size(max = 2000) String note) {}

    public record Party(String cirt, String name) {}

    /**
     * A referral as either side sees it. {@code incident} is the caller's own incident (the sender's
     * original, or the recipient's copy); {@code recipientState} is the state of the recipient's
     * incident.
     */
    public record ReferralView(
            UUID id,
            String direction,
            Party from,
            Party to,
            UUID incident,
            List<IncidentPart> parts,
            String note,
            ReferralState state,
            String recipientState,
            String createdBy,
            Instant createdAt,
            String answeredBy,
            Instant answeredAt) {}

    /**
     * @throws ApiException 404 when the incident is not the sender's, 400 for an unknown recipient
     *         or a label that may not go to another organisation, 409 when the incident is already with it
     */
    @Transactional
    public ReferralView refer(String tenant, String actor, @NotNull @Valid Refer command) {
        var incident = incidents.get(tenant, command.incident());
        if (command.cirt().equals(tenant) || !tenants.exists(command.cirt())) {
            throw ApiException.invalid(
                    "/cirt", "no other national CIRT '%s' on this platform".formatted(command.cirt()));
        }
        SharingRules.refusal(incident.tlp(), Audience.PARTNERS).ifPresent(rule -> {
            throw ApiException.invalid("/incident", rule);
        });
        var parts = parts(command.parts());
        var names = names();
        if (referrals.pending(tenant, incident.id(), command.cirt())) {
            throw ApiException.conflict("The incident is already referred to '%s'".formatted(command.cirt()));
        }
        var copy = incidents.create(
                copy(incident, parts, names.get(tenant), command.note()),
                new IncidentService.Origin(command.cirt(), "referral:" + tenant, Channel.REFERRAL, null, 0));
        var referral = new Referral();
        referral.id = UUID.randomUUID();
        referral.tenant = tenant;
        referral.incidentId = incident.id();
        referral.recipient = command.cirt();
        referral.recipientIncident = copy.id();
        referral.parts = parts.stream().map(WireEnum::wire).toList();
        referral.note = command.note();
        referral.state = ReferralState.REFERRED;
        referral.createdBy = actor;
        referral.createdAt = clock.instant();
        referrals.persist(referral);
        activity.recordEvent(tenant, incident.id(), "referred", command.cirt(), actor);
        return view(tenant, referral, names);
    }

    /** The referrals a CIRT sent ({@code outgoing}) or received ({@code incoming}), newest first. */
    public List<ReferralView> list(String tenant, String direction) {
        var found = switch (direction == null ? "" : direction) {
            case "outgoing" -> referrals.sent(tenant, MAX_LISTED);
            case "incoming" -> referrals.received(tenant, MAX_LISTED);
            default -> throw ApiException.invalid("direction", "outgoing or incoming");
        };
        var names = names();
        return found.stream().map(r -> view(tenant, r, names)).toList();
    }

    public ReferralView get(String tenant, UUID id) {
        return view(tenant, referral(tenant, id), names());
    }

    /** The recipient accepts or declines a referral, once; both incidents' timelines record it. */
    @Transactional
    public ReferralView answer(String tenant, String actor, UUID id, ReferralState answer) {
        var referral = referral(tenant, id);
        if (!referral.recipient.equals(tenant)) {
            throw new ApiException(
                    org.opencirt.common.problem.ProblemType.FORBIDDEN,
                    "Only the CIRT a referral was sent to answers it");
        }
        if (referral.state != ReferralState.REFERRED) {
            throw ApiException.conflict("The referral was already " + referral.state.wire());
        }
        referral.state = answer;
        referral.answeredBy = actor;
        referral.answeredAt = clock.instant();
        var action = "referral-" + answer.wire();
        activity.recordEvent(tenant, referral.recipientIncident, action, referral.tenant, actor);
        activity.recordEvent(referral.tenant, referral.incidentId, action, tenant, "referral:" + tenant);
        return view(tenant, referral, names());
    }

    private Referral referral(String tenant, UUID id) {
        return referrals.findFor(tenant, id).orElseThrow(() -> ApiException.notFound("Referral"));
    }

    private static List<IncidentPart> parts(List<IncidentPart> given) {
        if (given == null || given.isEmpty()) {
            return REFERABLE;
        }
        for (var part : given) {
            if (!REFERABLE.contains(part)) {
                throw ApiException.invalid(
                        "/parts",
                        "a referral carries summary, classification and observables; share " + part.wire()
                                + " with a grant instead");
            }
        }
        return List.copyOf(new LinkedHashSet<>(given));
    }

    /** The names of the platform's CIRTs, read once for a whole answer. */
    private Map<String, String> names() {
        return tenants.list().stream().collect(Collectors.toMap(TenantView::id, TenantView::name));
    }

    /** The recipient's incident: the chosen parts of the sender's, under the same label. */
    private static CreateIncident copy(IncidentView from, List<IncidentPart> parts, String sender, String note) {
        var summary = parts.contains(IncidentPart.SUMMARY);
        var classification = parts.contains(IncidentPart.CLASSIFICATION);
        var description = new StringBuilder("Referred by ").append(sender).append('.');
        if (note != null && !note.isBlank()) {
            description.append("\n\n").append(note.strip());
        }
        if (summary && from.description() != null) {
            description.append("\n\n").append(from.description());
        }
        var observables = parts.contains(IncidentPart.OBSERVABLES)
                ? from.observables().stream()
                        .map(o -> new ObservableInput(o.type().wireName(), o.value()))
                        .toList()
                : List.<ObservableInput>of();
        return new CreateIncident(
                summary ? from.title() : "Referred by " + sender,
                description.toString(),
                null,
                classification ? from.category() : null,
                classification ? from.type() : null,
                classification ? from.severity() : null,
                null,
                from.tlp(),
                from.pap(),
                List.of("referral"),
                null,
                summary ? from.occurredAt() : null,
                null,
                null,
                null,
                observables);
    }

    private ReferralView view(String tenant, Referral r, Map<String, String> names) {
        var outgoing = r.tenant.equals(tenant);
        var recipientState =
                incidents.get(r.recipient, r.recipientIncident).state().wire();
        return new ReferralView(
                r.id,
                outgoing ? "outgoing" : "incoming",
                new Party(r.tenant, names.get(r.tenant)),
                new Party(r.recipient, names.get(r.recipient)),
                outgoing ? r.incidentId : r.recipientIncident,
                r.parts.stream()
                        .map(p -> WireEnum.fromWire(IncidentPart.class, p))
                        .toList(),
                r.note,
                r.state,
                recipientState,
                r.createdBy,
                r.createdAt,
                r.answeredBy,
                r.answeredAt);
    }
}
