package org.opencirt.search;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * The transactional outbox: a feature records here, in the same transaction as its change, that
 * a record's search document must be rewritten. The relay does it after the commit.
 */
@ApplicationScoped
public class Outbox implements PanacheRepositoryBase<OutboxEntry, Long> {

    /** Fired when entries were written; the relay observes it after a successful commit. */
    public record Enqueued() {
    }

    private final Event<Enqueued> enqueued;
    private final Clock clock;

    Outbox(Event<Enqueued> enqueued, Clock clock) {
        this.enqueued = enqueued;
        this.clock = clock;
    }

    /** Records that a record changed. Must run inside the transaction that changes the record. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(Projection projection, UUID id, String tenant) {
        var entry = new OutboxEntry();
        entry.projection = projection;
        entry.aggregateId = id;
        entry.tenant = tenant;
        entry.createdAt = clock.instant();
        persist(entry);
        enqueued.fire(new Enqueued());
    }

    /**
     * The oldest entries still worth trying, locked for this transaction; entries another relay
     * holds are skipped.
     */
    @SuppressWarnings("unchecked")
    List<OutboxEntry> lockOldest(int limit, int maxAttempts) {
        return getEntityManager()
                .createNativeQuery("select * from outbox where attempts < ?2 order by id limit ?1 for update skip locked",
                        OutboxEntry.class)
                .setParameter(1, limit)
                .setParameter(2, maxAttempts)
                .getResultList();
    }

    /** Entries waiting for the relay. */
    public long pending() {
        return count();
    }

    /** Entries Elasticsearch refused too often: they wait for a fix and a reindex. */
    long stuck(int maxAttempts) {
        return count("attempts >= ?1", maxAttempts);
    }
}
