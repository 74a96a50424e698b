package org.opencirt.exchange.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.opencirt.common.usage.UsageCounters;
import org.opencirt.exchange.ExchangeConfig;

/**
 * Fair use of the exchange's read APIs: a CIRT's users and clients make at most
 * {@code opencirt.exchange.requests-per-minute} requests a minute, counted in PostgreSQL so that
 * every replica takes from the same count.
 */
@ApplicationScoped
public class ExchangeQuota {

    static final String REQUESTS = "exchange-requests";

    private final UsageCounters usage;
    private final int perMinute;
    private final Clock clock;

    ExchangeQuota(UsageCounters usage, ExchangeConfig config, Clock clock) {
        this.usage = usage;
        this.perMinute = config.requestsPerMinute();
        this.clock = clock;
    }

    /** A CIRT's exchange requests in the current minute, against its quota. */
    public record Usage(long requestsThisMinute, int requestsPerMinute) {}

    public Usage usage(String tenant) {
        return new Usage(usage.used(tenant, REQUESTS, minute()), perMinute);
    }

    /**
     * Takes one request of the CIRT's current minute.
     *
     * @return 0 when taken, else the seconds until the next minute, when requests resume
     */
    public long take(String tenant) {
        var minute = minute();
        if (usage.tryTake(tenant, REQUESTS, minute, perMinute)) {
            return 0;
        }
        var next = minute.plus(1, ChronoUnit.MINUTES);
        return Math.max(1, next.getEpochSecond() - clock.instant().getEpochSecond());
    }

    /** The requests of a minute. */
    public int perMinute() {
        return perMinute;
    }

    private Instant minute() {
        return clock.instant().truncatedTo(ChronoUnit.MINUTES);
    }
}
