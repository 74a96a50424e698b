package org.opencirt.search;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the index templates and aliases are in place. */
@Readiness
@ApplicationScoped
class SearchIndicesHealthCheck implements HealthCheck {

    private final IndexBootstrap bootstrap;

    SearchIndicesHealthCheck(IndexBootstrap bootstrap) {
        this.bootstrap = bootstrap;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("search-indices");
        if (bootstrap.isReady()) {
            return response.up().build();
        }
        return response.down().withData("error", bootstrap.lastError()).build();
    }
}
