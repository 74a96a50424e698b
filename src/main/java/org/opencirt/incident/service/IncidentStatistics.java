package org.opencirt.incident.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.opencirt.common.problem.ApiException;
import org.opencirt.incident.model.IncidentState;
import org.opencirt.incident.repository.IncidentMatchRepository;
import org.opencirt.incident.repository.IncidentRepository;

/**
 * Figures a CIRT lead steers by, from PostgreSQL (the system of record), within one CIRT: how fast its incidents are
 * triaged and resolved, and which indicators matched the most of its incidents.
 */
@ApplicationScoped
public class IncidentStatistics {

    public static final int DEFAULT_DAYS = 30;
    static final int MAX_DAYS = 366;
    public static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;

    private final IncidentRepository incidents;
    private final IncidentMatchRepository matches;
    private final Clock clock;

    IncidentStatistics(IncidentRepository incidents, IncidentMatchRepository matches, Clock clock) {
        this.incidents = incidents;
        this.matches = matches;
        this.clock = clock;
    }

    /**
     * Response times of the incidents of one category (or of all, {@code category} null) created in the period.
     *
     * @param incidents                 incidents created in the period
     * @param triaged                   of those, how many left {@code new}
     * @param meanSecondsToTriage       mean of creation to the first move out of {@code new}; null when none did
     * @param resolved                  of those, how many reached a done state
     * @param meanSecondsToResolve      mean of creation to the first move into a done state (resolved, closed,
     *                                  rejected, duplicate, false-positive); null when none did
     */
    public record ResponseTimes(
            String category,
            long incidents,
            long triaged,
            Long meanSecondsToTriage,
            long resolved,
            Long meanSecondsToResolve) {}

    /** Response times over a period: all the period's incidents, then per category (unclassified last). */
    public record ResponseTimeReport(Instant since, int days, ResponseTimes all, List<ResponseTimes> byCategory) {}

    /** An indicator value with the number of the CIRT's incidents it matched in the period. */
    public record MatchedIndicator(
            String value,
            String type,
            long incidents,
            List<String> feeds,
            List<String> classifications,
            Instant lastMatchedAt) {}

    /** The indicators that matched the most incidents over a period, most first. */
    public record TopIndicators(Instant since, int days, List<MatchedIndicator> indicators) {}

    /**
     * Mean time to triage and to resolve of the CIRT's incidents created in the last {@code days} days, overall and
     * per category. Incidents still open count in {@code incidents} but not in the means.
     *
     * @throws ApiException 400 when days is not between 1 and 366
     */
    @Transactional
    public ResponseTimeReport responseTimes(String tenant, Integer days) {
        var period = bounded("days", days, DEFAULT_DAYS, MAX_DAYS);
        var since = clock.instant().minus(Duration.ofDays(period));
        var done = IncidentState.DONE.stream().map(IncidentState::wire).toList();
        var all = new ResponseTimes(null, 0, 0, null, 0, null);
        var byCategory = new ArrayList<ResponseTimes>();
        var unclassified = new ArrayList<ResponseTimes>();
        for (var row : incidents.responseTimes(tenant, since, done)) {
            var category = (String) row[0];
            var times = new ResponseTimes(
                    category == null || category.isEmpty() ? null : category,
                    count(row[1]),
                    count(row[2]),
                    seconds(row[3]),
                    count(row[4]),
                    seconds(row[5]));
            if (category == null) {
                all = times;
            } else if (category.isEmpty()) {
                unclassified.add(times);
            } else {
                byCategory.add(times);
            }
        }
        byCategory.addAll(unclassified);
        return new ResponseTimeReport(since, period, all, byCategory);
    }

    /**
     * The indicator values that matched the most of the CIRT's incidents in the last {@code days} days (by when they
     * matched), with the feeds and classifications they came with. Another CIRT's incidents never count.
     *
     * @throws ApiException 400 when days is not between 1 and 366 or limit not between 1 and 100
     */
    @Transactional
    public TopIndicators topIndicators(String tenant, Integer days, Integer limit) {
        var period = bounded("days", days, DEFAULT_DAYS, MAX_DAYS);
        var size = bounded("limit", limit, DEFAULT_LIMIT, MAX_LIMIT);
        var since = clock.instant().minus(Duration.ofDays(period));
        var indicators = matches.topMatched(tenant, since, size).stream()
                .map(r -> new MatchedIndicator(
                        (String) r[0],
                        (String) r[1],
                        count(r[2]),
                        split(r[3]),
                        split(r[4]),
                        IncidentService.toInstant(r[5])))
                .toList();
        return new TopIndicators(since, period, indicators);
    }

    private static int bounded(String name, Integer value, int fallback, int max) {
        if (value == null) {
            return fallback;
        }
        if (value < 1 || value > max) {
            throw ApiException.invalid(name, "must be between 1 and %d".formatted(max));
        }
        return value;
    }

    private static long count(Object value) {
        return ((Number) value).longValue();
    }

    private static Long seconds(Object value) {
        return value == null ? null : Math.round(((Number) value).doubleValue());
    }

    private static List<String> split(Object value) {
        return value == null || value.toString().isEmpty()
                ? List.of()
                : List.of(value.toString().split(","));
    }
}
