package org.opencirt.advisory.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.UUID;
import org.opencirt.advisory.repository.VendorAdvisory;
import org.opencirt.advisory.repository.VendorAdvisoryIncident;
import org.opencirt.advisory.repository.VendorAdvisoryIncidentRepository;
import org.opencirt.advisory.repository.VendorAdvisoryRepository;
import org.opencirt.common.crypto.Digests;
import org.opencirt.common.problem.ApiException;
import org.opencirt.incident.service.IncidentService;

/**
 * Vendors' advisories: the CSAF documents a CIRT's {@code csaf-provider} feeds keep once their hash,
 * signature and validity were checked (see {@code advisory.provider.CsafDownloads}). Read-only
 * for the CIRT; a newer version at the same URL replaces the row, an older one never does.
 */
@ApplicationScoped
public class VendorAdvisoryService {

    /** The most a list answers. */
    public static final int MAX_LIST = 200;

    /** What storing a document did. */
    public enum Stored {
        CREATED,
        UPDATED,
        UNCHANGED
    }

    /** A vendor advisory in a list. */
    public record VendorAdvisorySummary(
            UUID id,
            String feedId,
            String url,
            String trackingId,
            String version,
            String title,
            String publisher,
            String category,
            String tlp,
            List<String> cves,
            Instant initialReleaseDate,
            Instant currentReleaseDate,
            String signedBy,
            Instant fetchedAt) {

        static VendorAdvisorySummary of(VendorAdvisory a) {
            return new VendorAdvisorySummary(
                    a.id,
                    a.feedId,
                    a.url,
                    a.trackingId,
                    a.version,
                    a.title,
                    a.publisher,
                    a.category,
                    a.tlp,
                    Arrays.stream(a.cves.strip().split(" "))
                            .filter(c -> !c.isEmpty())
                            .toList(),
                    a.initialReleaseDate,
                    a.currentReleaseDate,
                    a.signedBy,
                    a.fetchedAt);
        }
    }

    /** An incident linked to the advisory: raised for a constituent, or linked by an analyst (the other is null). */
    public record RaisedIncident(String constituent, UUID incidentId, String linkedBy) {}

    /** One vendor advisory: its summary, the CSAF document as served, and the incidents raised for it. */
    public record VendorAdvisoryView(
            VendorAdvisorySummary summary, JsonNode document, List<RaisedIncident> incidents) {}

    /** What storing did, and the row's id. */
    public record Kept(Stored stored, UUID id) {}

    private final VendorAdvisoryRepository advisories;
    private final VendorAdvisoryIncidentRepository raised;
    private final VendorAdvisoryIncidents incidents;
    private final IncidentService incidentService;
    private final Clock clock;

    VendorAdvisoryService(
            VendorAdvisoryRepository advisories,
            VendorAdvisoryIncidentRepository raised,
            VendorAdvisoryIncidents incidents,
            IncidentService incidentService,
            Clock clock) {
        this.advisories = advisories;
        this.raised = raised;
        this.incidents = incidents;
        this.incidentService = incidentService;
        this.clock = clock;
    }

    /**
     * Keeps a checked document for a CIRT: new, or replacing an older version at the same URL.
     *
     * @param document the document as read (already validated by the caller), {@code bytes} exactly as served
     */
    @Transactional
    public Kept store(
            String tenant, String feedId, URI url, JsonNode document, byte[] bytes, String signer, Instant now) {
        var tracking = document.path("document").path("tracking");
        var current = OffsetDateTime.parse(tracking.path("current_release_date").asText())
                .toInstant();
        var sha256 = Digests.sha256Hex(bytes);
        var existing = advisories.findByUrl(tenant, feedId, url.toString());
        if (existing.isPresent()
                && (existing.get().sha256.equals(sha256)
                        || existing.get().currentReleaseDate.isAfter(current))) {
            return new Kept(Stored.UNCHANGED, existing.get().id);
        }
        var row = existing.orElseGet(VendorAdvisory::new);
        if (row.id == null) {
            row.id = UUID.randomUUID();
            row.tenant = tenant;
            row.feedId = feedId;
            row.url = url.toString();
        }
        var doc = document.path("document");
        row.trackingId = tracking.path("id").asText();
        row.version = tracking.path("version").asText();
        row.title = doc.path("title").asText();
        row.publisher = doc.path("publisher").path("name").asText();
        row.category = doc.path("category").asText();
        row.tlp = doc.path("distribution").path("tlp").path("label").asText(null);
        row.cves = cves(document);
        row.initialReleaseDate = OffsetDateTime.parse(
                        tracking.path("initial_release_date").asText())
                .toInstant();
        row.currentReleaseDate = current;
        row.document = bytes;
        row.sha256 = sha256;
        row.signedBy = signer;
        row.fetchedAt = now;
        if (existing.isEmpty()) {
            advisories.persist(row);
            return new Kept(Stored.CREATED, row.id);
        }
        return new Kept(Stored.UPDATED, row.id);
    }

    /**
     * Raises an incident per constituent running a product the advisory names as affected, unless one
     * was raised for it before (see {@link VendorAdvisoryIncidents}).
     *
     * @return how many were raised now
     */
    @Transactional
    public int raiseIncidents(String tenant, UUID id) {
        var row = advisories.find(tenant, id).orElseThrow();
        return incidents.raise(row, CsafDocuments.parse(row.document)).size();
    }

    /**
     * Links the advisory to an incident of the same CIRT (again: nothing changes).
     *
     * @throws ApiException 404 when either is not the CIRT's
     */
    @Transactional
    public void link(String tenant, UUID id, UUID incidentId, String actor) {
        advisories.find(tenant, id).orElseThrow(() -> ApiException.notFound("Vendor advisory '%s'".formatted(id)));
        incidentService.get(tenant, incidentId);
        if (raised.link(tenant, id, incidentId).isPresent()) {
            return;
        }
        var row = new VendorAdvisoryIncident();
        row.id = UUID.randomUUID();
        row.tenant = tenant;
        row.vendorAdvisoryId = id;
        row.incidentId = incidentId;
        row.linkedBy = actor;
        row.createdAt = clock.instant();
        raised.persist(row);
    }

    /**
     * Removes an analyst's link; one the matching raised for a constituent stays (409), so that the
     * advisory's next version does not raise that incident again.
     *
     * @throws ApiException 404 when the advisory is not the CIRT's or has no such link
     */
    @Transactional
    public void unlink(String tenant, UUID id, UUID incidentId) {
        var link = raised.link(tenant, id, incidentId)
                .orElseThrow(() -> ApiException.notFound(
                        "Link of vendor advisory '%s' to incident '%s'".formatted(id, incidentId)));
        if (link.constituent != null) {
            throw ApiException.conflict("The incident was raised for %s by the product matching; it stays linked"
                    .formatted(link.constituent));
        }
        raised.delete(link);
    }

    /** The CIRT's vendor advisories, newest first; {@code text} finds a CVE id, or a part of the tracking id, title or publisher. */
    public List<VendorAdvisorySummary> list(String tenant, String text, int limit) {
        return advisories.search(tenant, text, Math.clamp(limit, 1, MAX_LIST)).stream()
                .map(VendorAdvisorySummary::of)
                .toList();
    }

    /** One of the CIRT's vendor advisories, or 404 (another CIRT's answers the same). */
    public VendorAdvisoryView get(String tenant, UUID id) {
        var row = advisories
                .find(tenant, id)
                .orElseThrow(() -> ApiException.notFound("Vendor advisory '%s'".formatted(id)));
        var raisedFor = raised.forAdvisory(tenant, id).stream()
                .map(r -> new RaisedIncident(r.constituent, r.incidentId, r.linkedBy))
                .toList();
        return new VendorAdvisoryView(VendorAdvisorySummary.of(row), CsafDocuments.parse(row.document), raisedFor);
    }

    /** The document's CVE ids, upper case, each with a space before and after. */
    static String cves(JsonNode document) {
        var ids = new TreeSet<String>();
        for (var vulnerability : document.path("vulnerabilities")) {
            var cve = vulnerability.path("cve").asText("");
            if (!cve.isBlank()) {
                ids.add(cve.strip().toUpperCase(Locale.ROOT));
            }
        }
        return ids.isEmpty() ? " " : " " + String.join(" ", ids) + " ";
    }
}
