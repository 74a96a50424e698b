package org.opencirt.exchange.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.opencirt.common.NameUuids;
import org.opencirt.common.Tlp;
import org.opencirt.common.WireEnum;
import org.opencirt.common.problem.ApiException;
import org.opencirt.exchange.model.Audience;
import org.opencirt.exchange.model.IncidentPart;
import org.opencirt.exchange.model.PartnerKind;
import org.opencirt.exchange.model.SharedObjectType;
import org.opencirt.exchange.repository.ExchangeRepositories;
import org.opencirt.exchange.repository.Partner;
import org.opencirt.exchange.repository.SharedIncidentCopies;
import org.opencirt.exchange.repository.SharedIncidentCopy;
import org.opencirt.exchange.repository.SharingGrant;
import org.opencirt.incident.service.IncidentChanged;
import org.opencirt.incident.service.IncidentRetained;
import org.opencirt.incident.service.IncidentService;
import org.opencirt.search.Outbox;
import org.opencirt.search.Projection;
import org.opencirt.tenant.TenantApi.TenantView;
import org.opencirt.tenant.TenantService;

/**
 * Keeps the shared copies of incidents, one per incident and recipient CIRT on this platform, that the recipients
 * find in their own incident search (ADR 27). Each change that can widen or narrow who receives an incident (a grant
 * made or revoked, a group's members replaced, the incident's label or content changed) recomputes its copies in
 * the same transaction and records them in the search outbox: the relay rebuilds a copy's document from the owner's
 * incident ({@link SharedIncidentDocuments}), or deletes it when its row is gone. Remote partners are not given
 * copies: they read through TAXII.
 */
@ApplicationScoped
public class SharedCopies {

    static final UUID COPY_NAMESPACE = UUID.fromString("0d6f3c2e-8a41-4b7d-9e15-3c2a7f6b8d90");

    private final SharedIncidentCopies copies;
    private final ExchangeRepositories.Grants grants;
    private final ExchangeRepositories.Partners partners;
    private final ExchangeRepositories.Groups groups;
    private final IncidentService incidents;
    private final TenantService tenants;
    private final Outbox outbox;
    private final Clock clock;

    SharedCopies(
            SharedIncidentCopies copies,
            ExchangeRepositories.Grants grants,
            ExchangeRepositories.Partners partners,
            ExchangeRepositories.Groups groups,
            IncidentService incidents,
            TenantService tenants,
            Outbox outbox,
            Clock clock) {
        this.copies = copies;
        this.grants = grants;
        this.partners = partners;
        this.groups = groups;
        this.incidents = incidents;
        this.tenants = tenants;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The id of the copy of an incident for a recipient: the same on every instance and after every rebuild. */
    public static UUID idOf(UUID incident, String recipient) {
        return NameUuids.v5(COPY_NAMESPACE, incident + ":" + recipient);
    }

    /**
     * The owner changed one of its incidents (content, label, observables): its copies are refreshed in the same
     * transaction, and dropped for recipients its new label no longer lets receive it.
     */
    @Transactional
    void onChanged(@Observes IncidentChanged event) {
        if (event.change() == IncidentChanged.Change.CREATED) {
            return; // nothing shares a new incident yet: a sharing default does so after the commit, through a grant
        }
        if (grants.activeFor(event.tenant(), SharedObjectType.INCIDENT, event.incidentId()) == 0
                && copies.ofIncident(event.tenant(), event.incidentId()).isEmpty()) {
            return;
        }
        refresh(event.tenant(), event.incidentId());
    }

    /**
     * Retention deleted one of the owner's incidents or pseudonymised its reporter (docs/retention.md): its copies'
     * documents are written again from the incident as it is now, and dropped with their rows when it is gone.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void onRetained(@Observes IncidentRetained event) {
        for (var copy : copies.ofIncident(event.tenant(), event.incidentId())) {
            if (event.deleted()) {
                copies.delete(copy);
            } else {
                copy.version = nextVersion(copy.version, clock.instant()); // the document's version must grow
            }
            outbox.enqueue(Projection.SHARED_INCIDENTS, copy.id, copy.recipient);
        }
    }

    /**
     * Recomputes the copies of one of an owner's incidents from its active grants and its current label: a copy for
     * every CIRT of the platform reached, with the union of the parts of the grants reaching it; a copy no grant
     * reaches any more is removed. Every copy touched is written to the outbox, so its document follows.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void refresh(String owner, UUID incident) {
        var reached = reached(owner, incident);
        var existing = new HashMap<String, SharedIncidentCopy>();
        copies.ofIncident(owner, incident).forEach(c -> existing.put(c.recipient, c));
        var now = clock.instant();
        for (var entry : reached.entrySet()) {
            var recipient = entry.getKey();
            var copy = existing.remove(recipient);
            var created = copy == null;
            if (created) {
                copy = new SharedIncidentCopy();
                copy.id = idOf(incident, recipient);
                copy.incidentId = incident;
                copy.owner = owner;
                copy.recipient = recipient;
            }
            copy.parts = entry.getValue().parts.stream().map(WireEnum::wire).toList();
            copy.sharedAt = entry.getValue().since;
            copy.version = nextVersion(copy.version, now);
            if (created) {
                copies.persist(copy);
            }
            outbox.enqueue(Projection.SHARED_INCIDENTS, copy.id, recipient);
        }
        for (var gone : existing.values()) {
            copies.delete(gone);
            outbox.enqueue(Projection.SHARED_INCIDENTS, gone.id, gone.recipient);
        }
    }

    /** Refreshes the copies of every incident an owner shares through a sharing group (its members changed). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void refreshGroup(String owner, UUID group) {
        grants
                .list(
                        "tenant = ?1 and groupId = ?2 and objectType = ?3 and revokedAt is null",
                        owner,
                        group,
                        SharedObjectType.INCIDENT)
                .stream()
                .map(g -> g.objectId)
                .distinct()
                .forEach(incident -> refresh(owner, incident));
    }

    /**
     * A version above the last one, taken from the clock so that a copy removed and made again later still writes
     * above the deleted document's version.
     */
    private static long nextVersion(long previous, Instant now) {
        return Math.max(previous + 1, ChronoUnit.MICROS.between(Instant.EPOCH, now));
    }

    private static final class Reach {
        final Set<IncidentPart> parts = new LinkedHashSet<>();
        Instant since;
    }

    /** The CIRTs of this platform that the incident's active grants reach under its current label. */
    private Map<String, Reach> reached(String owner, UUID incident) {
        Tlp tlp;
        try {
            tlp = incidents.get(owner, incident).tlp();
        } catch (ApiException gone) {
            return Map.of();
        }
        var reached = new LinkedHashMap<String, Reach>();
        List<String> community = null;
        for (SharingGrant grant : grants.listFor(owner, SharedObjectType.INCIDENT, incident)) {
            if (grant.revokedAt != null
                    || SharingRules.refusal(tlp, grant.audience).isPresent()) {
                continue;
            }
            Collection<String> recipients;
            if (grant.audience == Audience.COMMUNITY) {
                if (community == null) {
                    community = tenants.list().stream()
                            .map(TenantView::id)
                            .filter(id -> !id.equals(owner))
                            .toList();
                }
                recipients = community;
            } else {
                var ids = grant.audience == Audience.GROUP
                        ? groups.findFor(owner, grant.groupId)
                                .map(g -> g.members)
                                .orElse(List.of())
                        : grant.partners;
                recipients = platformCirts(owner, ids);
            }
            for (var recipient : recipients) {
                var reach = reached.computeIfAbsent(recipient, r -> new Reach());
                grant.parts.forEach(p -> reach.parts.add(WireEnum.fromWire(IncidentPart.class, p)));
                reach.since =
                        reach.since == null || grant.grantedAt.isBefore(reach.since) ? grant.grantedAt : reach.since;
            }
        }
        return reached;
    }

    /** The tenants of the owner's partners among these ids that are CIRTs of this platform. */
    private List<String> platformCirts(String owner, List<UUID> partnerIds) {
        if (partnerIds == null || partnerIds.isEmpty()) {
            return List.of();
        }
        return partners.list("tenant = ?1 and id in ?2", owner, partnerIds).stream()
                .filter(p -> p.kind == PartnerKind.CIRT)
                .map((Partner p) -> p.cirt)
                .filter(Objects::nonNull)
                .filter(cirt -> !cirt.equals(owner))
                .distinct()
                .toList();
    }
}
