package org.opencirt.exchange.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The STIX imports of a CIRT and the objects they kept, scoped to the receiving CIRT. */
public final class StixRepositories {

    private StixRepositories() {}

    @ApplicationScoped
    public static class Imports implements PanacheRepositoryBase<StixImport, UUID> {

        /** An import received by the CIRT. */
        public Optional<StixImport> findFor(String tenant, UUID id) {
            return find("tenant = ?1 and id = ?2", tenant, id).firstResultOptional();
        }

        /** The CIRT's imports, newest first. */
        public List<StixImport> pageFor(String tenant, int page, int size) {
            return find("tenant = ?1 order by requestTimestamp desc, id", tenant)
                    .page(Page.of(page, size))
                    .list();
        }

        public long countFor(String tenant) {
            return count("tenant", tenant);
        }
    }

    @ApplicationScoped
    public static class Objects implements PanacheRepositoryBase<StoredStixObject, UUID> {

        public long countFor(String tenant, UUID importId) {
            return count("tenant = ?1 and importId = ?2", tenant, importId);
        }
    }
}
