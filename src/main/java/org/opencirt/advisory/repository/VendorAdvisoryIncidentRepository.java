package org.opencirt.advisory.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The incidents raised for vendor advisories, always within one CIRT. */
@ApplicationScoped
public class VendorAdvisoryIncidentRepository implements PanacheRepositoryBase<VendorAdvisoryIncident, UUID> {

    public boolean raised(UUID vendorAdvisoryId, String constituent) {
        return count("vendorAdvisoryId = ?1 and constituent = ?2", vendorAdvisoryId, constituent) > 0;
    }

    public List<VendorAdvisoryIncident> forAdvisory(String tenant, UUID vendorAdvisoryId) {
        return list("tenant = ?1 and vendorAdvisoryId = ?2 order by createdAt, id", tenant, vendorAdvisoryId);
    }

    public Optional<VendorAdvisoryIncident> link(String tenant, UUID vendorAdvisoryId, UUID incidentId) {
        return find("tenant = ?1 and vendorAdvisoryId = ?2 and incidentId = ?3", tenant, vendorAdvisoryId, incidentId)
                .firstResultOptional();
    }
}
