package org.opencirt.incident.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;
import org.opencirt.tenant.constituency.ConstituencyService;

/**
 * Which constituency entries the feeds hit for an incident (what a playbook sees as
 * {@code constituency}). The incident records the entries' ids ({@code constituency_incident});
 * the entries themselves are the tenant feature's, named through its service.
 */
@ApplicationScoped
public class ConstituencyHits {

    private final EntityManager em;
    private final ConstituencyService constituencies;

    ConstituencyHits(EntityManager em, ConstituencyService constituencies) {
        this.em = em;
        this.constituencies = constituencies;
    }

    /** The constituency entries (label, or value when unlabelled) feeds hit for an incident of the CIRT, sorted. */
    @SuppressWarnings("unchecked")
    public List<String> constituencyEntries(String tenant, UUID incidentId) {
        List<UUID> entries = em.createNativeQuery("""
                select distinct entry_id from constituency_incident where tenant = ?1 and incident_id = ?2""")
                .setParameter(1, tenant)
                .setParameter(2, incidentId)
                .getResultList();
        return constituencies.names(tenant, entries);
    }
}
