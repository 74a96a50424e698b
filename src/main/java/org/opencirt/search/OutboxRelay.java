package org.opencirt.search;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Drains the outbox into Elasticsearch: right after each commit that wrote to it, and on a timer
 * to catch up after an outage. Entries are locked with {@code skip locked}, so replicas share
 * the work; documents carry the record's version, so replays and races never go backwards.
 * While Elasticsearch is unreachable the entries simply stay, and search is degraded.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final long COALESCE_MILLIS = 20;

    private final OutboxEntries outbox;
    private final SearchIndexer indexer;
    private final Instance<DocumentSource> sources;
    private final SearchConfig config;
    private final IndexBootstrap bootstrap;
    private final Tracer tracer;
    private final ReentrantLock draining = new ReentrantLock();
    private final AtomicBoolean kicked = new AtomicBoolean();
    private final ExecutorService kicker = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("outbox-relay").factory());
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("outbox-relay-timer").factory());
    private volatile String lastError;
    private volatile Map<Projection, DocumentSource> sourcesByProjection;

    OutboxRelay(
            OutboxEntries outbox,
            SearchIndexer indexer,
            Instance<DocumentSource> sources,
            SearchConfig config,
            IndexBootstrap bootstrap,
            Tracer tracer) {
        this.outbox = outbox;
        this.indexer = indexer;
        this.sources = sources;
        this.config = config;
        this.bootstrap = bootstrap;
        this.tracer = tracer;
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Outbox.Enqueued event) {
        if (kicked.compareAndSet(false, true)) {
            kicker.execute(() -> {
                // a short pause gathers the commits of concurrent requests into one bulk request
                try {
                    Thread.sleep(COALESCE_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                kicked.set(false);
                drain();
            });
        }
    }

    /** The timer that catches up after an outage: local to each instance, not a (clustered) Quartz job. */
    void onStart(@Observes StartupEvent event) {
        var interval = config.relayInterval().toMillis();
        timer.scheduleWithFixedDelay(this::drain, interval, interval, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
        kicker.shutdownNow();
    }

    /** True while the last attempt to reach Elasticsearch failed. */
    public boolean isDegraded() {
        return lastError != null;
    }

    public String lastError() {
        return lastError;
    }

    /**
     * Writes every pending entry it can, batch by batch, until none is left or Elasticsearch fails.
     *
     * @return the number of entries done
     */
    public int drain() {
        if (!bootstrap.isReady()) {
            return 0; // the indices come first; IndexBootstrap keeps trying
        }
        if (!draining.tryLock()) {
            return 0;
        }
        try {
            int total = 0;
            int done;
            do {
                done = QuarkusTransaction.requiringNew().call(this::drainBatch);
                total += done;
            } while (done >= config.relayBatchSize());
            return total;
        } catch (RelayFailure e) {
            return 0;
        } catch (RuntimeException e) {
            LOG.warnf(e, "outbox relay failed");
            return 0;
        } finally {
            draining.unlock();
        }
    }

    private int drainBatch() {
        var entries = outbox.lockOldest(config.relayBatchSize(), config.relayMaxAttempts());
        if (entries.isEmpty()) {
            return 0;
        }
        // a span only for a batch that has work: the timer's empty polls would bury the traces
        var span = tracer.spanBuilder("outbox.relay")
                .setAttribute("outbox.entries", entries.size())
                .startSpan();
        try (var scope = span.makeCurrent()) {
            return drainBatch(entries);
        } finally {
            span.end();
        }
    }

    private int drainBatch(List<OutboxEntry> entries) {
        var byProjection = new EnumMap<Projection, List<OutboxEntry>>(Projection.class);
        entries.forEach(e -> byProjection
                .computeIfAbsent(e.projection, p -> new ArrayList<>())
                .add(e));
        int done = 0;
        for (var batch : byProjection.entrySet()) {
            done += write(batch.getKey(), batch.getValue());
        }
        return done;
    }

    private int write(Projection projection, List<OutboxEntry> entries) {
        var source = sourceOf(projection);
        var ids = entries.stream().map(e -> e.aggregateId).collect(Collectors.toCollection(LinkedHashSet::new));
        var documents = source.load(ids);
        var removed = ids.stream().filter(id -> !documents.containsKey(id)).toList();
        Map<UUID, String> outcome;
        try {
            outcome = indexer.write(projection, null, documents.values(), removed);
            lastError = null;
        } catch (IOException | ElasticsearchException | IllegalStateException e) {
            lastError = String.valueOf(e.getMessage());
            LOG.warnf("search degraded, %d change(s) wait in the outbox: %s", entries.size(), lastError);
            throw new RelayFailure(e);
        }
        var done = new ArrayList<Long>();
        for (var entry : entries) {
            var refusal = outcome.get(entry.aggregateId);
            if (refusal == null) {
                done.add(entry.id);
            } else {
                entry.attempts++;
                entry.lastError = refusal;
                LOG.errorf(
                        "Elasticsearch refused %s %s (attempt %d): %s",
                        projection, entry.aggregateId, entry.attempts, refusal);
            }
        }
        if (!done.isEmpty()) {
            outbox.delete("id in ?1", done);
        }
        return done.size();
    }

    /** The feature that owns a projection's records. */
    DocumentSource sourceOf(Projection projection) {
        var bySource = sourcesByProjection;
        if (bySource == null) {
            bySource = sources.stream().collect(Collectors.toMap(DocumentSource::projection, Function.identity()));
            sourcesByProjection = bySource;
        }
        return bySource.get(projection);
    }

    /** Elasticsearch could not be reached: the transaction rolls back and the entries stay. */
    private static final class RelayFailure extends RuntimeException {
        RelayFailure(Throwable cause) {
            super(cause);
        }
    }
}
