package org.opencirt.console.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** The web console ({@code /console}). Login itself is the OIDC tenant {@code console} (quarkus.oidc.console.*). */
@ConfigMapping(prefix = "opencirt.console")
public interface ConsoleConfig {

    /**
     * Secret from which the console derives each session's CSRF token (HMAC of the session id). Set it in
     * production, the same on every replica.
     */
    @WithDefault("local-stack-console-csrf-key-change-me")
    String csrfKey();

    /** Incidents per queue page unless the analyst picks another size (10 to 200). */
    @WithDefault("50")
    int pageSize();

    /**
     * Entries of the audit trail one CSV or JSON download of the console's audit page holds at most (1 to 100000); a
     * filter that matches more is refused with a request to narrow it.
     */
    @WithDefault("10000")
    @Min(1)
    @Max(100000)
    int auditExportMaxRows();
}
