package org.opencirt.exchange.stix;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.opencirt.common.Tlp;

/** What the STIX mapping takes in: plain facts, gathered by the services from what a caller may see. */
public final class StixFacts {

    private StixFacts() {}

    /** The CIRT that produces the objects: its identity is every object's {@code created_by_ref}. */
    public record Producer(String cirt, String name, Instant since) {}

    /** An observable as the platform types it (wire names of {@code ObservableType}). */
    public record Observable(String type, String value) {}

    /**
     * An incident as the caller may see it; a part not shared is null.
     *
     * @param revokedAt when the caller stopped being allowed to see it (the grant's revocation), or null
     */
    public record Incident(
            UUID id,
            Tlp tlp,
            String reference,
            String title,
            String description,
            String state,
            String category,
            String type,
            String severity,
            Instant occurredAt,
            Instant reportedAt,
            List<Observable> observables,
            List<Sighting> sightings,
            Instant created,
            Instant modified,
            Instant revokedAt) {}

    /**
     * An indicator that one of the incident's observables matched: the incident is a sighting of it.
     *
     * @param observable   the observable's value, as in {@link Incident#observables}
     * @param indicatorKey the {@code stixKey} of the indicator document (its STIX id in the producer's collections)
     * @param tlp          the label of what matched
     * @param seenAt       when it matched
     */
    public record Sighting(String observable, UUID indicatorKey, Tlp tlp, Instant seenAt) {}

    /**
     * A published advisory: its CSAF document's metadata and where the signed document is served.
     *
     * @param revokedAt when the caller stopped being allowed to see it, or null
     */
    public record Advisory(
            UUID id,
            Tlp tlp,
            String trackingId,
            String title,
            String summary,
            List<String> cves,
            String csafUrl,
            String sha256,
            Instant published,
            Instant modified,
            Instant revokedAt) {}
}
