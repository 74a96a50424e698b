package org.opencirt.common.metrics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The domain metrics on {@code /q/metrics}: {@code opencirt.metrics.*}. */
@ConfigMapping(prefix = "opencirt.metrics")
public interface MetricsConfig {

    /**
     * How often the gauges read from PostgreSQL (outbox lag, indicators per feed, signing key expiry) are read
     * again. Each replica reads them on its own, with one cheap query each; a scrape in between sees the last
     * value read.
     */
    @WithDefault("15s")
    Duration refreshInterval();
}
