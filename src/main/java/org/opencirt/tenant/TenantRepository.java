package org.opencirt.tenant;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class TenantRepository implements PanacheRepositoryBase<Tenant, String> {

    /** The CIRTs on the platform, by name; not those that were offboarded. */
    public List<Tenant> listByName() {
        return list("offboardedAt is null", Sort.by("name").and("id"));
    }

    /** A CIRT on the platform; not one that was offboarded. */
    public Optional<Tenant> active(String id) {
        return findByIdOptional(id).filter(t -> t.offboardedAt == null);
    }
}
