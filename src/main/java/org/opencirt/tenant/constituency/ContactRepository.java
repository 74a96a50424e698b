package org.opencirt.tenant.constituency;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The abuse contacts of each CIRT's constituents. */
@ApplicationScoped
public class ContactRepository implements PanacheRepositoryBase<ConstituentContact, UUID> {

    public List<ConstituentContact> of(String tenant, UUID constituent) {
        return list("tenant = ?1 and constituentId = ?2 order by email", tenant, constituent);
    }

    public List<ConstituentContact> ofAll(String tenant, Collection<UUID> constituents) {
        return constituents.isEmpty()
                ? List.of()
                : list("tenant = ?1 and constituentId in ?2 order by email", tenant, constituents);
    }
}
