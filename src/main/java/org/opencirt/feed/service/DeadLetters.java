package org.opencirt.feed.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.util.UUID;
import org.opencirt.indicator.model.Indicator;

/** Indicators Elasticsearch refused, kept with the reason. */
@ApplicationScoped
public class DeadLetters {

    private final EntityManager em;
    private final Clock clock;
    private final FeedMetrics metrics;

    DeadLetters(EntityManager em, Clock clock, FeedMetrics metrics) {
        this.em = em;
        this.clock = clock;
        this.metrics = metrics;
    }

    void record(String feedId, UUID runId, Indicator indicator, String reason) {
        QuarkusTransaction.requiringNew()
                .run(() -> em.createNativeQuery("""
                insert into indicator_dead_letter (feed_id, run_id, indicator_id, type, value, reason, created_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7)""")
                        .setParameter(1, feedId)
                        .setParameter(2, runId)
                        .setParameter(3, indicator.id())
                        .setParameter(4, indicator.type())
                        .setParameter(5, indicator.value())
                        .setParameter(6, reason)
                        .setParameter(7, clock.instant())
                        .executeUpdate());
        metrics.deadLetter(feedId);
    }
}
