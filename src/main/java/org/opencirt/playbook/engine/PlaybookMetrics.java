package org.opencirt.playbook.engine;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.opencirt.playbook.definition.Trigger;

/**
 * {@code opencirt_playbook_runs_seconds{trigger}}: how long a pass of a CIRT's playbooks over an incident took;
 * {@code opencirt_triage_seconds{cirt}}: from an incident's creation to the end of the playbooks of its
 * creation (the time an analyst waits for triage).
 */
@ApplicationScoped
class PlaybookMetrics {

    private final MeterRegistry registry;

    PlaybookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void pass(Trigger trigger, Duration took) {
        Timer.builder("opencirt.playbook.runs")
                .description("Time a pass of the playbooks of one trigger over an incident took")
                .tag("trigger", trigger.wire())
                .register(registry)
                .record(took);
    }

    void triaged(String tenant, Duration sinceCreated) {
        Timer.builder("opencirt.triage")
                .description("Time from an incident's creation to the end of its incident.created playbooks")
                .tag("cirt", tenant)
                .register(registry)
                .record(sinceCreated.isNegative() ? Duration.ZERO : sinceCreated);
    }
}
