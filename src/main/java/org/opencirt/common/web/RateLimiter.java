package org.opencirt.common.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.opencirt.common.crypto.Digests;
import org.opencirt.common.usage.UsageCounters;

/**
 * Counts requests per key (a client address, a client id) in fixed windows, in PostgreSQL
 * ({@link UsageCounters}): every replica counts in the same row, so N replicas behind a load
 * balancer give a client the limit once, not N times.
 */
public final class RateLimiter {

    /** The {@code usage_counter} rows of rate limits belong to no CIRT. */
    static final String SCOPE = "-";
    /** The width of {@code usage_counter.counter}: longer keys are hashed. */
    private static final int COUNTER_LENGTH = 64;

    private final UsageCounters usage;
    private final String name;
    private final int limit;
    private final long windowMillis;
    private final Clock clock;

    /**
     * @param name what is limited, which names its counters ({@code public-report})
     */
    public RateLimiter(UsageCounters usage, String name, int limit, Duration window, Clock clock) {
        this.usage = usage;
        this.name = name;
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    /** Counts one request for the key. @return true when it is within the limit */
    public boolean tryAcquire(String key) {
        return usage.tryTake(SCOPE, counter(key), windowStart(), limit);
    }

    /** True when the key used up its window's limit: the next {@link #tryAcquire} would refuse. Counts nothing. */
    public boolean isExhausted(String key) {
        return usage.used(SCOPE, counter(key), windowStart()) >= limit;
    }

    /** Seconds until the current window ends (at least 1). */
    public long retryAfterSeconds() {
        var now = clock.millis();
        return Math.max(1, (windowStart(now) + windowMillis - now + 999) / 1000);
    }

    private Instant windowStart() {
        return Instant.ofEpochMilli(windowStart(clock.millis()));
    }

    private long windowStart(long now) {
        return now - Math.floorMod(now, windowMillis);
    }

    private String counter(String key) {
        var counter = name + ':' + key;
        return counter.length() <= COUNTER_LENGTH
                ? counter
                : name + ':' + Digests.sha256Hex(key).substring(0, 40);
    }
}
