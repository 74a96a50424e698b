package org.opencirt.search;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import org.opencirt.common.metrics.GaugeRefresher;

/**
 * {@code opencirt_outbox_lag_seconds}: the age of the oldest change still waiting in the outbox (0 when it is
 * empty), read from PostgreSQL on the refresher's timer. It grows while Elasticsearch is away or refuses a
 * document, whichever replica's relay is stuck.
 */
@ApplicationScoped
class SearchMetrics {

    private static final String OLDEST = """
            select coalesce(extract(epoch from now() - min(created_at)), 0) from outbox""";

    private final AgroalDataSource database;
    private final MeterRegistry registry;
    private final GaugeRefresher refresher;
    private volatile double lagSeconds;

    SearchMetrics(AgroalDataSource database, MeterRegistry registry, GaugeRefresher refresher) {
        this.database = database;
        this.registry = registry;
        this.refresher = refresher;
    }

    void onStart(@Observes StartupEvent event) {
        Gauge.builder("opencirt.outbox.lag", this, metrics -> metrics.lagSeconds)
                .description("Age of the oldest change waiting in the search outbox")
                .baseUnit("seconds")
                .register(registry);
        refresher.every("outbox lag", this::refresh);
    }

    void refresh() {
        try (var connection = database.getConnection();
                var statement = connection.prepareStatement(OLDEST);
                var result = statement.executeQuery()) {
            result.next();
            lagSeconds = Math.max(0, result.getDouble(1));
        } catch (SQLException e) {
            throw new IllegalStateException("outbox lag not read: " + e.getMessage(), e);
        }
    }
}
