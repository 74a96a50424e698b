package org.opencirt.tenant.constituency;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;

/** The constituents of each CIRT; every query names the CIRT. */
@ApplicationScoped
public class ConstituentRepository implements PanacheRepositoryBase<Constituent, UUID> {

    public Optional<Constituent> find(String tenant, UUID id) {
        return find("tenant = ?1 and id = ?2", tenant, id).firstResultOptional();
    }

    public Optional<Constituent> named(String tenant, String name) {
        return find("tenant = ?1 and lower(name) = lower(?2)", tenant, name).firstResultOptional();
    }

    public Optional<Constituent> withRegistryKey(String tenant, String key) {
        return find("tenant = ?1 and registryKey = ?2", tenant, key).firstResultOptional();
    }
}
