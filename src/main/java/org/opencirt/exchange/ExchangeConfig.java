package org.opencirt.exchange;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

/** Exchange with partners: {@code opencirt.exchange.*}. */
@ConfigMapping(prefix = "opencirt.exchange")
public interface ExchangeConfig {

    /**
     * Requests a CIRT's users and clients may make per minute to the exchange's read APIs (TAXII,
     * shared incidents, the indicator API), counted in PostgreSQL across replicas; over it, 429.
     */
    @WithDefault("600")
    @Min(1)
    int requestsPerMinute();

    /**
     * Objects a partner may take from a CIRT's TAXII collections and push into its inbox per day (UTC), counted in
     * PostgreSQL across replicas; over it, 429. A CIRT admin may set another limit for one partner.
     */
    @WithDefault("1000000")
    @Min(1)
    long objectsPerDay();

    /** The TAXII 2.1 server: {@code opencirt.exchange.taxii.*}. */
    Taxii taxii();

    interface Taxii {

        /**
         * The largest request body, in bytes, that an API root accepts ({@code max_content_length} of every root,
         * 10 MiB by default). It should not exceed {@code quarkus.http.limits.max-body-size}.
         */
        @WithDefault("10485760")
        @Min(1)
        long maxContentLength();
    }
}
