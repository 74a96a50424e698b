package org.opencirt.feed.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.opencirt.common.problem.ApiException;
import org.opencirt.feed.FeedConfig;
import org.opencirt.feed.definition.OwnedFeed;
import org.opencirt.feed.repository.FeedRepositories;
import org.opencirt.feed.repository.FeedRunEntity;

/** The rows of the run history ({@code feed_run}): a run's start, its live counts, its end. */
@ApplicationScoped
class RunRecords {

    private static final Logger LOG = Logger.getLogger(RunRecords.class);
    /** This replica, as the run history names it: the host name (a pod's name on Kubernetes) and the process id. */
    static final String HOLDER = "%s/%d"
            .formatted(
                    System.getenv().getOrDefault("HOSTNAME", "localhost"),
                    ProcessHandle.current().pid());

    private static final long PROGRESS_LOG_INTERVAL_NANOS = 10_000_000_000L;
    /** The run row's live counts are written at most this often (the final counts always are). */
    private static final long PROGRESS_SAVE_INTERVAL_NANOS = 1_000_000_000L;

    private final FeedRepositories.Runs runs;
    private final FeedQuotas quotas;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration lease;
    private final FeedMetrics metrics;

    RunRecords(
            FeedRepositories.Runs runs,
            FeedQuotas quotas,
            FeedConfig config,
            FeedMetrics metrics,
            ObjectMapper json,
            Clock clock) {
        this.runs = runs;
        this.quotas = quotas;
        this.lease = config.lease();
        this.metrics = metrics;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Records a run as running, which takes the feed's lease: once its CIRT's quotas allow it, and
     * unless the feed is running on any replica. Runs whose replica stopped are abandoned first.
     *
     * @param firing the firing a scheduled run is for, null for the other triggers
     *
     * @throws ApiException 409 when the feed is already running
     * @throws FeedQuotas.QuotaExceeded when its CIRT's quotas do not allow a run now
     */
    void start(UUID runId, OwnedFeed feed, String trigger, Instant firing) {
        QuarkusTransaction.requiringNew().run(() -> {
            abandonExpired();
            if (runs.isRunning(feed.owner(), feed.id())) {
                throw alreadyRunning(feed);
            }
            if (!feed.isPlatformFeed()) {
                quotas.checkRunAllowed(feed.owner());
            }
            // two replicas may pass the check above at once: the insert decides
            if (!runs.startIfIdle(newRun(runId, feed, trigger, firing))) {
                throw alreadyRunning(feed);
            }
        });
        LOG.infof("feed %s: run %s started (%s)", feed.qualifiedName(), runId, trigger);
    }

    private static ApiException alreadyRunning(OwnedFeed feed) {
        return ApiException.conflict("Feed '%s' is already running".formatted(feed.id()));
    }

    /**
     * Renews the leases of the runs going in this replica.
     *
     * @return those that still hold their lease (another replica abandoned the others)
     */
    Set<UUID> renew(Collection<UUID> runIds) {
        return QuarkusTransaction.requiringNew().call(() -> runs.renew(runIds));
    }

    /** Marks as abandoned the runs whose lease expired (their replica stopped); runs in the caller's transaction. */
    void abandonExpired() {
        var abandoned = runs.abandonExpired(lease);
        abandoned.forEach(tenant -> metrics.finished(tenant, "abandoned", 0));
        if (!abandoned.isEmpty()) {
            LOG.warnf("%d feed run(s) abandoned: their replica stopped without recording their end", abandoned.size());
        }
    }

    /** Records a run that was not started because its CIRT is over a quota (shown in the run history, not an error). */
    void skipped(OwnedFeed feed, String trigger, Instant firing, String reason) {
        QuarkusTransaction.requiringNew().run(() -> {
            var run = newRun(UUID.randomUUID(), feed, trigger, firing);
            run.status = "skipped";
            run.error = reason;
            run.finishedAt = run.startedAt;
            runs.persist(run);
            metrics.finished(run.tenant, run.status, 0);
        });
        LOG.debugf("feed %s: %s run skipped: %s", feed.qualifiedName(), trigger, reason);
    }

    private FeedRunEntity newRun(UUID runId, OwnedFeed feed, String trigger, Instant firing) {
        var run = new FeedRunEntity();
        run.id = runId;
        run.tenant = feed.owner();
        run.feedId = feed.id();
        run.trigger = trigger;
        run.scheduledFor = firing;
        run.status = "running";
        run.startedAt = clock.instant();
        run.heartbeatAt = run.startedAt;
        run.holder = HOLDER;
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
            run.skipped = json.writeValueAsString(counts.skipped);
        } catch (JsonProcessingException e) {
            run.invalidSamples = "[]";
            run.skipped = "{}";
        }
    }
}
