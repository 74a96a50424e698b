package org.opencirt.advisory.service;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.UUID;
import org.opencirt.advisory.csaf.AffectedProducts;
import org.opencirt.advisory.repository.VendorAdvisory;
import org.opencirt.advisory.repository.VendorAdvisoryIncident;
import org.opencirt.advisory.repository.VendorAdvisoryIncidentRepository;
import org.opencirt.common.Tlp;
import org.opencirt.incident.model.Channel;
import org.opencirt.incident.model.Severity;
import org.opencirt.incident.service.IncidentCommands.CreateIncident;
import org.opencirt.incident.service.IncidentCommands.ObservableInput;
import org.opencirt.incident.service.IncidentService;
import org.opencirt.tenant.constituency.ConstituencyService;

/**
 * Raises an incident per vendor advisory and constituent that runs a product the advisory names
 * as affected ({@link AffectedProducts}): classification {@code vulnerable-system}, the advisory's
 * CVEs as observables, TLP:AMBER (RED for a RED advisory), the matched products and the advisory
 * in the description. Nothing
 * for a product that is fixed or not affected; never a second incident for the same advisory and
 * constituent, whatever later versions of the advisory say.
 */
@ApplicationScoped
public class VendorAdvisoryIncidents {

    private final ConstituencyService constituencies;
    private final IncidentService incidents;
    private final VendorAdvisoryIncidentRepository raised;
    private final Clock clock;

    VendorAdvisoryIncidents(
            ConstituencyService constituencies,
            IncidentService incidents,
            VendorAdvisoryIncidentRepository raised,
            Clock clock) {
        this.constituencies = constituencies;
        this.incidents = incidents;
        this.raised = raised;
        this.clock = clock;
    }

    /** An incident raised: for which constituent, and its id. */
    public record Raised(String constituent, UUID incidentId) {}

    /**
     * Raises what a vendor advisory (new or updated) calls for in its CIRT.
     *
     * @return the incidents raised now (none for constituents that already have one for it)
     */
    @Transactional
    public List<Raised> raise(VendorAdvisory advisory, JsonNode document) {
        var products = constituencies.products(advisory.tenant);
        if (products.isEmpty()) {
            return List.of();
        }
        var hits = AffectedProducts.affected(
                document,
                products.stream()
                        .map(ConstituencyService.Product::value)
                        .distinct()
                        .toList());
        // constituent -> its hits
        var byConstituent = new LinkedHashMap<String, List<AffectedProducts.Hit>>();
        for (var product : products) {
            for (var hit : hits) {
                if (hit.declared().equals(product.value())) {
                    byConstituent
                            .computeIfAbsent(product.constituent(), k -> new ArrayList<>())
                            .add(hit);
                }
            }
        }
        var out = new ArrayList<Raised>();
        byConstituent.forEach((constituent, found) -> {
            if (raised.raised(advisory.id, constituent)) {
                return;
            }
            var id = incidents
                    .create(
                            command(advisory, constituent, found),
                            new IncidentService.Origin(
                                    advisory.tenant, "feed:" + advisory.feedId, Channel.FEED, null, 0))
                    .id();
            var row = new VendorAdvisoryIncident();
            row.id = UUID.randomUUID();
            row.tenant = advisory.tenant;
            row.vendorAdvisoryId = advisory.id;
            row.constituent = constituent;
            row.incidentId = id;
            row.createdAt = clock.instant();
            raised.persist(row);
            out.add(new Raised(constituent, id));
        });
        return out;
    }

    private static CreateIncident command(
            VendorAdvisory advisory, String constituent, List<AffectedProducts.Hit> hits) {
        var cves = new TreeSet<String>();
        var lines = new StringBuilder();
        for (var hit : hits) {
            cves.addAll(hit.cves());
            lines.append("- ")
                    .append(hit.productName())
                    .append(" (declared as ")
                    .append(hit.declared())
                    .append(")")
                    .append(hit.cves().isEmpty() ? "" : ": " + String.join(", ", hit.cves()))
                    .append('\n');
        }
        var title = "%s runs a product affected by %s".formatted(constituent, advisory.trackingId);
        var description = """
                The vendor advisory %s (version %s) of %s, "%s", names as affected products that %s runs:
                %s
                Advisory: %s (GET /api/v1/vendor-advisories/%s)""".formatted(
                        advisory.trackingId,
                        advisory.version,
                        advisory.publisher,
                        advisory.title,
                        constituent,
                        lines,
                        advisory.url,
                        advisory.id);
        return new CreateIncident(
                title.length() > 300 ? title.substring(0, 300) : title,
                description,
                null,
                null,
                "vulnerable-system",
                Severity.MEDIUM,
                null,
                tlp(advisory.tlp),
                null,
                List.of("vendor-advisory"),
                null,
                null,
                null,
                null,
                null,
                cves.stream().map(cve -> new ObservableInput("cve", cve)).toList());
    }

    /**
     * The incident's label: that a constituent runs a vulnerable product is not for everyone, whatever
     * the advisory's own label, so AMBER; RED when the advisory is RED.
     */
    private static Tlp tlp(String label) {
        return label != null && label.toUpperCase(Locale.ROOT).equals("RED") ? Tlp.RED : Tlp.AMBER;
    }
}
