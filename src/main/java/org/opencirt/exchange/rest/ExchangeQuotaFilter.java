package org.opencirt.exchange.rest;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.List;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.opencirt.exchange.service.ExchangeMetrics;
import org.opencirt.exchange.service.ExchangeQuota;
import org.opencirt.exchange.taxii.TaxiiCaller;
import org.opencirt.tenant.TenantContext;

/**
 * Counts each authenticated request to the exchange's read APIs (TAXII, shared incidents, the indicator API)
 * against its quota of the minute: a remote partner's client against its partner's, everyone else against
 * their CIRT's; over it, 429 with {@code Retry-After}. Anonymous requests pass on to be refused with 401.
 */
public class ExchangeQuotaFilter {

    /** The paths that count: where other CIRTs and partners read what is shared with them. */
    static final List<String> PATHS = List.of("/taxii2", "/api/v1/shared/", "/api/v1/indicators", "/api/v1/stix/");

    /** The {@code api} tag of each path, in the order of {@link #PATHS}. */
    static final List<String> APIS = List.of("taxii", "shared", "indicators", "stix");

    private final ExchangeQuota quota;
    private final SecurityIdentity identity;
    private final TenantContext tenant;
    private final TaxiiCaller caller;
    private final ExchangeMetrics metrics;

    ExchangeQuotaFilter(
            ExchangeQuota quota,
            SecurityIdentity identity,
            TenantContext tenant,
            TaxiiCaller caller,
            ExchangeMetrics metrics) {
        this.quota = quota;
        this.identity = identity;
        this.tenant = tenant;
        this.caller = caller;
        this.metrics = metrics;
    }

    @ServerRequestFilter
    public void count(ContainerRequestContext request) {
        var path = request.getUriInfo().getPath();
        if (identity.isAnonymous()) {
            return;
        }
        for (int i = 0; i < PATHS.size(); i++) {
            if (path.startsWith(PATHS.get(i))) {
                var subject = subject();
                metrics.request(subject, APIS.get(i));
                quota.takeRequest(subject);
                return;
            }
        }
    }

    private ExchangeQuota.Subject subject() {
        if (caller.isPartnerClient() && caller.partnerClaim() != null) {
            try {
                return quota.partner(tenant.tenantId(), UUID.fromString(caller.partnerClaim()));
            } catch (IllegalArgumentException e) {
                // a claim that names no partner: the client reads nothing, and counts as its CIRT's
            }
        }
        return quota.cirt(tenant.tenantId());
    }
}
