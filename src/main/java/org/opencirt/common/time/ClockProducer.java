package org.opencirt.common.time;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The service's one source of the current time: beans inject {@link Clock} (UTC) and ask it, never
 * {@code Instant.now()}, so that tests move time instead of waiting for it (docs/adr/0020). The tests
 * put a clock of their own in its place, which a default bean allows without a test profile.
 */
@Singleton
public class ClockProducer {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
