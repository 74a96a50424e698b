package org.opencirt.incident.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class IncidentLinkRepository implements PanacheRepositoryBase<IncidentLink, UUID> {

    public List<IncidentLink> listFor(UUID incidentId) {
        return list("incidentId = ?1 order by createdAt", incidentId);
    }
}
