package org.opencirt.advisory.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
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
        return find("tenant = ?1 and id = ?2", tenant, id)
                .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE)
                .firstResultOptional();
    }

    public boolean trackingIdTaken(String tenant, String trackingId, UUID except) {
        return count("tenant = ?1 and lower(trackingId) = lower(?2) and id <> ?3", tenant, trackingId, except) > 0;
    }

    public List<Advisory> list(String tenant, int limit) {
        return find("tenant", Sort.descending("updatedAt").and("id"), tenant)
                .page(0, limit)
                .list();
    }

    /** These advisories of the CIRT (any other CIRT's are not among them), in no particular order. */
    public List<Advisory> listIn(String tenant, Collection<UUID> ids) {
        return ids.isEmpty() ? List.of() : list("tenant = ?1 and id in ?2", tenant, ids);
    }

    /** These advisories, whatever their CIRT: for the search documents, which carry their CIRT. */
    public List<Advisory> listAllIn(Collection<UUID> ids) {
        return ids.isEmpty() ? List.of() : list("id in ?1", ids);
    }

    /** Advisory ids in ascending order after {@code after}, at most {@code limit}: for rebuilding the search projection. */
    public List<UUID> idsAfter(UUID after, int limit) {
        return getEntityManager()
                .createQuery("select a.id from Advisory a where a.id > :after order by a.id", UUID.class)
                .setParameter("after", after)
                .setMaxResults(limit)
                .getResultList();
    }

    /** The next tracking number of a CIRT in a year (CERT-AB-2026-0001), from the ids already used. */
    public long countInYear(String tenant, String prefix) {
        return count("tenant = ?1 and trackingId like ?2", tenant, prefix + "%");
    }

    /** Serialises tracking-id allocation per CIRT within the current transaction. */
    public void lockTenant(String tenant) {
        getEntityManager()
                .createNativeQuery("select pg_advisory_xact_lock(hashtext('advisory-tracking:' || :tenant))")
                .setParameter("tenant", tenant)
                .getSingleResult();
    }
}
