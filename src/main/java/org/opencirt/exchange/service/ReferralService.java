package org.opencirt.exchange.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
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
import org.opencirt.exchange.model.PartnerKind;
import org.opencirt.exchange.model.ReferralState;
import org.opencirt.exchange.repository.ExchangeRepositories;
import org.opencirt.exchange.repository.Partner;
import org.opencirt.exchange.repository.Referral;
import org.opencirt.incident.model.Channel;
import org.opencirt.incident.service.IncidentActivityService;
import org.opencirt.incident.service.IncidentCommands.CreateIncident;
import org.opencirt.incident.service.IncidentCommands.ObservableInput;
import org.opencirt.incident.service.IncidentService;
import org.opencirt.incident.service.IncidentViews.IncidentView;
import org.opencirt.observable.Normaliser;
import org.opencirt.observable.Observable;
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
    private final ExchangeRepositories.Partners partners;
    private final RemoteReferrals remoteReferrals;
    private final IncidentService incidents;
    private final IncidentActivityService activity;
    private final TenantService tenants;
    private final Clock clock;

    ReferralService(
            ExchangeRepositories.Referrals referrals,
            ExchangeRepositories.Partners partners,
            RemoteReferrals remoteReferrals,
            IncidentService incidents,
            IncidentActivityService activity,
            TenantService tenants,
            Clock clock) {
        this.referrals = referrals;
        this.partners = partners;
        this.remoteReferrals = remoteReferrals;
        this.incidents = incidents;
        this.activity = activity;
        this.tenants = tenants;
        this.clock = clock;
    }

    /**
     * A referral to send: the sender's incident, the recipient (a CIRT of this platform by its id, or a remote partner
     * by its partner id: one of the two), the parts (default all referable) or one observable alone (its value), and a
     * note.
     */
    public record Refer(
            @NotNull UUID incident,
            @Size(max = 32) String cirt,
            UUID partner,
            @Size(max = 4096) String observable,
            @Size(max = 3) List<@NotNull IncidentPart> parts,
            @Size(max = 2000) String note) {}

    /** A party to a referral: a CIRT of this platform ({@code cirt}), or a remote partner ({@code partner}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Party(String cirt, UUID partner, String name) {}

    /**
     * A referral as either side sees it. {@code incident} is the caller's own incident (the sender's
     * original, or the recipient's copy); {@code recipientState} is the state of the recipient's
     * incident (none for a remote partner); {@code observable} the one observable referred, if only one was;
     * {@code delivery}, {@code failure} and {@code deliveredAt} how a remote referral travelled.
     */
    public record ReferralView(
            UUID id,
            String direction,
            Party from,
            Party to,
            UUID incident,
            List<IncidentPart> parts,
            String observable,
            String note,
            ReferralState state,
            String recipientState,
            String delivery,
            String failure,
            Instant deliveredAt,
            String createdBy,
            Instant createdAt,
            String answeredBy,
            Instant answeredAt) {}

    /**
     * Refers an incident, or one of its observables, to another CIRT of this platform (it gets an incident of its own)
     * or to a remote partner (it gets an e-mail with the STIX bundle, sent after the commit).
     *
     * @throws ApiException 404 when the incident is not the sender's, 400 for an unknown recipient, an observable
     *         the incident does not hold or a label that may not go to another organisation, 409 when it is already
     *         with the recipient
     */
    @Transactional
    public ReferralView refer(String tenant, String actor, @NotNull @Valid Refer command) {
        var incident = incidents.get(tenant, command.incident());
        var remote = command.partner() != null;
        if (remote == (command.cirt() != null)) {
            throw ApiException.invalid(
                    "/cirt", "name the recipient: a CIRT of this platform (cirt) or a remote partner (partner)");
        }
        if (!remote && (command.cirt().equals(tenant) || !tenants.exists(command.cirt()))) {
            throw ApiException.invalid(
                    "/cirt", "no other national CIRT '%s' on this platform".formatted(command.cirt()));
        }
        var partner = remote ? remotePartner(tenant, command.partner()) : null;
        SharingRules.refusal(incident.tlp(), Audience.PARTNERS).ifPresent(rule -> {
            throw ApiException.invalid("/incident", rule);
        });
        var observable = command.observable() == null ? null : observable(incident, command.observable());
        var parts = observable == null ? parts(command.parts()) : oneObservable(command.parts());
        var names = names();
        if (remote
                ? referrals.pendingRemote(tenant, incident.id(), partner.id, observable)
                : referrals.pending(tenant, incident.id(), command.cirt(), observable)) {
            throw ApiException.conflict("The %s is already referred to '%s'"
                    .formatted(observable == null ? "incident" : "observable", remote ? partner.name : command.cirt()));
        }
        var shared = observable == null ? incident : only(incident, observable);
        var referral = new Referral();
        referral.id = UUID.randomUUID();
        referral.tenant = tenant;
        referral.incidentId = incident.id();
        if (remote) {
            referral.partnerId = partner.id;
            referral.partnerName = partner.name;
            referral.delivery = RemoteReferrals.EMAIL;
        } else {
            referral.recipient = command.cirt();
            referral.recipientIncident = incidents
                    .create(
                            copy(shared, parts, names.get(tenant), command.note()),
                            new IncidentService.Origin(command.cirt(), "referral:" + tenant, Channel.REFERRAL, null, 0))
                    .id();
        }
        referral.parts = parts.stream().map(WireEnum::wire).toList();
        referral.observable = observable;
        referral.note = command.note();
        referral.state = ReferralState.REFERRED;
        referral.createdBy = actor;
        referral.createdAt = clock.instant();
        referrals.persist(referral);
        activity.recordEvent(tenant, incident.id(), "referred", remote ? partner.name : command.cirt(), actor);
        if (remote) {
            remoteReferrals.send(referral, partner, shared, parts, names.get(tenant));
        }
        return view(tenant, referral, names);
    }

    private Partner remotePartner(String tenant, UUID id) {
        var partner = partners.findFor(tenant, id)
                .orElseThrow(() -> ApiException.invalid("/partner", "no partner %s of your CIRT".formatted(id)));
        if (partner.kind != PartnerKind.REMOTE) {
            throw ApiException.invalid(
                    "/partner", "a partner on this platform is referred to by its CIRT id (cirt), not as a partner");
        }
        if (partner.contacts.isEmpty()) {
            throw ApiException.invalid(
                    "/partner", "the partner has no contact address to send the referral to; add one first");
        }
        return partner;
    }

    /** The incident's observable that {@code given} names (its value as the incident holds it, or as typed). */
    static String observable(IncidentView incident, String given) {
        var values = incident.observables().stream().map(Observable::value).toList();
        if (values.contains(given)) {
            return given;
        }
        return Normaliser.detect(given)
                .map(Observable::value)
                .filter(values::contains)
                .orElseThrow(() -> ApiException.invalid("/observable", "the incident holds no such observable"));
    }

    private static List<IncidentPart> oneObservable(List<IncidentPart> given) {
        if (given != null && given.stream().anyMatch(p -> p != IncidentPart.OBSERVABLES)) {
            throw ApiException.invalid("/parts", "a referral of one observable carries that observable only");
        }
        return List.of(IncidentPart.OBSERVABLES);
    }

    /** The incident with only the one observable, for what goes out. */
    private static IncidentView only(IncidentView i, String observable) {
        return new IncidentView(
                i.id(),
                i.reference(),
                i.title(),
                i.description(),
                i.reporter(),
                i.reporterClient(),
                i.channel(),
                i.category(),
                i.type(),
                i.severity(),
                i.priority(),
                i.tlp(),
                i.pap(),
                i.tags(),
                i.sector(),
                i.state(),
                i.allowedTransitions(),
                i.assignee(),
                i.occurredAt(),
                i.detectedAt(),
                i.reportedAt(),
                i.dueAt(),
                i.observables().stream()
                        .filter(o -> o.value().equals(observable))
                        .toList(),
                List.of(),
                i.createdBy(),
                i.createdAt(),
                i.updatedAt(),
                i.version());
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
        if (!tenant.equals(referral.recipient)) {
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
        var recipientState = r.recipient == null
                ? null
                : incidents.get(r.recipient, r.recipientIncident).state().wire();
        return new ReferralView(
                r.id,
                outgoing ? "outgoing" : "incoming",
                new Party(r.tenant, null, names.get(r.tenant)),
                r.recipient == null
                        ? new Party(null, r.partnerId, r.partnerName)
                        : new Party(r.recipient, null, names.get(r.recipient)),
                outgoing ? r.incidentId : r.recipientIncident,
                r.parts.stream()
                        .map(p -> WireEnum.fromWire(IncidentPart.class, p))
                        .toList(),
                r.observable,
                r.note,
                r.state,
                recipientState,
                r.delivery,
                r.failure,
                r.deliveredAt,
                r.createdBy,
                r.createdAt,
                r.answeredBy,
                r.answeredAt);
    }
}
