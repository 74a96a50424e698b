package org.opencirt.incident.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.opencirt.common.metrics.AfterCommit;
import org.opencirt.incident.model.Channel;

/** {@code opencirt_incidents_created_total{channel, cirt}}: incidents created, counted once committed. */
@ApplicationScoped
class IncidentMetrics {

    private final MeterRegistry registry;
    private final AfterCommit afterCommit;

    IncidentMetrics(MeterRegistry registry, AfterCommit afterCommit) {
        this.registry = registry;
        this.afterCommit = afterCommit;
    }

    void created(String tenant, Channel channel) {
        var counter = Counter.builder("opencirt.incidents.created")
                .description("Incidents created, by intake channel and CIRT")
                .tag("channel", channel.wire())
                .tag("cirt", tenant)
                .register(registry);
        afterCommit.run(counter::increment);
    }
}
