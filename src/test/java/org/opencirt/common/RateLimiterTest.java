package org.opencirt.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencirt.common.usage.UsageCounters;
import org.opencirt.common.web.RateLimiter;

/** Rate limits count in PostgreSQL: two limiters (as on two replicas) share one count per key. */
@QuarkusTest
class RateLimiterTest {

    /** A clock the test moves by hand, at the start of a ten-minute window. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-29T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Inject
    UsageCounters usage;

    @Test
    void countsPerKeyAndForgetsAfterTheWindow() {
        var clock = new ManualClock();
        var limiter = new RateLimiter(
                usage, "test-" + UUID.randomUUID().toString().substring(0, 8), 2, Duration.ofMinutes(10), clock);
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.isExhausted("a")).isFalse();
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.isExhausted("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isFalse();
        assertThat(limiter.tryAcquire("b")).isTrue();
        assertThat(limiter.retryAfterSeconds()).isEqualTo(600);

        clock.now = clock.now.plus(Duration.ofMinutes(4));
        assertThat(limiter.retryAfterSeconds()).isEqualTo(360);
        assertThat(limiter.tryAcquire("a")).isFalse();

        clock.now = clock.now.plus(Duration.ofMinutes(6));
        assertThat(limiter.tryAcquire("a")).isTrue();
    }

    @Test
    void twoReplicasShareOneLimit() {
        var clock = new ManualClock();
        var name = "test-" + UUID.randomUUID().toString().substring(0, 8);
        var replicaA = new RateLimiter(usage, name, 3, Duration.ofHours(1), clock);
        var replicaB = new RateLimiter(usage, name, 3, Duration.ofHours(1), clock);
        assertThat(replicaA.tryAcquire("198.51.100.7")).isTrue();
        assertThat(replicaB.tryAcquire("198.51.100.7")).isTrue();
        assertThat(replicaA.tryAcquire("198.51.100.7")).isTrue();
        assertThat(replicaB.tryAcquire("198.51.100.7"))
                .as("the fourth, on the other replica")
                .isFalse();
        assertThat(replicaA.isExhausted("198.51.100.7")).isTrue();
    }

    @Test
    void aLongKeyIsCountedUnderItsHash() {
        var clock = new ManualClock();
        var limiter = new RateLimiter(usage, "test-long", 1, Duration.ofMinutes(1), clock);
        var longKey = "client-".repeat(40) + UUID.randomUUID();
        assertThat(limiter.tryAcquire(longKey)).isTrue();
        assertThat(limiter.tryAcquire(longKey)).isFalse();
        assertThat(limiter.tryAcquire(longKey + "x")).as("another long key").isTrue();
    }

    @Test
    void windowsOlderThanAWeekAreForgotten() {
        var name = "test-" + UUID.randomUUID().toString().substring(0, 8);
        var old = Instant.now().minus(Duration.ofDays(9));
        var recent = Instant.now().minus(Duration.ofDays(2));
        usage.add("-", name, old, 5);
        usage.add("-", name, recent, 7);
        assertThat(usage.purge()).isGreaterThanOrEqualTo(1);
        assertThat(usage.used("-", name, old)).isZero();
        assertThat(usage.used("-", name, recent)).isEqualTo(7);
    }
}
