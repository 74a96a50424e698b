package org.opencirt.incident.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.opencirt.incident.repository.Incident;
import org.opencirt.incident.repository.IncidentObservable;
import org.opencirt.incident.repository.IncidentObservableRepository;
import org.opencirt.incident.repository.IncidentRepository;
import org.opencirt.search.DocumentSource;
import org.opencirt.search.Projection;
import org.opencirt.search.SearchDocument;

/** Builds the search documents of incidents from PostgreSQL, for the outbox relay and reindexing. */
@ApplicationScoped
class IncidentDocuments implements DocumentSource {

    private final IncidentRepository incidents;
    private final IncidentObservableRepository observables;

    IncidentDocuments(IncidentRepository incidents, IncidentObservableRepository observables) {
        this.incidents = incidents;
        this.observables = observables;
    }

    @Override
    public Projection projection() {
        return Projection.INCIDENTS;
    }

    @Override
    /** PostgreSQL orders UUIDs as unsigned bytes: the all-zero UUID comes first. */
    public List<UUID> idsAfter(UUID after, int limit) {
        return incidents.idsAfter(after == null ? new UUID(0, 0) : after, limit);
    }

    @Override
    public Map<UUID, SearchDocument> load(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        var byIncident = observables.listFor(ids).stream().collect(Collectors.groupingBy(o -> o.incidentId));
        var documents = new HashMap<UUID, SearchDocument>();
        for (var incident : incidents.findAllById(ids)) {
            documents.put(incident.id, document(incident, byIncident.getOrDefault(incident.id, List.of())));
        }
        return documents;
    }

    static SearchDocument document(Incident i, List<IncidentObservable> observables) {
        var body = new LinkedHashMap<String, Object>();
        body.put("reference", i.reference);
        body.put("title", i.title);
        body.put("description", i.description);
        body.put(
                "reporter",
                Stream.of(i.reporterName, i.reporterEmail, i.reporterOrg, i.reporterClient)
                        .filter(Objects::nonNull)
                        .collect(Collectors.joining(" ")));
        body.put("channel", i.channel.wire());
        body.put("tlp", i.tlp.wire());
        body.put("pap", i.pap.wire());
        body.put("state", i.state.wire());
        body.put("severity", i.severity.wire());
        body.put("severity_rank", i.severity.ordinal());
        body.put("priority", i.priority.wire());
        body.put("category", i.category);
        body.put("type", i.type);
        body.put("tags", List.copyOf(i.tags));
        body.put("sector", i.sector);
        body.put("assignee", i.assignee);
        body.put(
                "observables",
                observables.stream()
                        .map(o -> Map.of("type", o.type.wireName(), "value", o.value))
                        .toList());
        var ips = new ArrayList<String>();
        var ranges = new ArrayList<String>();
        for (var o : observables) {
            switch (o.type) {
                case IPV4, IPV6 -> ips.add(o.value);
                case CIDR -> ranges.add(o.value);
                default -> {}
            }
        }
        body.put("observable_ips", ips);
        body.put("observable_ranges", ranges);
        body.put("occurred_at", iso(i.occurredAt));
        body.put("detected_at", iso(i.detectedAt));
        body.put("reported_at", iso(i.reportedAt));
        body.put("due_at", iso(i.dueAt));
        body.put("created_at", iso(i.createdAt));
        body.put("updated_at", iso(i.updatedAt));
        return new SearchDocument(i.id, i.tenant, List.of(i.tenant), i.version, body);
    }

    private static String iso(java.time.Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
