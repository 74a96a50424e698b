package org.opencirt.tenant.constituency;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ConstituencyRepository implements PanacheRepositoryBase<ConstituencyEntry, UUID> {

    public List<ConstituencyEntry> listFor(String tenant) {
        return list("tenant = ?1 order by kind, value", tenant);
    }
}
