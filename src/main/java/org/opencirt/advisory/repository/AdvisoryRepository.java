package org.opencirt.advisory.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Advisories, always within one CIRT. */
@ApplicationScoped
public class AdvisoryRepository implements PanacheRepositoryBase<Advisory, UUID> {

    public Optional<Advisory> find(String tenant, UUID id) {
        return find("tenant = ?1 and id = ?2", tenant, id).firstResultOptional();
    }

    /** The advisory, its row locked until the transaction ends: state changes of one advisory run one at a time. */
    public Optional<Advisory> findForUpdate(String tenant, UUID id) {
        return find("tenant = ?1 and id = ?2", tenant, id).withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    public boolean trackingIdTaken(String tenant, String trackingId, UUID except) {
        return count("tenant = ?1 and lower(trackingId) = lower(?2) and id <> ?3", tenant, trackingId, except) > 0;
    }

    public List<Advisory> list(String tenant, int limit) {
        return find("tenant", Sort.descending("updatedAt").and("id"), tenant).page(0, limit).list();
    }

    /** The next tracking number of a CIRT in a year (CERT-AB-2026-0001), from the ids already used. */
    public long countInYear(String tenant, String prefix) {
        return count("tenant = ?1 and trackingId like ?2", tenant, prefix + "%");
    }

    /** Serialises tracking-id allocation per CIRT within the current transaction. */
    public void lockTenant(String tenant) {
        getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtext('advisory-tracking:' || :tenant))")
                .setParameter("tenant", tenant).getSingleResult();
    }
}
