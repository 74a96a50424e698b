package org.opencirt.notification;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Notifications to constituents ({@code opencirt.notifications.*}). */
@ConfigMapping(prefix = "opencirt.notifications")
public interface NotificationConfig {

    /** How often every CIRT's notification run starts ({@code 1h}, {@code 15m}; {@code off}: only by the API). */
    @WithDefault("1h")
    String every();

    /** Messages one run sends at most, per CIRT; the contacts left wait for the next run. */
    @WithDefault("500")
    @Min(1)
    int maxMessagesPerRun();

    /** Events one message carries at most; the rest go in the contact's next message. */
    @WithDefault("5000")
    @Min(1)
    @Max(100_000)
    int maxEventsPerMessage();

    /** The largest attachment of events, in bytes; rows past it wait for the next message. */
    @WithDefault("5242880")
    @Min(1024)
    long maxAttachmentBytes();

    /** SMTP attempts for one message within a run (a failed message is tried again by the next run). */
    @WithDefault("3")
    @Min(1)
    @Max(10)
    int sendAttempts();
}
