package org.opencirt.exchange.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code opencirt_exchange_requests_total{cirt, partner, api}}: authenticated requests to the exchange's read
 * APIs (TAXII, shared incidents, indicators, STIX), counted before the quota decides. {@code partner} is the
 * partner's id for a remote partner's client, {@code none} for the CIRT's own users and the platform's other
 * CIRTs; partners are tens per CIRT, so the series stay few.
 */
@ApplicationScoped
public class ExchangeMetrics {

    /** The tag of requests that come from no remote partner. */
    public static final String NO_PARTNER = "none";

    private final MeterRegistry registry;

    ExchangeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Counts one request.
     *
     * @param subject whose quota it counts against (the partner's, or the CIRT's)
     * @param api     which API: taxii, shared, indicators, stix
     */
    public void request(ExchangeQuota.Subject subject, String api) {
        Counter.builder("opencirt.exchange.requests")
                .description("Requests to the exchange's read APIs, by CIRT, partner and API")
                .tag("cirt", subject.tenant())
                .tag(
                        "partner",
                        subject.partner() == null
                                ? NO_PARTNER
                                : subject.partner().toString())
                .tag("api", api)
                .register(registry)
                .increment();
    }
}
