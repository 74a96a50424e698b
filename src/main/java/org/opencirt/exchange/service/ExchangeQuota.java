package org.opencirt.exchange.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.opencirt.common.metrics.QuotaRejections;
import org.opencirt.common.problem.TooManyRequests;
import org.opencirt.common.usage.UsageCounters;
import org.opencirt.exchange.ExchangeConfig;
import org.opencirt.exchange.repository.ExchangeRepositories;
import org.opencirt.exchange.repository.Partner;

/**
 * Fair use of the exchange, counted in PostgreSQL so that every replica takes from the same count: requests a
 * minute to the read APIs, and objects a day taken from another CIRT's TAXII collections or pushed into its
 * inbox. A CIRT's own users count against the CIRT's quota; a remote partner's client, and another CIRT the
 * owner declared as a partner, against that partner's, which the owner's admin may set apart from the defaults.
 */
@ApplicationScoped
public class ExchangeQuota {

    static final String REQUESTS = "exchange-requests";
    static final String OBJECTS = "exchange-objects";

    private final UsageCounters usage;
    private final ExchangeRepositories.Partners partners;
    private final ExchangeConfig config;
    private final Clock clock;
    private final QuotaRejections rejections;

    ExchangeQuota(
            UsageCounters usage,
            ExchangeRepositories.Partners partners,
            ExchangeConfig config,
            Clock clock,
            QuotaRejections rejections) {
        this.usage = usage;
        this.partners = partners;
        this.config = config;
        this.clock = clock;
        this.rejections = rejections;
    }

    /**
     * Whose quota a request takes from: {@code tenant}'s own (partner null), or that of {@code partner}, one of
     * {@code tenant}'s partners, with its own limits.
     */
    public record Subject(String tenant, UUID partner, int requestsPerMinute, long objectsPerDay) {

        String counter(String name) {
            return partner == null ? name : name + ":" + partner;
        }
    }

    /** What a subject used of its quotas: this minute's requests and today's objects (UTC). */
    public record Usage(long requestsThisMinute, int requestsPerMinute, long objectsToday, long objectsPerDay) {}

    /** A CIRT's own users and clients. */
    public Subject cirt(String tenant) {
        return new Subject(tenant, null, config.requestsPerMinute(), config.objectsPerDay());
    }

    /** One of a CIRT's partners, with its limits (the defaults when none are set, or when it is gone). */
    public Subject partner(String tenant, UUID partner) {
        return partners.findFor(tenant, partner).map(this::partner).orElseGet(() -> defaults(tenant, partner));
    }

    /**
     * Whose objects a TAXII read or push of {@code root}'s collections takes from: the remote partner whose client
     * calls; else, for another CIRT's users, the partner {@code root} declared for that CIRT, or that CIRT's own
     * quota when it declared none. A CIRT reading its own root takes nothing.
     */
    public Optional<Subject> objectsOf(String root, String callerCirt, Optional<UUID> remotePartner) {
        if (remotePartner.isPresent()) {
            return Optional.of(partner(root, remotePartner.get()));
        }
        if (root.equals(callerCirt)) {
            return Optional.empty();
        }
        return Optional.of(partners.forCirt(root, callerCirt).map(this::partner).orElseGet(() -> cirt(callerCirt)));
    }

    public Usage usage(Subject subject) {
        return new Usage(
                usage.used(subject.tenant(), subject.counter(REQUESTS), minute()),
                subject.requestsPerMinute(),
                usage.used(subject.tenant(), subject.counter(OBJECTS), day()),
                subject.objectsPerDay());
    }

    /**
     * Takes one request of the subject's current minute.
     *
     * @throws TooManyRequests with the seconds until the next minute, when its requests are spent
     */
    public void takeRequest(Subject subject) {
        var minute = minute();
        if (!usage.tryTake(subject.tenant(), subject.counter(REQUESTS), minute, subject.requestsPerMinute())) {
            rejections.rejected(QuotaRejections.Kind.EXCHANGE_REQUESTS);
            throw new TooManyRequests(
                    "%s made its %d exchange requests of this minute; try again in %d seconds"
                            .formatted(
                                    who(subject),
                                    subject.requestsPerMinute(),
                                    until(minute.plus(1, ChronoUnit.MINUTES))),
                    until(minute.plus(1, ChronoUnit.MINUTES)));
        }
    }

    /**
     * Takes objects from the subject's day, all or none.
     *
     * @throws TooManyRequests with the seconds until midnight UTC, when they do not fit in what is left today
     */
    public void takeObjects(Subject subject, int count) {
        if (count == 0) {
            return;
        }
        var day = day();
        if (!usage.tryTake(subject.tenant(), subject.counter(OBJECTS), day, count, subject.objectsPerDay())) {
            rejections.rejected(QuotaRejections.Kind.EXCHANGE_OBJECTS);
            var left =
                    Math.max(0, subject.objectsPerDay() - usage.used(subject.tenant(), subject.counter(OBJECTS), day));
            var wait = until(day.plus(1, ChronoUnit.DAYS));
            throw new TooManyRequests(
                    "%s may take %d objects a day and has %d left today, fewer than the %d asked; ask for fewer (limit) or try again in %d seconds"
                            .formatted(who(subject), subject.objectsPerDay(), left, count, wait),
                    wait);
        }
    }

    /** The platform's default requests a minute. */
    public int perMinute() {
        return config.requestsPerMinute();
    }

    /** One of a CIRT's partners, as read already, with its limits. */
    public Subject partner(Partner p) {
        return new Subject(
                p.tenant,
                p.id,
                p.requestsPerMinute == null ? config.requestsPerMinute() : p.requestsPerMinute,
                p.objectsPerDay == null ? config.objectsPerDay() : p.objectsPerDay);
    }

    private Subject defaults(String tenant, UUID partner) {
        return new Subject(tenant, partner, config.requestsPerMinute(), config.objectsPerDay());
    }

    private static String who(Subject subject) {
        return subject.partner() == null ? "Your CIRT" : "This partner";
    }

    private long until(Instant next) {
        return Math.max(1, next.getEpochSecond() - clock.instant().getEpochSecond());
    }

    private Instant minute() {
        return clock.instant().truncatedTo(ChronoUnit.MINUTES);
    }

    private Instant day() {
        return clock.instant().truncatedTo(ChronoUnit.DAYS);
    }
}
