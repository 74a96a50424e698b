package org.opencirt.playbook.notify;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.opencirt.common.metrics.QuotaRejections;
import org.opencirt.common.usage.UsageCounters;
import org.opencirt.playbook.PlaybookConfig;

/**
 * Fair use of webhooks: a CIRT's playbooks make at most {@code opencirt.playbooks.webhook-calls-per-minute}
 * calls per minute, counted in PostgreSQL so that every replica takes from the same count.
 */
@ApplicationScoped
public class WebhookQuota {

    static final String CALLS = "webhook-calls";

    private final UsageCounters usage;
    private final int perMinute;
    private final Clock clock;
    private final QuotaRejections rejections;

    WebhookQuota(UsageCounters usage, PlaybookConfig config, Clock clock, QuotaRejections rejections) {
        this.usage = usage;
        this.perMinute = config.webhookCallsPerMinute();
        this.clock = clock;
        this.rejections = rejections;
    }

    /** A CIRT's webhook calls in the current minute, against its quota. */
    public record Usage(long callsThisMinute, int callsPerMinute) {}

    public Usage usage(String tenant) {
        return new Usage(usage.used(tenant, CALLS, minute()), perMinute);
    }

    /**
     * Takes one webhook call of the CIRT's current minute.
     *
     * @throws Notifier.NotificationFailed when the CIRT made all its calls of this minute (the call is not made)
     */
    public void take(String tenant) {
        if (!usage.tryTake(tenant, CALLS, minute(), perMinute)) {
            rejections.rejected(QuotaRejections.Kind.WEBHOOKS);
            throw new Notifier.NotificationFailed(
                    "webhook refused: your CIRT's playbooks made their %d webhook calls of this minute; calls resume next minute"
                            .formatted(perMinute));
        }
    }

    private Instant minute() {
        return clock.instant().truncatedTo(ChronoUnit.MINUTES);
    }
}
