package org.opencirt.feed.service;

import io.opentelemetry.context.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.opencirt.feed.definition.FeedDefinition;
import org.opencirt.incident.service.FeedHitService;
import org.opencirt.indicator.model.Indicator;
import org.opencirt.indicator.service.IndicatorService;
import org.opencirt.tenant.constituency.ConstituencyService;

/**
 * A run's indicators in batches of {@code batch-size}, {@code bulk-writers} of them written at
 * once while the parser reads on: what keeps Elasticsearch busy between two batches. Each written
 * batch is then matched with incidents and constituencies, refusals kept as dead letters.
 */
final class IndicatorBatches {

    /** What a run's batches are written with. */
    record Writers(
            IndicatorService indicators,
            DeadLetters deadLetters,
            FeedHitService hits,
            RunRecords records,
            Executor threads,
            int bulkWriters,
            int batchSize) {}

    private final Writers writers;
    private final FeedDefinition feed;
    private final UUID runId;
    private final RunCounts counts;
    private final ConstituencyService.Matcher constituency;
    private final List<Indicator> batch = new ArrayList<>();
    private final Semaphore slots;
    private final AtomicReference<Exception> writeFailure = new AtomicReference<>();

    IndicatorBatches(
            Writers writers,
            FeedDefinition feed,
            UUID runId,
            RunCounts counts,
            ConstituencyService.Matcher constituency) {
        this.writers = writers;
        this.feed = feed;
        this.runId = runId;
        this.counts = counts;
        this.constituency = constituency;
        this.slots = new Semaphore(writers.bulkWriters());
    }

    /** Adds an indicator; a full batch is handed to a writer. */
    void add(Indicator indicator) throws IOException {
        batch.add(indicator);
        if (batch.size() >= writers.batchSize()) {
            flush();
        }
    }

    /** Hands the current batch to a writer, once one is free, and goes on. */
    void flush() throws IOException {
        rethrowWriteFailure();
        if (batch.isEmpty()) {
            return;
        }
        var full = List.copyOf(batch);
        batch.clear();
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        // the run's trace context goes with the batch, so its writes show in the run's trace
        writers.threads().execute(Context.current().wrap(() -> {
            try {
                write(full);
            } catch (IOException | RuntimeException e) {
                writeFailure.compareAndSet(null, e);
            } finally {
                slots.release();
            }
        }));
    }

    /** Waits until every batch handed over is written (writes the last one first unless {@code andLast} is false). */
    void awaitWrites(boolean andLast) throws IOException {
        if (andLast) {
            flush();
        }
        try {
            slots.acquire(writers.bulkWriters());
            slots.release(writers.bulkWriters());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        rethrowWriteFailure();
    }

    private void rethrowWriteFailure() throws IOException {
        var failure = writeFailure.get();
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
    }

    private void write(List<Indicator> indicators) throws IOException {
        boolean mostlyNew;
        synchronized (counts) {
            mostlyNew = counts.created >= counts.updated;
        }
        var written = writers.indicators().write(indicators, mostlyNew);
        var stored = new ArrayList<Indicator>();
        for (var indicator : indicators) {
            var reason = written.failed().get(indicator.id());
            if (reason == null) {
                stored.add(indicator);
            } else {
                writers.deadLetters().record(feed.id(), runId, indicator, reason);
            }
        }
        FeedHitService.Outcome outcome;
        synchronized (this) {
            // one batch at a time: two writers must not both raise the day's incident for an entry
            outcome = writers.hits().indicatorsWritten(feed.id(), feed.name(), stored, constituency);
        }
        synchronized (counts) {
            counts.created += written.created();
            counts.updated += written.updated();
            counts.failed += written.failed().size();
            counts.matches += outcome.matches();
            counts.incidents += outcome.incidents();
        }
        writers.records().progress(runId, counts);
    }
}
