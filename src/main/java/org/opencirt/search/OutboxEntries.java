package org.opencirt.search;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The outbox table, for the {@link Outbox} that writes it and the {@link OutboxRelay} that drains it. */
@ApplicationScoped
class OutboxEntries implements PanacheRepositoryBase<OutboxEntry, Long> {

    /**
     * The oldest entries still worth trying, locked for this transaction; entries another relay
     * holds are skipped.
     */
    @SuppressWarnings("unchecked")
    List<OutboxEntry> lockOldest(int limit, int maxAttempts) {
        return getEntityManager()
                .createNativeQuery(
                        "select * from outbox where attempts < ?2 order by id limit ?1 for update skip locked",
                        OutboxEntry.class)
                .setParameter(1, limit)
                .setParameter(2, maxAttempts)
                .getResultList();
    }

    /** Entries Elasticsearch refused too often: they wait for a fix and a reindex. */
    long stuck(int maxAttempts) {
        return count("attempts >= ?1", maxAttempts);
    }
}
