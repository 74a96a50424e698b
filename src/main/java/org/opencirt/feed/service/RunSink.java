package org.opencirt.feed.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.opencirt.feed.definition.FeedDefinition;
import org.opencirt.feed.parse.ItemSink;
import org.opencirt.feed.parse.RawItem;
import org.opencirt.indicator.service.Warninglists;
import org.opencirt.observable.InvalidObservableException;
import org.opencirt.observable.Observable;

/**
 * Receives what the parser reads: normalises each item, counts and drops warninglisted values,
 * batches the others as indicators; stops the parser when the run is asked to stop.
 */
final class RunSink implements ItemSink {

    private final FeedDefinition feed;
    private final RunCounts counts;
    private final IndicatorBatches batches;
    private final ItemIndicators items;
    private final Warninglists warninglists;
    private final Instant now;
    private final int invalidSamples;
    private final BooleanSupplier stopped;
    private volatile String checkpoint;

    RunSink(
            FeedDefinition feed,
            RunCounts counts,
            IndicatorBatches batches,
            ItemIndicators items,
            Warninglists warninglists,
            Instant now,
            int invalidSamples,
            BooleanSupplier stopped) {
        this.feed = feed;
        this.counts = counts;
        this.batches = batches;
        this.items = items;
        this.warninglists = warninglists;
        this.now = now;
        this.invalidSamples = invalidSamples;
        this.stopped = stopped;
    }

    @Override
    public void item(RawItem item) {
        if (stopped.getAsBoolean()) {
            throw new RunStopped();
        }
        Observable observable;
        try {
            observable = ItemIndicators.observableOf(feed, item);
        } catch (InvalidObservableException e) {
            invalid(item.position(), e.getMessage(), item.value());
            return;
        }
        var benign = warninglists.listing(observable).isPresent();
        synchronized (counts) {
            counts.parsed++;
            counts.warninglisted += benign ? 1 : 0;
        }
        if (benign) {
            return;
        }
        try {
            batches.add(items.indicatorOf(feed, item, observable, now));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void invalid(long position, String reason, String excerpt) {
        counts.invalid(position, reason, excerpt, invalidSamples);
    }

    @Override
    public void skipped(long position, String reason) {
        counts.skipped(reason);
    }

    @Override
    public void checkpoint(String state) {
        checkpoint = state;
    }

    /** The last checkpoint the parser gave, or null. */
    String checkpoint() {
        return checkpoint;
    }
}
