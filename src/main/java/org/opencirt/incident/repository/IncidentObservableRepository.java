package org.opencirt.incident.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class IncidentObservableRepository implements PanacheRepositoryBase<IncidentObservable, UUID> {

    public List<IncidentObservable> listFor(UUID incidentId) {
        return list("incidentId = ?1 order by createdAt, type, value", incidentId);
    }

    public List<IncidentObservable> listFor(Collection<UUID> incidentIds) {
        return list("incidentId in ?1", incidentIds);
    }
}
