package org.opencirt.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Elasticsearch's part of readiness. It never makes the service unready: writes go to
 * PostgreSQL and the outbox, so the service keeps taking incidents while Elasticsearch is
 * away. It reports {@code search: degraded} then, with the cluster state, whether the indices
 * are set up, and how many changes wait in the outbox.
 */
@Readiness
@ApplicationScoped
class SearchHealthCheck implements HealthCheck {

    private final ElasticsearchClient client;
    private final IndexBootstrap bootstrap;
    private final OutboxRelay relay;
    private final OutboxEntries outbox;
    private final SearchConfig config;

    SearchHealthCheck(
            ElasticsearchClient client,
            IndexBootstrap bootstrap,
            OutboxRelay relay,
            OutboxEntries outbox,
            SearchConfig config) {
        this.client = client;
        this.bootstrap = bootstrap;
        this.relay = relay;
        this.outbox = outbox;
        this.config = config;
    }

    @Override
    @ActivateRequestContext
    public HealthCheckResponse call() {
        String cluster;
        try {
            cluster = client.cluster().health().status().jsonValue();
        } catch (Exception e) {
            cluster = "unreachable";
        }
        var healthy = !"unreachable".equals(cluster)
                && !"red".equals(cluster)
                && bootstrap.isReady()
                && !relay.isDegraded()
                && bootstrap.outdatedMappings().isEmpty();
        var response = HealthCheckResponse.named("elasticsearch")
                .up()
                .withData("search", healthy ? "ok" : "degraded")
                .withData("cluster", cluster)
                .withData(
                        "indices",
                        !bootstrap.isReady()
                                ? "missing: " + bootstrap.lastError()
                                : bootstrap.outdatedMappings().isEmpty()
                                        ? "ready"
                                        : "outdated mappings: " + bootstrap.outdatedMappings())
                .withData("outbox-pending", outbox.count())
                .withData("outbox-stuck", outbox.stuck(config.relayMaxAttempts()));
        if (relay.lastError() != null) {
            response.withData("last-error", relay.lastError());
        }
        return response.build();
    }
}
