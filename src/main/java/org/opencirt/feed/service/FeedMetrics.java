package org.opencirt.feed.service;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import java.util.ArrayList;
import org.opencirt.common.metrics.AfterCommit;
import org.opencirt.common.metrics.GaugeRefresher;

/**
 * The feeds' metrics: {@code opencirt_feed_runs_total{result, cirt}} (succeeded, partial, failed, not-modified,
 * skipped, abandoned), {@code opencirt_indicators_ingested_total{cirt}} (indicators a run wrote, new or
 * updated), {@code opencirt_feed_dead_letters_total{feed}} (indicators Elasticsearch refused) and the gauge
 * {@code opencirt_feed_indicators{cirt, feed}} (indicators the feed's last succeeded or partial run wrote, read
 * from PostgreSQL on the refresher's timer). Platform feeds count under {@code cirt="platform"}.
 */
@ApplicationScoped
class FeedMetrics {

    static final String PLATFORM = "platform";

    /** Per feed with a successful run (each has a state row), its last such run, found through feed_run_feed. */
    private static final String LAST_RUNS = """
            select coalesce(s.tenant, '%s'), s.feed_id, r.created + r.updated
            from feed_state s
            cross join lateral (
              select created, updated from feed_run r
              where r.tenant is not distinct from s.tenant and r.feed_id = s.feed_id
                and r.status in ('succeeded', 'partial')
              order by r.started_at desc limit 1) r""".formatted(PLATFORM);

    private final MeterRegistry registry;
    private final AfterCommit afterCommit;
    private final AgroalDataSource database;
    private final GaugeRefresher refresher;
    private MultiGauge indicatorsPerFeed;

    FeedMetrics(MeterRegistry registry, AfterCommit afterCommit, AgroalDataSource database, GaugeRefresher refresher) {
        this.registry = registry;
        this.afterCommit = afterCommit;
        this.database = database;
        this.refresher = refresher;
    }

    void onStart(@Observes StartupEvent event) {
        indicatorsPerFeed = MultiGauge.builder("opencirt.feed.indicators")
                .description("Indicators the feed's last succeeded or partial run wrote (new or updated)")
                .register(registry);
        refresher.every("indicators per feed", this::refresh);
    }

    /** Counts a run's end (once its record commits) and the indicators it wrote. */
    void finished(String tenant, String result, long written) {
        var cirt = tenant == null ? PLATFORM : tenant;
        var runs = Counter.builder("opencirt.feed.runs")
                .description("Feed runs by result")
                .tag("result", result)
                .tag("cirt", cirt)
                .register(registry);
        var ingested = Counter.builder("opencirt.indicators.ingested")
                .description("Indicators feed runs wrote to the index, new or updated")
                .tag("cirt", cirt)
                .register(registry);
        afterCommit.run(() -> {
            runs.increment();
            ingested.increment(written);
        });
    }

    /** Counts an indicator Elasticsearch refused, kept as a dead letter. */
    void deadLetter(String feedId) {
        Counter.builder("opencirt.feed.dead.letters")
                .description("Indicators Elasticsearch refused, kept as dead letters")
                .tag("feed", feedId)
                .register(registry)
                .increment();
    }

    void refresh() {
        var rows = new ArrayList<MultiGauge.Row<?>>();
        try (var connection = database.getConnection();
                var statement = connection.prepareStatement(LAST_RUNS);
                var result = statement.executeQuery()) {
            while (result.next()) {
                rows.add(MultiGauge.Row.of(
                        Tags.of("cirt", result.getString(1), "feed", result.getString(2)), result.getLong(3)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("indicators per feed not read: " + e.getMessage(), e);
        }
        indicatorsPerFeed.register(rows, true);
    }
}
