package org.opencirt.exchange.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.opencirt.common.WireEnum;
import org.opencirt.common.problem.ApiException;
import org.opencirt.exchange.model.IncidentPart;
import org.opencirt.exchange.repository.SharedIncidentCopies;
import org.opencirt.exchange.repository.SharedIncidentCopy;
import org.opencirt.incident.service.IncidentService;
import org.opencirt.incident.service.IncidentViews.IncidentView;
import org.opencirt.search.DocumentSource;
import org.opencirt.search.Projection;
import org.opencirt.search.SearchDocument;
import org.opencirt.tenant.TenantApi.TenantView;
import org.opencirt.tenant.TenantService;

/**
 * Builds the search documents of shared incident copies from the owner's incident, with only the parts the grants
 * share: the reporter, the assignee, the owner's internal fields and every comment stay out, whatever the grants
 * say (the shared comments are read on the copy's page, not searched). A copy whose row is gone is absent, so the
 * relay deletes its document.
 */
@ApplicationScoped
class SharedIncidentDocuments implements DocumentSource {

    private final SharedIncidentCopies copies;
    private final IncidentService incidents;
    private final TenantService tenants;

    SharedIncidentDocuments(SharedIncidentCopies copies, IncidentService incidents, TenantService tenants) {
        this.copies = copies;
        this.incidents = incidents;
        this.tenants = tenants;
    }

    @Override
    public Projection projection() {
        return Projection.SHARED_INCIDENTS;
    }

    @Override
    public List<UUID> idsAfter(UUID after, int limit) {
        return copies.idsAfter(after == null ? new UUID(0, 0) : after, limit);
    }

    @Override
    public Map<UUID, SearchDocument> load(Collection<UUID> ids) {
        var rows = copies.byIds(ids);
        if (rows.isEmpty()) {
            return Map.of();
        }
        var names = tenants.list().stream().collect(Collectors.toMap(TenantView::id, TenantView::name));
        var documents = new HashMap<UUID, SearchDocument>();
        for (var copy : rows) {
            IncidentView incident;
            try {
                incident = incidents.get(copy.owner, copy.incidentId);
            } catch (ApiException gone) {
                continue;
            }
            documents.put(copy.id, document(copy, incident, names.get(copy.owner)));
        }
        return documents;
    }

    static SearchDocument document(SharedIncidentCopy copy, IncidentView incident, String sourceName) {
        var parts = copy.parts.stream()
                .map(p -> WireEnum.fromWire(IncidentPart.class, p))
                .toList();
        var body = new LinkedHashMap<String, Object>();
        body.put("incident_id", incident.id().toString());
        body.put("shared_from", copy.owner);
        body.put("shared_from_name", sourceName);
        body.put("shared_at", iso(copy.sharedAt));
        body.put("parts", copy.parts);
        // the label travels with every copy: it tells the recipient how it may pass the incident on
        body.put("tlp", incident.tlp().wire());
        // when the incident reached the recipient: where it sorts in the recipient's queue
        body.put("created_at", iso(copy.sharedAt));
        if (parts.contains(IncidentPart.SUMMARY)) {
            body.put("reference", incident.reference());
            body.put("title", incident.title());
            body.put("description", incident.description());
            body.put("state", incident.state().wire());
            body.put("occurred_at", iso(incident.occurredAt()));
            body.put("reported_at", iso(incident.reportedAt()));
            body.put("updated_at", iso(incident.updatedAt()));
        }
        if (parts.contains(IncidentPart.CLASSIFICATION)) {
            body.put("category", incident.category());
            body.put("type", incident.type());
            if (incident.severity() != null) {
                body.put("severity", incident.severity().wire());
                body.put("severity_rank", incident.severity().ordinal());
            }
        }
        if (parts.contains(IncidentPart.OBSERVABLES)) {
            body.put(
                    "observables",
                    incident.observables().stream()
                            .map(o -> Map.of("type", o.type().wireName(), "value", o.value()))
                            .toList());
            var ips = new ArrayList<String>();
            var ranges = new ArrayList<String>();
            for (var o : incident.observables()) {
                switch (o.type()) {
                    case IPV4, IPV6 -> ips.add(o.value());
                    case CIDR -> ranges.add(o.value());
                    default -> {}
                }
            }
            body.put("observable_ips", ips);
            body.put("observable_ranges", ranges);
        }
        return new SearchDocument(copy.id, copy.recipient, List.of(copy.recipient), copy.version, body);
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
