package org.opencirt.exchange.rest;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.opencirt.common.problem.TooManyRequests;
import org.opencirt.exchange.service.ExchangeQuota;
import org.opencirt.tenant.TenantContext;

/**
 * Counts each authenticated request to the exchange's read APIs (TAXII, shared incidents, the
 * indicator API) against its CIRT's per-minute quota, and answers 429 with {@code Retry-After}
 * over it. Anonymous requests pass on to be refused with 401.
 */
public class ExchangeQuotaFilter {

    /** The paths that count: where other CIRTs and partners read what is shared with them. */
    static final List<String> PATHS = List.of("/taxii2", "/api/v1/shared/", "/api/v1/indicators", "/api/v1/stix/");

    private final ExchangeQuota quota;
    private final SecurityIdentity identity;
    private final TenantContext caller;

    ExchangeQuotaFilter(ExchangeQuota quota, SecurityIdentity identity, TenantContext caller) {
        this.quota = quota;
        this.identity = identity;
        this.caller = caller;
    }

    @ServerRequestFilter
    public void count(ContainerRequestContext request) {
        var path = request.getUriInfo().getPath();
        if (identity.isAnonymous() || PATHS.stream().noneMatch(path::startsWith)) {
            return;
        }
        var wait = quota.take(caller.tenantId());
        if (wait > 0) {
            throw new TooManyRequests(
                    "Your CIRT made its %d exchange requests of this minute; try again in %d seconds"
                            .formatted(quota.perMinute(), wait),
                    wait);
        }
    }
}
