package org.opencirt.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The audit trail's settings (docs/audit.md). */
@ConfigMapping(prefix = "opencirt.audit")
public interface AuditConfig {

    /**
     * The longest an audited request's transaction may run before it is rolled back. It spans the
     * whole operation, including work the operation commits on its own as it goes (a reindex, a
     * large STIX upload), so it is longer than a single service transaction's. At least a second.
     */
    @WithDefault("PT10M")
    Duration transactionTimeout();

    /**
     * Whether changes and sensitive reads are recorded. Only the audit benchmark turns it off, to
     * measure what the trail costs; the service refuses to start with it off in the {@code prod}
     * profile ({@link AuditSwitch}).
     */
    @WithDefault("true")
    boolean enabled();

    /** Keycloak's logins and failed logins in the trail ({@link LoginImport}). */
    Logins logins();

    interface Logins {

        /**
         * How often the logins Keycloak recorded since the last import are brought in: a Quarkus
         * scheduler period such as {@code 1m}, or {@code off}.
         */
        @WithDefault("1m")
        String interval();
    }

    /**
     * When the heads of the CIRTs' chains are signed (docs/audit.md, "Signed heads"): a Quartz cron
     * expression (seconds first), by default every day at 00:30 UTC; {@code off} turns the daily
     * signing off (heads are then signed only on demand). The job runs on one replica at a time.
     */
    @WithDefault(HEAD_SIGNING_DEFAULT)
    String headSigningCron();

    /** The default of {@link #headSigningCron()}, shared with the job's annotation. */
    String HEAD_SIGNING_DEFAULT = "0 30 0 * * ?";
}
