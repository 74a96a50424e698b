package org.opencirt.indicator.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * Removes expired indicators from the index. They never match anyway (matching filters on
 * {@code expires_at}); this keeps the index small. A clustered Quartz job: once per cluster.
 */
@ApplicationScoped
class IndicatorExpiry {

    private static final Logger LOG = Logger.getLogger(IndicatorExpiry.class);
    static final int MAX_PER_RUN = 1_000_000;

    private final IndicatorService indicators;

    IndicatorExpiry(IndicatorService indicators) {
        this.indicators = indicators;
    }

    @Scheduled(identity = "indicator-expiry", every = "${opencirt.indicators.expiry-interval:1h}", delayed = "5m")
    void removeExpired() {
        try {
            var removed = indicators.removeExpired(MAX_PER_RUN);
            if (removed > 0) {
                LOG.infof("removed %d expired indicator(s)", removed);
            }
        } catch (IOException e) {
            LOG.warnf("expired indicators not removed, search is unavailable: %s", e.getMessage());
        }
    }
}
