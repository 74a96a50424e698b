package org.opencirt.feed.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.opencirt.feed.definition.OwnedFeed;
import org.opencirt.feed.repository.FeedRepositories;
import org.opencirt.feed.repository.FeedRunEntity;

/** The rows of the run history ({@code feed_run}): a run's start, its live counts, its end. */
@ApplicationScoped
class RunRecords {

    private static final Logger LOG = Logger.getLogger(RunRecords.class);
    private static final long PROGRESS_LOG_INTERVAL_NANOS = 10_000_000_000L;
    /** The run row's live counts are written at most this often (the final counts always are). */
    private static final long PROGRESS_SAVE_INTERVAL_NANOS = 1_000_000_000L;

    private final FeedRepositories.Runs runs;
    private final FeedQuotas quotas;
    private final ObjectMapper json;
    private final Clock clock;

    @Inject
    FeedMetrics metrics;

    RunRecords(FeedRepositories.Runs runs, FeedQuotas quotas, ObjectMapper json, Clock clock) {
        this.runs = runs;
        this.quotas = quotas;
        this.json = json;
        this.clock = clock;
    }

    /** Records a run as running, once its CIRT's quotas allow it. @throws FeedQuotas.QuotaExceeded when they do not */
    void start(UUID runId, OwnedFeed feed, String trigger) {
        QuarkusTransaction.requiringNew().run(() -> {
            if (!feed.isPlatformFeed()) {
                quotas.checkRunAllowed(feed.owner());
            }
            runs.persist(newRun(runId, feed, trigger));
        });
        LOG.infof("feed %s: run %s started (%s)", feed.qualifiedName(), runId, trigger);
    }

    /** Records a run that was not started because its CIRT is over a quota (shown in the run history, not an error). */
    void skipped(OwnedFeed feed, String trigger, String reason) {
        QuarkusTransaction.requiringNew().run(() -> {
            var run = newRun(UUID.randomUUID(), feed, trigger);
            run.status = "skipped";
            run.error = reason;
            run.finishedAt = run.startedAt;
            runs.persist(run);
            metrics.finished(run.tenant, run.status, 0);
        });
        LOG.debugf("feed %s: %s run skipped: %s", feed.qualifiedName(), trigger, reason);
    }

    private FeedRunEntity newRun(UUID runId, OwnedFeed feed, String trigger) {
        var run = new FeedRunEntity();
        run.id = runId;
        run.tenant = feed.owner();
        run.feedId = feed.id();
        run.trigger = trigger;
        run.status = "running";
        run.startedAt = clock.instant();
        return run;
    }

    /** Saves a run's counts so far, at most once a second. */
    void progress(UUID runId, RunCounts counts) {
        var now = System.nanoTime();
        synchronized (counts) {
            if (now - counts.lastSaved < PROGRESS_SAVE_INTERVAL_NANOS) {
                return;
            }
            counts.lastSaved = now;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            synchronized (counts) {
                copy(runs.findById(runId), counts);
            }
        });
        if (now - counts.lastLogged > PROGRESS_LOG_INTERVAL_NANOS) {
            counts.lastLogged = now;
            LOG.infof(
                    "feed run %s in progress: %d parsed, %d new, %d updated, %d invalid",
                    runId, counts.parsed, counts.created, counts.updated, counts.invalid);
        }
    }

    /** Records a run's end: its status, final counts and (redacted) error. */
    void finish(UUID runId, RunCounts counts, String status, String errorCode, String unredactedError) {
        var error = counts.redacted(unredactedError);
        QuarkusTransaction.requiringNew().run(() -> {
            var run = runs.findById(runId);
            if (run == null) {
                return;
            }
            synchronized (counts) {
                copy(run, counts);
            }
            run.status = status;
            run.errorCode = errorCode;
            run.error = error;
            run.finishedAt = clock.instant();
            metrics.finished(run.tenant, status, counts.created + counts.updated);
        });
        LOG.infof(
                "feed run %s: %s (%d parsed, %d invalid, %d warninglisted, %d new, %d updated, %d failed, %d matches, %d incidents)%s",
                runId,
                status,
                counts.parsed,
                counts.invalid,
                counts.warninglisted,
                counts.created,
                counts.updated,
                counts.failed,
                counts.matches,
                counts.incidents,
                error == null ? "" : ": %s (%s)".formatted(errorCode, error));
    }

    private void copy(FeedRunEntity run, RunCounts counts) {
        run.fetchedBytes = counts.fetchedBytes;
        run.parsed = counts.parsed;
        run.invalid = counts.invalid;
        run.warninglisted = counts.warninglisted;
        run.created = counts.created;
        run.updated = counts.updated;
        run.failed = counts.failed;
        run.matches = counts.matches;
        run.incidents = counts.incidents;
        try {
            run.invalidSamples = json.writeValueAsString(counts.samples);
        } catch (JsonProcessingException e) {
            run.invalidSamples = "[]";
        }
    }
}
