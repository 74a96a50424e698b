package org.opencirt.search;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.UUID;

/**
 * The transactional outbox: a feature records here, in the same transaction as its change, that
 * a record's search document must be rewritten. The relay does it after the commit.
 */
@ApplicationScoped
public class Outbox {

    /** Fired when entries were written; the relay observes it after a successful commit. */
    public record Enqueued() {}

    private final OutboxEntries entries;
    private final Event<Enqueued> enqueued;
    private final Clock clock;

    Outbox(OutboxEntries entries, Event<Enqueued> enqueued, Clock clock) {
        this.entries = entries;
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
        entries.persist(entry);
        enqueued.fire(new Enqueued());
    }

    /** Entries waiting for the relay. */
    public long pending() {
        return entries.count();
    }
}
