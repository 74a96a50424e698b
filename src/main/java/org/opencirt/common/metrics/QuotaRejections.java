package org.opencirt.common.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code opencirt_quota_rejections_total{kind}}: requests and runs refused because a quota or rate limit was
 * spent. The kinds are a closed list, so the series stay few.
 */
@ApplicationScoped
public class QuotaRejections {

    /** What was refused. */
    public enum Kind {
        EXCHANGE_REQUESTS("exchange-requests"),
        EXCHANGE_OBJECTS("exchange-objects"),
        FEED_RUNS("feed-runs"),
        FEED_BYTES("feed-bytes"),
        PUBLIC_REPORTS("public-reports"),
        WEBHOOKS("webhooks");

        final String tag;

        Kind(String tag) {
            this.tag = tag;
        }
    }

    private final MeterRegistry registry;

    QuotaRejections(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Counts one refusal of this kind. */
    public void rejected(Kind kind) {
        Counter.builder("opencirt.quota.rejections")
                .description("Requests and runs refused because a quota or rate limit was spent")
                .tag("kind", kind.tag)
                .register(registry)
                .increment();
    }
}
