package org.opencirt.incident.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class SavedViewRepository implements PanacheRepositoryBase<SavedView, UUID> {

    public List<SavedView> listFor(String tenant, String owner) {
        return list("tenant = ?1 and owner = ?2 order by name", tenant, owner);
    }

    public Optional<SavedView> findOwned(String tenant, String owner, UUID id) {
        return find("id = ?1 and tenant = ?2 and owner = ?3", id, tenant, owner).firstResultOptional();
    }

    public Optional<SavedView> findByName(String tenant, String owner, String name) {
        return find("tenant = ?1 and owner = ?2 and name = ?3", tenant, owner, name)
                .firstResultOptional();
    }
}
