package org.opencirt.exchange.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.opencirt.common.Tlp;
import org.opencirt.common.WireEnum;
import org.opencirt.common.audit.SharedCopy;
import org.opencirt.common.problem.ApiException;
import org.opencirt.exchange.model.Audience;
import org.opencirt.exchange.model.IncidentPart;
import org.opencirt.exchange.model.SharedObjectType;
import org.opencirt.exchange.repository.ExchangeRepositories;
import org.opencirt.exchange.repository.SharedIncidentAdoption;
import org.opencirt.exchange.repository.SharingGrant;
import org.opencirt.incident.model.CommentVisibility;
import org.opencirt.incident.service.IncidentActivityService;
import org.opencirt.incident.service.IncidentService;
import org.opencirt.incident.service.IncidentViews.IncidentView;
import org.opencirt.tenant.TenantApi.TenantView;
import org.opencirt.tenant.TenantService;

/**
 * What a CIRT sees of the incidents other CIRTs shared with it: a read-only copy, marked with its
 * source, holding only the parts the grants chose (the union when several grants reach it), read
 * from the owner at each request. A revoked grant stops showing the incident at once, and so does
 * a label the owner raised since beyond what the grant's audience may receive; the reporter's
 * personal data and internal comments never leave the owner.
 */
@ApplicationScoped
public class SharedIncidents {

    /** Shared incidents listed at most, newest grant first. */
    static final int MAX_LISTED = 100;

    private final ExchangeRepositories.Grants grants;
    private final IncidentService incidents;
    private final IncidentActivityService activity;
    private final TenantService tenants;
    private final SharedIncidentAdoption.Adoptions adoptions;

    SharedIncidents(
            ExchangeRepositories.Grants grants,
            IncidentService incidents,
            IncidentActivityService activity,
            TenantService tenants,
            SharedIncidentAdoption.Adoptions adoptions) {
        this.adoptions = adoptions;
        this.grants = grants;
        this.incidents = incidents;
        this.activity = activity;
        this.tenants = tenants;
    }

    /** The CIRT that shared an object. */
    public record Source(String cirt, String name) {}

    public record SharedObservable(String type, String value) {}

    public record SharedComment(String body, Instant createdAt) {}

    public record SharedAttachment(String filename, String contentType, long size, String sha256) {}

    /**
     * A shared incident as a recipient sees it; the parts not shared are absent. {@code openedAs}: the recipient's
     * own incident opened from it, if it opened one.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SharedIncident(
            UUID id,
            Source source,
            Instant sharedAt,
            Tlp tlp,
            List<IncidentPart> parts,
            String reference,
            String title,
            String description,
            String state,
            Instant occurredAt,
            Instant reportedAt,
            String category,
            String type,
            String severity,
            List<SharedObservable> observables,
            List<SharedComment> comments,
            List<SharedAttachment> attachments,
            UUID openedAs)
            implements SharedCopy {

        /** The CIRT that shared it, whose audit chain records each read. */
        @Override
        public String ownerCirt() {
            return source.cirt();
        }
    }

    /** The incidents shared with a CIRT, newest grant first. */
    public List<SharedIncident> list(String cirt) {
        var names = names();
        return reaching(cirt, null).values().stream()
                .map(reach -> copy(cirt, reach, names))
                .filter(java.util.Objects::nonNull)
                .toList();
    }

    /** One incident shared with a CIRT, or 404 (also when it is not shared with it, or no longer). */
    public SharedIncident get(String cirt, UUID id) {
        var reach = reaching(cirt, id).get(id);
        var copy = reach == null ? null : copy(cirt, reach, names());
        if (copy == null) {
            throw ApiException.notFound("Shared incident");
        }
        return copy;
    }

    /** The names of the platform's CIRTs, read once for a whole answer. */
    private Map<String, String> names() {
        return tenants.list().stream().collect(Collectors.toMap(TenantView::id, TenantView::name));
    }

    /** The grants reaching a CIRT, folded per incident: its owner, the earliest grant time, every part shared. */
    private LinkedHashMap<UUID, Reach> reaching(String cirt, UUID id) {
        var folded = new LinkedHashMap<UUID, Reach>();
        for (SharingGrant grant : grants.reaching(cirt, SharedObjectType.INCIDENT, id, MAX_LISTED)) {
            var reach = folded.computeIfAbsent(
                    grant.objectId,
                    k -> new Reach(
                            grant.tenant,
                            grant.objectId,
                            EnumSet.noneOf(IncidentPart.class),
                            EnumSet.noneOf(Audience.class)));
            reach.audiences.add(grant.audience);
            reach.since = reach.since == null || grant.grantedAt.isBefore(reach.since) ? grant.grantedAt : reach.since;
            grant.parts.forEach(p -> reach.parts.add(WireEnum.fromWire(IncidentPart.class, p)));
        }
        return folded;
    }

    private static final class Reach {
        final String owner;
        final UUID incident;
        final Set<IncidentPart> parts;
        final Set<Audience> audiences;
        Instant since;

        Reach(String owner, UUID incident, Set<IncidentPart> parts, Set<Audience> audiences) {
            this.owner = owner;
            this.incident = incident;
            this.parts = parts;
            this.audiences = audiences;
        }
    }

    /**
     * The copy of one incident with the shared parts only; null when the owner no longer has it, or
     * its label no longer lets it reach the recipient through any of the grants.
     */
    private SharedIncident copy(String cirt, Reach reach, Map<String, String> names) {
        IncidentView incident;
        try {
            incident = incidents.get(reach.owner, reach.incident);
        } catch (ApiException gone) {
            return null;
        }
        if (reach.audiences.stream()
                .allMatch(a -> SharingRules.refusal(incident.tlp(), a).isPresent())) {
            return null;
        }
        var parts = reach.parts;
        var summary = parts.contains(IncidentPart.SUMMARY);
        var classification = parts.contains(IncidentPart.CLASSIFICATION);
        return new SharedIncident(
                incident.id(),
                new Source(reach.owner, names.get(reach.owner)),
                reach.since,
                incident.tlp(),
                new ArrayList<>(parts),
                summary ? incident.reference() : null,
                summary ? incident.title() : null,
                summary ? incident.description() : null,
                summary ? incident.state().wire() : null,
                summary ? incident.occurredAt() : null,
                summary ? incident.reportedAt() : null,
                classification ? incident.category() : null,
                classification ? incident.type() : null,
                classification && incident.severity() != null
                        ? incident.severity().wire()
                        : null,
                parts.contains(IncidentPart.OBSERVABLES)
                        ? incident.observables().stream()
                                .map(o -> new SharedObservable(o.type().wireName(), o.value()))
                                .toList()
                        : null,
                parts.contains(IncidentPart.COMMENTS)
                        ? activity.comments(reach.owner, reach.incident).stream()
                                .filter(c -> c.visibility() == CommentVisibility.SHAREABLE)
                                .map(c -> new SharedComment(c.body(), c.createdAt()))
                                .toList()
                        : null,
                parts.contains(IncidentPart.ATTACHMENTS)
                        ? activity.attachments(reach.owner, reach.incident).stream()
                                .map(a -> new SharedAttachment(a.filename(), a.contentType(), a.size(), a.sha256()))
                                .toList()
                        : null,
                adoptions.of(reach.incident, cirt).map(a -> a.recipientIncident).orElse(null));
    }
}
