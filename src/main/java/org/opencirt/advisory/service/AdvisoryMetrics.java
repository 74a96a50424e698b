package org.opencirt.advisory.service;

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
 * {@code opencirt_advisories_published_total{cirt}}: advisory versions published (counted once committed);
 * {@code opencirt_signing_key_expiry_days{cirt}}: days until the CIRT's active OpenPGP signing key expires
 * (negative once expired), read from PostgreSQL on the refresher's timer.
 */
@ApplicationScoped
class AdvisoryMetrics {

    private static final String ACTIVE_KEYS = """
            select tenant, extract(epoch from min(expires_at) - now()) / 86400
            from advisory_signing_key where active group by tenant""";

    private final MeterRegistry registry;
    private final AfterCommit afterCommit;
    private final AgroalDataSource database;
    private final GaugeRefresher refresher;
    private MultiGauge keyExpiry;

    AdvisoryMetrics(
            MeterRegistry registry, AfterCommit afterCommit, AgroalDataSource database, GaugeRefresher refresher) {
        this.registry = registry;
        this.afterCommit = afterCommit;
        this.database = database;
        this.refresher = refresher;
    }

    void onStart(@Observes StartupEvent event) {
        keyExpiry = MultiGauge.builder("opencirt.signing.key.expiry")
                .description("Days until the CIRT's active advisory signing key expires")
                .baseUnit("days")
                .register(registry);
        refresher.every("signing key expiry", this::refresh);
    }

    void published(String tenant) {
        var counter = Counter.builder("opencirt.advisories.published")
                .description("Advisory versions published")
                .tag("cirt", tenant)
                .register(registry);
        afterCommit.run(counter::increment);
    }

    void refresh() {
        var rows = new ArrayList<MultiGauge.Row<?>>();
        try (var connection = database.getConnection();
                var statement = connection.prepareStatement(ACTIVE_KEYS);
                var result = statement.executeQuery()) {
            while (result.next()) {
                rows.add(MultiGauge.Row.of(Tags.of("cirt", result.getString(1)), result.getDouble(2)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("signing key expiry not read: " + e.getMessage(), e);
        }
        keyExpiry.register(rows, true);
    }
}
