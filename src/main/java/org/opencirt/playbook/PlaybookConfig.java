package org.opencirt.playbook;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Triage playbooks ({@code opencirt.playbooks.*}). */
@ConfigMapping(prefix = "opencirt.playbooks")
public interface PlaybookConfig {

    /** Folder of the shipped playbooks ({@code *.yaml}); a bad file stops start-up. */
    @WithDefault("playbooks")
    String dir();

    /** Whether the engine runs playbooks after incident changes (dry-run and backtest work either way). */
    @WithDefault("true")
    boolean enabled();

    /** Passes the engine runs at once (each works on one incident). */
    @WithDefault("2")
    int workers();

    /** Incidents a backtest looks at, at most. */
    @WithDefault("200000")
    int backtestMaxIncidents();

    /** Playbooks a CIRT may add through the API. */
    @WithDefault("100")
    int maxPerCirt();

    /** Recipients one playbook e-mail goes to at most (the members of a role, for {@code to-role}). */
    @WithDefault("50")
    @jakarta.validation.constraints.Min(1)
    @jakarta.validation.constraints.Max(1000)
    int emailMaxRecipients();

    /** Webhooks: time to connect and to answer. */
    @WithDefault("PT5S")
    Duration webhookTimeout();

    /** Webhook destinations ({@code host:port} or {@code host:low-high}) allowed although they are loopback or private. */
    Optional<Set<String>> webhookAllowedPrivateHosts();

    /**
     * Webhook calls a CIRT's playbooks may make per minute, across replicas; a call over it is
     * not made and its action is recorded as refused.
     */
    @WithDefault("60")
    @Min(0)
    int webhookCallsPerMinute();
}
