package org.opencirt.common.web;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts requests per key (a client address) in fixed windows. In memory, per replica: with N
 * replicas behind a load balancer a client gets up to N times the limit, which is acceptable for
 * slowing down abuse of the public intake; a shared limit needs the ingress to enforce it.
 */
public final class RateLimiter {

    private record Window(long start, int count) {}

    private final int limit;
    private final long windowMillis;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public RateLimiter(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    /** Counts one request for the key. @return true when it is within the limit */
    public boolean tryAcquire(String key) {
        var now = clock.millis();
        if (windows.size() > 100_000) {
            windows.values().removeIf(w -> now - w.start() >= windowMillis);
        }
        var window = windows.compute(
                key,
                (k, w) -> w == null || now - w.start() >= windowMillis
                        ? new Window(now, 1)
                        : new Window(w.start(), w.count() + 1));
        return window.count() <= limit;
    }

    /** True when the key used up its window's limit: the next {@link #tryAcquire} would refuse. Counts nothing. */
    public boolean isExhausted(String key) {
        var window = windows.get(key);
        return window != null && clock.millis() - window.start() < windowMillis && window.count() >= limit;
    }

    /** Seconds until the key's window ends. */
    public long retryAfterSeconds(String key) {
        var window = windows.get(key);
        return window == null ? 0 : Math.max(1, (window.start() + windowMillis - clock.millis() + 999) / 1000);
    }
}
