package org.opencirt.exchange.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The shared incident copies (one per incident and recipient CIRT). */
@ApplicationScoped
public class SharedIncidentCopies implements PanacheRepositoryBase<SharedIncidentCopy, UUID> {

    /** The copies of one of an owner's incidents, one per recipient. */
    public List<SharedIncidentCopy> ofIncident(String owner, UUID incident) {
        return list("owner = ?1 and incidentId = ?2", owner, incident);
    }

    public List<SharedIncidentCopy> byIds(Collection<UUID> ids) {
        return ids.isEmpty() ? List.of() : list("id in ?1", ids);
    }

    /** Ids in ascending order (PostgreSQL's unsigned byte order) after {@code after}, at most {@code limit}. */
    public List<UUID> idsAfter(UUID after, int limit) {
        return getEntityManager()
                .createQuery("select c.id from SharedIncidentCopy c where c.id > :after order by c.id", UUID.class)
                .setParameter("after", after)
                .setMaxResults(limit)
                .getResultList();
    }
}
