package org.opencirt.search;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.UUID;

/**
 * The transactional outbox: a feature records here, in the same transaction as its change, that
 * a record's search document must be rewritten. The relay does it after the commit.
 */
@ApplicationScoped
public class Outbox {

    /** Fired when entries were written; the relay observes it after a successful commit. */
    public record Enqueued() {}

    private static final int BATCH = 500;

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

    /**
     * Records that many records of a CIRT changed (an imported or an offboarded CIRT), through the
     * connection of the transaction that changes them, in batches; the relay writes or deletes their
     * documents after the commit.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueueAll(Connection transaction, Projection projection, String tenant, Collection<UUID> ids)
            throws SQLException {
        var now = Timestamp.from(clock.instant());
        try (var insert = transaction.prepareStatement(
                "insert into outbox (aggregate_type, aggregate_id, tenant, created_at) values (?, ?, ?, ?)")) {
            int batched = 0;
            for (var id : ids) {
                insert.setString(1, projection.name());
                insert.setObject(2, id);
                insert.setString(3, tenant);
                insert.setTimestamp(4, now);
                insert.addBatch();
                if (++batched % BATCH == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        if (!ids.isEmpty()) {
            enqueued.fire(new Enqueued());
        }
    }

    /** Entries waiting for the relay. */
    public long pending() {
        return entries.count();
    }
}
