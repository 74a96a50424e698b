package org.opencirt.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** Retention's settings (docs/retention.md): how often the job runs, and the rules of a CIRT that set none. */
@ConfigMapping(prefix = "opencirt.retention")
public interface RetentionConfig {

    /**
     * How often the retention job runs over every CIRT (a Quarkus {@code every} value such as {@code 1h}, or
     * {@code off}).
     */
    @WithDefault("6h")
    String every();

    /** How many incidents the job handles per query; each is deleted or pseudonymised in its own transaction. */
    @WithDefault("100")
    @Min(1)
    @Max(10_000)
    int batchSize();

    /**
     * How long an unfinished run may go without a heartbeat before another replica closes it as abandoned and
     * runs the CIRT again. Longer than one batch takes.
     */
    @WithDefault("PT15M")
    Duration lease();

    /** The defaults of a CIRT that has not set its own rules. */
    Defaults defaults();

    /** The rules a CIRT has until its lead or admin sets others (the reasons are in docs/retention.md). */
    interface Defaults {

        /** Months a closed incident is kept after it was closed. */
        @WithDefault("36")
        int closedIncidentMonths();

        /** Months after an incident closed until its reporter's personal data is pseudonymised. */
        @WithDefault("12")
        int reporterDataMonths();

        /** Months audit entries are kept at least; never shorter than the two periods above. */
        @WithDefault("72")
        int auditMonths();
    }
}
