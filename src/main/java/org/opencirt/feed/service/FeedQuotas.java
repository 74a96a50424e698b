package org.opencirt.feed.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import org.opencirt.common.metrics.QuotaRejections;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.Problem;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.common.problem.TooManyRequests;
import org.opencirt.common.usage.UsageCounters;
import org.opencirt.feed.FeedConfig;
import org.opencirt.feed.repository.FeedRepositories;
import org.quartz.CronExpression;

/**
 * Fair use of the platform by the CIRTs' own feeds ({@code opencirt.feeds.quota.*}): how many
 * feeds, how often they run, how many bytes they fetch per day and how many runs go at once.
 * What is counted lives in PostgreSQL, so every replica enforces the same quota. Platform feeds
 * have none.
 */
@ApplicationScoped
public class FeedQuotas {

    static final String FETCHED_BYTES = "feed-bytes";
    /** Fire times of a schedule looked at for its shortest interval (cron fields repeat well within this). */
    private static final int FIRE_TIMES_CHECKED = 200;
    /** When a CIRT's run is going, a client may try again after this. */
    private static final long RUN_GOING_RETRY_SECONDS = 30;

    private final FeedConfig.Quota quota;
    private final UsageCounters usage;
    private final FeedRepositories.Feeds feeds;
    private final FeedRepositories.Runs runs;
    private final Clock clock;

    @Inject
    QuotaRejections rejections;

    FeedQuotas(
            FeedConfig config,
            UsageCounters usage,
            FeedRepositories.Feeds feeds,
            FeedRepositories.Runs runs,
            Clock clock) {
        this.quota = config.quota();
        this.usage = usage;
        this.feeds = feeds;
        this.runs = runs;
        this.clock = clock;
    }

    /** A run refused because its CIRT is over a quota: 429 with {@code Retry-After}. */
    public static final class QuotaExceeded extends TooManyRequests {
        QuotaExceeded(String detail, long retryAfterSeconds) {
            super(detail, retryAfterSeconds);
        }
    }

    /** A CIRT's use of its feed quotas. */
    public record Usage(
            long feeds,
            int maxFeeds,
            long fetchedBytesToday,
            long bytesPerDay,
            long runsGoing,
            int concurrentRuns,
            Duration minInterval) {

        /** Fetched today in whole megabytes, rounded up, for the console. */
        public long fetchedMegabytesToday() {
            return (fetchedBytesToday + 999_999) / 1_000_000;
        }

        public long megabytesPerDay() {
            return bytesPerDay / 1_000_000;
        }
    }

    /** What a CIRT uses of its quotas now. */
    public Usage usage(String tenant) {
        var now = clock.instant();
        return new Usage(
                feeds.countOf(tenant),
                quota.maxFeeds(),
                usage.used(tenant, FETCHED_BYTES, today(now)),
                quota.bytesPerDay(),
                runs.going(tenant),
                quota.concurrentRuns(),
                quota.minInterval());
    }

    /**
     * Checks that a CIRT may add one more feed; the caller holds the CIRT's quota lock.
     *
     * @throws ApiException 400 when it has as many as it may
     */
    void checkFeedCount(String tenant, long count) {
        if (count >= quota.maxFeeds()) {
            throw new ApiException(
                    ProblemType.VALIDATION,
                    "Your CIRT has %d feeds, the most it may have; change or disable one of them instead"
                            .formatted(count),
                    List.of(new Problem.Violation(
                            "/", "one feed more than your CIRT's quota of %d".formatted(quota.maxFeeds()))));
        }
    }

    /**
     * Checks that a CIRT feed's schedule runs no more often than the quota allows.
     *
     * @throws ApiException 400 pointing at {@code /schedule}
     */
    void checkSchedule(String schedule) {
        if (schedule == null) {
            return;
        }
        var shortest = shortestInterval(schedule, clock.instant());
        if (shortest.compareTo(quota.minInterval()) < 0) {
            throw ApiException.invalid(
                    "/schedule",
                    "runs again after %s at the shortest; a CIRT's feed may run at most every %s"
                            .formatted(shortest, quota.minInterval()));
        }
    }

    /** The shortest time between two fire times of a cron expression, over its next fire times after {@code from}. */
    static Duration shortestInterval(String schedule, Instant from) {
        CronExpression cron;
        try {
            cron = new CronExpression(schedule);
        } catch (java.text.ParseException e) {
            throw ApiException.invalid("/schedule", "is not a Quartz cron expression");
        }
        cron.setTimeZone(java.util.TimeZone.getTimeZone(ZoneOffset.UTC));
        var shortest = ChronoUnit.FOREVER.getDuration();
        var previous = cron.getNextValidTimeAfter(Date.from(from));
        for (int i = 0; i < FIRE_TIMES_CHECKED && previous != null; i++) {
            var next = cron.getNextValidTimeAfter(previous);
            if (next == null) {
                break;
            }
            var gap = Duration.ofMillis(next.getTime() - previous.getTime());
            shortest = gap.compareTo(shortest) < 0 ? gap : shortest;
            previous = next;
        }
        return shortest;
    }

    /**
     * Checks, in the transaction that records a run as started, that a CIRT may start one more:
     * fewer runs going than it may have at once, and bytes left today. Holds the CIRT's quota
     * lock until that transaction ends, so two replicas cannot both take the last slot.
     *
     * @throws QuotaExceeded (429) naming the quota and when to try again
     */
    void checkRunAllowed(String tenant) {
        feeds.lockQuotaOf(tenant);
        var now = clock.instant();
        var going = runs.going(tenant);
        if (going >= quota.concurrentRuns()) {
            rejections.rejected(QuotaRejections.Kind.FEED_RUNS);
            throw new QuotaExceeded(
                    "Your CIRT already has %d feed run(s) going, the most it may have at once; try again when %s finished"
                            .formatted(going, going == 1 ? "it has" : "one has"),
                    RUN_GOING_RETRY_SECONDS);
        }
        if (bytesLeftToday(tenant) <= 0) {
            rejections.rejected(QuotaRejections.Kind.FEED_BYTES);
            var midnight = today(now).plus(Duration.ofDays(1));
            throw new QuotaExceeded(
                    "Your CIRT's feeds fetched their %d bytes for today; runs resume at 00:00 UTC"
                            .formatted(quota.bytesPerDay()),
                    Math.max(1, Duration.between(now, midnight).toSeconds()));
        }
    }

    /** The bytes a CIRT's feeds may still fetch today. */
    long bytesLeftToday(String tenant) {
        return quota.bytesPerDay() - usage.used(tenant, FETCHED_BYTES, today(clock.instant()));
    }

    /** Counts bytes a CIRT's feed fetched. */
    void fetched(String tenant, long bytes) {
        if (bytes > 0) {
            usage.add(tenant, FETCHED_BYTES, today(clock.instant()), bytes);
        }
    }

    private static Instant today(Instant now) {
        return now.truncatedTo(ChronoUnit.DAYS);
    }
}
