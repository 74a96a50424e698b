package org.opencirt.testing;

import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The clock of the service in every {@code @QuarkusTest}: the system's UTC clock plus an offset that a
 * test moves forward instead of sleeping, and puts back when it is done (a bean of the tests takes the
 * place of the service's default {@link Clock}, so no test profile and no restart is needed).
 *
 * <pre>{@code
 * @Inject MovableClock clock;
 * ...
 * try {
 *     clock.advance(Duration.ofHours(1));
 *     ...
 * } finally {
 *     clock.reset();
 * }
 * }</pre>
 *
 * Time in PostgreSQL ({@code now()}), Elasticsearch and Quartz is not moved: only what the service's beans read.
 */
@Singleton
public class MovableClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    /** Moves the service's time forward (or back, with a negative duration) by {@code by}. */
    public void advance(Duration by) {
        offset.accumulateAndGet(by, Duration::plus);
    }

    /** Puts the service's time back to the system's. */
    public void reset() {
        offset.set(Duration.ZERO);
    }

    /** How far the service's time is from the system's. */
    public Duration offset() {
        return offset.get();
    }

    @Override
    public Instant instant() {
        return Clock.systemUTC().instant().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(Clock.system(zone), offset.get());
    }
}
