package org.opencirt.secret;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The CIRTs' secrets, always looked up within one CIRT. */
@ApplicationScoped
public class SecretRepository implements PanacheRepositoryBase<SecretEntity, UUID> {

    public Optional<SecretEntity> find(String tenant, String name) {
        return find("tenant = ?1 and name = ?2", tenant, name).firstResultOptional();
    }

    public List<SecretEntity> forTenant(String tenant) {
        return find("tenant", Sort.ascending("name"), tenant).list();
    }

    public long countFor(String tenant) {
        return count("tenant", tenant);
    }

    /** Serialises writes of one CIRT's secrets within the current transaction (the count limit holds). */
    public void lockTenant(String tenant) {
        getEntityManager()
                .createNativeQuery("select pg_advisory_xact_lock(hashtext('cirt-secret:' || :tenant))")
                .setParameter("tenant", tenant)
                .getSingleResult();
    }
}
