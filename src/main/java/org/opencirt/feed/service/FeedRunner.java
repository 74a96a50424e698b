package org.opencirt.feed.service;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.opencirt.advisory.provider.CsafDownloads;
import org.opencirt.common.outbound.FetchErrors;
import org.opencirt.common.outbound.FetchException;
import org.opencirt.common.problem.ApiException;
import org.opencirt.feed.FeedConfig;
import org.opencirt.feed.definition.FeedDefinition;
import org.opencirt.feed.definition.OwnedFeed;
import org.opencirt.feed.fetch.FeedFetcher;
import org.opencirt.feed.fetch.FetchPolicy;
import org.opencirt.feed.fetch.FetchResult;
import org.opencirt.feed.parse.FeedFormat;
import org.opencirt.feed.parse.FeedFormatException;
import org.opencirt.feed.parse.FeedInput;
import org.opencirt.feed.parse.FeedParsers;
import org.opencirt.feed.repository.FeedStateEntity;
import org.opencirt.incident.service.FeedHitService;
import org.opencirt.indicator.service.IndicatorService;
import org.opencirt.indicator.service.Warninglists;
import org.opencirt.secret.SecretUnavailable;
import org.opencirt.tenant.constituency.ConstituencyService;

/**
 * Runs one feed: fetch (conditional, limited) into a staging file, so that a feed over its limit
 * fails before anything is written; parse as a stream ({@link RunSink}); write indicators in
 * batches ({@link IndicatorBatches}); keep the run's record up to date ({@link RunRecords}).
 *
 * <p>Runs go on virtual threads. At shutdown every run in progress is asked to stop: it stops at
 * its next item, batch or chunk of the fetch, waits for the batches in flight, and is recorded as
 * failed with the code {@code stopped}; its feed's state is not advanced, so the next run fetches
 * everything again.
 */
@ApplicationScoped
public class FeedRunner {

    private static final Logger LOG = Logger.getLogger(FeedRunner.class);
    /** Runs started in the background (manual, start-up) going at once, as with the two threads they once had. */
    private static final int BACKGROUND_RUNS = 2;
    /** How long shutdown waits for the runs it stopped to record their end. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);

    private final FeedConfig config;
    private final RunRecords records;
    private final FeedStates states;
    private final FeedRequests requests;
    private final ItemIndicators items;
    private final IndicatorService indicators;
    private final Warninglists warninglists;
    private final ConstituencyService constituencies;
    private final FeedQuotas quotas;
    private final Clock clock;
    private final IndicatorBatches.Writers writers;
    private final CsafDownloads downloads;
    private final ShadowserverRuns shadowserver;
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("feed-", 0).factory());
    private final Semaphore background = new Semaphore(BACKGROUND_RUNS);
    private final ScheduledExecutorService leases = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("feed-leases").daemon().factory());
    /** The runs going in this instance, by feed; the monitor is notified when one ends. */
    private final Map<String, Run> running = new ConcurrentHashMap<>();

    private volatile boolean closed;

    FeedRunner(
            FeedConfig config,
            RunRecords records,
            FeedStates states,
            FeedRequests requests,
            ItemIndicators items,
            IndicatorService indicators,
            Warninglists warninglists,
            FeedHitService hits,
            DeadLetters deadLetters,
            ConstituencyService constituencies,
            FeedQuotas quotas,
            CsafDownloads downloads,
            ShadowserverRuns shadowserver,
            Clock clock) {
        this.config = config;
        this.records = records;
        this.states = states;
        this.requests = requests;
        this.items = items;
        this.indicators = indicators;
        this.warninglists = warninglists;
        this.constituencies = constituencies;
        this.quotas = quotas;
        this.downloads = downloads;
        this.shadowserver = shadowserver;
        this.clock = clock;
        this.writers = new IndicatorBatches.Writers(
                indicators, deadLetters, hits, records, threads, config.bulkWriters(), config.batchSize());
    }

    /** A run going: its id, whether it was asked to stop, and whether it lost its lease to another replica. */
    static final class Run {
        final UUID id;
        volatile boolean stopped;
        volatile boolean leaseLost;

        Run(UUID id) {
            this.id = id;
        }
    }

    /**
     * Runs a feed now, in the calling thread.
     *
     * @param firing the firing of the schedule the run is for, null for the other triggers
     * @return the run's id (its record holds the outcome)
     * @throws ApiException 409 when the feed is already running (on any replica)
     * @throws FeedQuotas.QuotaExceeded 429 when its CIRT may not start a run now
     */
    public UUID run(OwnedFeed feed, String trigger, Instant firing) {
        var run = begin(feed, trigger, firing);
        execute(feed, run);
        return run.id;
    }

    /**
     * Starts a run in the background.
     *
     * @return the run's id, already recorded as running
     * @throws ApiException 409 when the feed is already running (on any replica)
     * @throws FeedQuotas.QuotaExceeded 429 when its CIRT may not start a run now
     */
    public UUID runInBackground(OwnedFeed feed, String trigger) {
        var run = begin(feed, trigger, null);
        threads.execute(() -> {
            background.acquireUninterruptibly();
            try {
                execute(feed, run);
            } finally {
                background.release();
            }
        });
        return run.id;
    }

    /**
     * Records a run that was not started because its CIRT is over a quota or the feed is running
     * (shown in the run history, not an error).
     *
     * @param firing the firing of the schedule it was for, null for the other triggers
     */
    public void skipped(OwnedFeed feed, String trigger, Instant firing, String reason) {
        records.skipped(feed, trigger, firing, reason);
    }

    private Run begin(OwnedFeed feed, String trigger, Instant firing) {
        if (closed) {
            throw ApiException.conflict("The service is stopping; run feed '%s' later".formatted(feed.id()));
        }
        var run = new Run(UUID.randomUUID());
        // the lease in PostgreSQL decides, across replicas
        records.start(run.id, feed, trigger, firing);
        running.put(feed.qualifiedName(), run);
        return run;
    }

    @WithSpan("feed.run")
    void execute(OwnedFeed owned, Run run) {
        Span.current().setAttribute("feed", owned.qualifiedName());
        var feed = owned.definition();
        var counts = new RunCounts();
        Path staged = null;
        FetchPolicy policy = null;
        try {
            // inside the try: a failure here must still finish the run and release the feed
            var budget = owned.isPlatformFeed() ? Long.MAX_VALUE : quotas.bytesLeftToday(owned.owner());
            policy = requests.policy(feed, budget);
            var state = states.find(owned);
            var fetcher = new FeedFetcher(policy);
            var headers = requests.credentials(owned, counts);
            if (feed.format() == FeedFormat.SHADOWSERVER) {
                try {
                    var outcome = shadowserver.run(owned, run, counts, fetcher, state, budget);
                    records.finish(run.id, counts, outcome.notModified() ? "not-modified" : "succeeded", null, null);
                } finally {
                    if (!owned.isPlatformFeed()) {
                        quotas.fetched(owned.owner(), counts.fetchedBytes);
                    }
                }
                return;
            }
            if (!feed.format().readByParser()) {
                csafProvider(owned, run, counts, new FetcherSite(fetcher, headers, counts, run, budget), state);
                return;
            }
            var result = fetcher.fetch(requests.firstRequest(feed, headers, state));
            if (result instanceof FetchResult.NotModified) {
                records.finish(run.id, counts, "not-modified", null, null);
                return;
            }
            var fetched = (FetchResult.Fetched) result;
            staged = Files.createTempFile("opencirt-feed-", ".body");
            try (InputStream body = fetched.body()) {
                counts.fetchedBytes = stage(body, staged, run);
            }
            if (!owned.isPlatformFeed()) {
                quotas.fetched(owned.owner(), counts.fetchedBytes);
            }
            var constituency = QuarkusTransaction.requiringNew().call(constituencies::matcher);
            var batches = new IndicatorBatches(writers, feed, run.id, counts, constituency);
            var sink = new RunSink(
                    feed,
                    counts,
                    batches,
                    items,
                    warninglists,
                    clock.instant(),
                    config.invalidSamples(),
                    () -> run.stopped);
            try (var in = new BufferedInputStream(Files.newInputStream(staged))) {
                FeedParsers.of(feed.format(), clock)
                        .parse(
                                new FeedInput(
                                        in,
                                        requests.target(feed).toString(),
                                        requests.extraFetcher(fetcher, policy, feed, headers),
                                        state == null ? null : state.checkpoint),
                                feed.optionsOrDefaults(),
                                sink);
            } catch (RunStopped e) {
                batches.awaitWrites(false);
                throw e;
            }
            batches.awaitWrites(true);
            // a finished run's indicators match at once: an incident created right after the run
            // is looked up against them
            indicators.refresh();
            states.save(
                    owned,
                    fetched.etag(),
                    fetched.lastModified(),
                    sink.checkpoint() != null ? sink.checkpoint() : state == null ? null : state.checkpoint);
            records.finish(run.id, counts, counts.invalid + counts.failed > 0 ? "partial" : "succeeded", null, null);
        } catch (IOException | RuntimeException e) {
            if (run.leaseLost) {
                LOG.warnf("feed %s run %s stopped: it lost its lease, its record says abandoned", feed.id(), run.id);
            } else if (run.stopped) {
                records.finish(
                        run.id,
                        counts,
                        "failed",
                        "stopped",
                        "the service stopped during the run; the next run fetches the feed again");
            } else {
                failed(feed, run.id, counts, policy, e);
            }
        } finally {
            ended(owned, run);
            if (staged != null) {
                try {
                    Files.deleteIfExists(staged);
                } catch (IOException e) {
                    LOG.warnf("could not delete %s", staged);
                }
            }
        }
    }

    /**
     * A {@code csaf-provider} feed: the CSAF downloader reads what the provider listed since the last
     * run's checkpoint and keeps the documents it trusts as the CIRT's vendor advisories; a rejected
     * document is an invalid entry of the run, with its URL and reasons.
     */
    private void csafProvider(OwnedFeed owned, Run run, RunCounts counts, FetcherSite site, FeedStateEntity state) {
        var feed = owned.definition();
        var since = state == null || state.checkpoint == null ? null : Instant.parse(state.checkpoint);
        CsafDownloads.Outcome outcome;
        try {
            outcome = downloads.download(
                    owned.owner(),
                    feed.id(),
                    site,
                    requests.target(feed).toString(),
                    since,
                    config.csafMaxDocuments(),
                    () -> run.stopped);
        } catch (CsafDownloads.Stopped e) {
            throw new RunStopped();
        } finally {
            if (!owned.isPlatformFeed()) {
                quotas.fetched(owned.owner(), counts.fetchedBytes);
            }
        }
        if (outcome.problem() != null) {
            records.finish(run.id, counts, "failed", "csaf-provider", outcome.problem());
            return;
        }
        counts.parsed = outcome.read();
        counts.created = outcome.created();
        counts.updated = outcome.updated();
        counts.incidents = outcome.incidents();
        var position = 0;
        for (var rejection : outcome.rejected()) {
            counts.invalid(position++, rejection.reason(), rejection.url(), config.invalidSamples());
        }
        states.save(
                owned,
                null,
                null,
                outcome.checkpoint() == null ? null : outcome.checkpoint().toString());
        records.finish(run.id, counts, counts.invalid > 0 ? "partial" : "succeeded", null, null);
    }

    /** Copies the fetched body into the staging file, stopping between two chunks when the run is asked to. */
    private static long stage(InputStream body, Path staged, Run run) throws IOException {
        long total = 0;
        try (var out = Files.newOutputStream(staged)) {
            var buffer = new byte[64 * 1024];
            for (int n; (n = body.read(buffer)) >= 0; ) {
                if (run.stopped) {
                    throw new RunStopped();
                }
                out.write(buffer, 0, n);
                total += n;
            }
        }
        return total;
    }

    /**
     * Records a failed run with a short code and a sanitised message. Failures of the fetch and of
     * the secret are described by their kind, never by their text (which can quote an error body
     * that echoes the credential, or a file); a feed that cannot be read says what is wrong with it
     * (the parsers quote at most 200 characters of the feed); anything else is the service's own
     * failure, logged in full under an error id that the run shows.
     */
    private void failed(FeedDefinition feed, UUID runId, RunCounts counts, FetchPolicy policy, Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof FetchException fetch) {
                var described = FetchErrors.describe(fetch, policy);
                records.finish(runId, counts, "failed", described.code(), described.message());
                return;
            }
            if (cause instanceof SecretUnavailable secret) {
                records.finish(runId, counts, "failed", secret.code(), secret.getMessage());
                return;
            }
        }
        if (e instanceof FeedFormatException format) {
            records.finish(runId, counts, "failed", "feed-format", format.getMessage());
            return;
        }
        var errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "feed %s run %s failed (error %s)", feed.id(), runId, errorId);
        records.finish(
                runId,
                counts,
                "failed",
                "internal",
                "the run failed inside the service (error %s in the server log)".formatted(errorId));
    }

    private void ended(OwnedFeed feed, Run run) {
        synchronized (running) {
            running.remove(feed.qualifiedName(), run);
            running.notifyAll();
        }
    }

    /** Renews the leases of the runs going here, and abandons those of stopped replicas, every third of the lease. */
    void onStart(@Observes StartupEvent event) {
        var every = Math.max(1, config.lease().toMillis() / 3);
        leases.scheduleWithFixedDelay(this::renewLeases, every, every, TimeUnit.MILLISECONDS);
    }

    /** One lease tick; a failure (the database away) is logged and the next tick tries again. */
    void renewLeases() {
        try {
            var runs = List.copyOf(running.values());
            var held = records.renew(runs.stream().map(run -> run.id).toList());
            for (var run : runs) {
                if (!held.contains(run.id)) {
                    // another replica took the feed: this run must not write on
                    run.leaseLost = true;
                    run.stopped = true;
                }
            }
            QuarkusTransaction.requiringNew().run(records::abandonExpired);
        } catch (RuntimeException e) {
            LOG.warnf("feed run leases could not be renewed: %s", e.getMessage());
        }
    }

    /** At shutdown: no new runs; the runs going stop and record it; then the threads end. */
    void onStop(@Observes ShutdownEvent event) {
        closed = true;
        stopRuns();
        if (!awaitRunsEnded(SHUTDOWN_GRACE)) {
            LOG.warnf("%d feed run(s) did not stop within %s", running.size(), SHUTDOWN_GRACE);
        }
        threads.shutdownNow();
        leases.shutdownNow();
    }

    /** Asks every run going in this instance to stop. @return their ids */
    List<UUID> stopRuns() {
        var runs = List.copyOf(running.values());
        runs.forEach(run -> run.stopped = true);
        return runs.stream().map(run -> run.id).toList();
    }

    /** Waits until no run is going in this instance, at most {@code grace}. @return true when none is */
    boolean awaitRunsEnded(Duration grace) {
        var deadline = System.nanoTime() + grace.toNanos();
        synchronized (running) {
            try {
                for (long left = grace.toNanos(); !running.isEmpty() && left > 0; left = deadline - System.nanoTime()) {
                    TimeUnit.NANOSECONDS.timedWait(running, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return running.isEmpty();
        }
    }
}
