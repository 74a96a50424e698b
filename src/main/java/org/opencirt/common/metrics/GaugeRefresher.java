package org.opencirt.common.metrics;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Reads the gauges that come from PostgreSQL on a timer of each replica, not at scrape time: a scrape never
 * waits for the database, and a slow database costs one query per interval, not one per scrape. Not a Quartz
 * job: Quartz is clustered, and every replica must keep its own gauges fresh.
 */
@ApplicationScoped
public class GaugeRefresher {

    private static final Logger LOG = Logger.getLogger(GaugeRefresher.class);

    private final MetricsConfig config;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("metrics-refresh").factory());

    GaugeRefresher(MetricsConfig config) {
        this.config = config;
    }

    /**
     * Runs a refresh now and then every {@code opencirt.metrics.refresh-interval}; a failure is logged and the
     * gauge keeps its last value until the next success.
     *
     * @param name what the task refreshes, for the log
     */
    public void every(String name, Runnable refresh) {
        var interval = config.refreshInterval().toMillis();
        timer.scheduleWithFixedDelay(
                () -> {
                    try {
                        refresh.run();
                    } catch (RuntimeException e) {
                        LOG.debugf("metrics: %s not refreshed: %s", name, e.getMessage());
                    }
                },
                0,
                interval,
                TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
    }
}
