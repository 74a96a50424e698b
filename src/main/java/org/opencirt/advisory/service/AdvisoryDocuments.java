package org.opencirt.advisory.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.opencirt.advisory.repository.Advisory;
import org.opencirt.advisory.repository.AdvisoryRepository;
import org.opencirt.search.DocumentSource;
import org.opencirt.search.Projection;
import org.opencirt.search.SearchDocument;

/**
 * Builds the search documents of advisories from PostgreSQL, for the outbox relay and reindexing:
 * the working document's words (title, tracking id, notes, CVEs, products) and the workflow
 * state. Only the owning CIRT may find an advisory, whatever its state and TLP (ADR 19).
 */
@ApplicationScoped
class AdvisoryDocuments implements DocumentSource {

    private final AdvisoryRepository advisories;

    AdvisoryDocuments(AdvisoryRepository advisories) {
        this.advisories = advisories;
    }

    @Override
    public Projection projection() {
        return Projection.ADVISORIES;
    }

    /** PostgreSQL orders UUIDs as unsigned bytes: the all-zero UUID comes first. */
    @Override
    public List<UUID> idsAfter(UUID after, int limit) {
        return advisories.idsAfter(after == null ? new UUID(0, 0) : after, limit);
    }

    @Override
    public Map<UUID, SearchDocument> load(Collection<UUID> ids) {
        var documents = new HashMap<UUID, SearchDocument>();
        for (var advisory : advisories.listAllIn(ids)) {
            documents.put(advisory.id, document(advisory));
        }
        return documents;
    }

    static SearchDocument document(Advisory a) {
        var doc = CsafDocuments.parse(a.document);
        var document = doc.path("document");
        var notes = new ArrayList<String>();
        document.path("notes").forEach(n -> notes.add(n.path("text").asText()));
        var cves = new ArrayList<String>();
        for (var v : doc.path("vulnerabilities")) {
            if (v.hasNonNull("cve")) {
                cves.add(v.path("cve").asText());
            }
            addText(notes, v.path("title"));
            v.path("notes").forEach(n -> notes.add(n.path("text").asText()));
            v.path("remediations").forEach(r -> addText(notes, r.path("details")));
        }
        var body = new LinkedHashMap<String, Object>();
        body.put("tracking_id", a.trackingId);
        body.put("title", a.title);
        body.put("state", a.state.wire());
        body.put("tlp", a.tlp);
        body.put("published_version", a.publishedVersion);
        body.put("notes", notes);
        body.put("cves", cves);
        body.put(
                "products",
                List.copyOf(new LinkedHashSet<>(doc.path("product_tree").findValuesAsText("name"))));
        body.put(
                "severity",
                document.path("aggregate_severity").hasNonNull("text")
                        ? document.path("aggregate_severity").path("text").asText()
                        : null);
        body.put("created_at", iso(a.createdAt));
        body.put("updated_at", iso(a.updatedAt));
        body.put("initial_release_date", iso(a.initialReleaseDate));
        body.put(
                "current_release_date",
                releaseDate(
                        document.path("tracking").path("current_release_date").asText(null)));
        return new SearchDocument(a.id, a.tenant, List.of(a.tenant), a.version, body);
    }

    private static void addText(List<String> into, JsonNode node) {
        if (node.isTextual()) {
            into.add(node.asText());
        }
    }

    /** A CSAF date as an instant; null when absent or not a date (the document is still indexed). */
    private static String releaseDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant().toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
