package org.opencirt.incident.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.opencirt.common.Tlp;
import org.opencirt.incident.model.Pap;
import org.opencirt.incident.model.Priority;
import org.opencirt.incident.model.Severity;

/** Limits and defaults of incidents. */
@ConfigMapping(prefix = "opencirt.incidents")
public interface IncidentConfig {

    /** Observables one incident may hold; adding more answers 422. */
    @WithDefault("1000")
    @Min(1)
    @Max(100_000)
    int maxObservables();

    /** Largest attachment, in bytes (the request body limit applies too). */
    @WithDefault("10485760")
    @Min(1)
    long maxAttachmentBytes();

    /** Attachments one incident may hold. */
    @WithDefault("100")
    @Min(1)
    int maxAttachments();

    /** Severity of an incident created without one. */
    @WithDefault("MEDIUM")
    Severity defaultSeverity();

    /** Priority of an incident created without one. */
    @WithDefault("P3")
    Priority defaultPriority();

    /** TLP of an incident created without one: AMBER, the usual label of an incident report. */
    @WithDefault("AMBER")
    Tlp defaultTlp();

    /** PAP of an incident created without one. */
    @WithDefault("AMBER")
    Pap defaultPap();

    /** E-mail intake. */
    Email email();

    interface Email {

        /**
         * Whether the sender of an e-mail that opens an incident gets an acknowledgement naming
         * the reference, with the reply token in its subject so that a reply threads. Turn off
         * where the mail gateway acknowledges itself (or to avoid backscatter to forged senders).
         */
        @WithDefault("true")
        boolean acknowledge();
    }

    /** Public reporting. */
    PublicReports publicReports();

    interface PublicReports {

        /** Reports accepted from one client address per window. */
        @WithDefault("10")
        @Min(1)
        int perAddress();

        /** The rate-limit window. */
        @WithDefault("1h")
        Duration window();

        /** Longest description of a public report, in characters. */
        @WithDefault("20000")
        @Min(100)
        int maxDescription();

        /** Observables extracted at most from a public report. */
        @WithDefault("200")
        @Min(0)
        int maxObservables();
    }
}
