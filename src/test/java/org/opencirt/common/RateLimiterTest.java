package org.opencirt.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.opencirt.common.web.RateLimiter;

class RateLimiterTest {

    /** A clock the test moves by hand. */
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

    @Test
    void countsPerKeyAndForgetsAfterTheWindow() {
        var clock = new ManualClock();
        var limiter = new RateLimiter(2, Duration.ofMinutes(10), clock);
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isTrue();
        assertThat(limiter.tryAcquire("a")).isFalse();
        assertThat(limiter.tryAcquire("b")).isTrue();
        assertThat(limiter.retryAfterSeconds("a")).isEqualTo(600);

        clock.now = clock.now.plus(Duration.ofMinutes(4));
        assertThat(limiter.retryAfterSeconds("a")).isEqualTo(360);
        assertThat(limiter.tryAcquire("a")).isFalse();

        clock.now = clock.now.plus(Duration.ofMinutes(6));
        assertThat(limiter.tryAcquire("a")).isTrue();
    }
}
