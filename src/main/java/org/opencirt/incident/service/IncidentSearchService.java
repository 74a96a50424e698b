package org.opencirt.incident.service;

import com.fasterxml.jackson.annotation.JsonIgnore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.opencirt.common.Tlp;
import org.opencirt.common.WireEnum;
import org.opencirt.common.audit.SharedCopies;
import org.opencirt.common.problem.ApiException;
import org.opencirt.incident.model.IncidentState;
import org.opencirt.incident.model.Rsit;
import org.opencirt.incident.model.Severity;
import org.opencirt.observable.Normaliser;
import org.opencirt.observable.ObservableType;
import org.opencirt.search.IncidentSearch;

/** Checks search criteria from a client and runs them against the search index, within the caller's CIRT. */
@ApplicationScoped
public class IncidentSearchService {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    static final int MAX_TEXT = 500;

    private final IncidentSearch search;

    IncidentSearchService(IncidentSearch search) {
        this.search = search;
    }

    /** Search criteria as a client sends them (query parameters); every list is optional. */
    public record Criteria(
            String q,
            List<String> state,
            List<String> category,
            List<String> type,
            List<String> severity,
            List<String> tlp,
            List<String> assignee,
            List<String> tag,
            String from,
            String to,
            String observable,
            String sort,
            Integer limit,
            String cursor) {}

    /** A page of results: the total, the incidents, counts per facet value, and the next page's cursor. */
    public record Result(
            long total, List<IncidentSummary> items, Map<String, List<IncidentSearch.Bucket>> facets, String next)
            implements SharedCopies {

        /** The CIRTs whose shared copies are among the items (a read of them goes into each one's audit chain). */
        @Override
        @JsonIgnore
        public Set<String> ownerCirts() {
            var owners = new TreeSet<String>();
            items.stream()
                    .filter(item -> item.sharedFrom() != null)
                    .forEach(item -> owners.add(item.sharedFrom().cirt()));
            return owners;
        }
    }

    public Result search(String tenant, Criteria c) {
        if (c.q() != null && c.q().length() > MAX_TEXT) {
            throw ApiException.invalid("q", "at most %d characters".formatted(MAX_TEXT));
        }
        var limit = c.limit() == null ? DEFAULT_LIMIT : c.limit();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.invalid("limit", "must be between 1 and %d".formatted(MAX_LIMIT));
        }
        allowed("state", c.state(), WireEnum.wireValues(IncidentState.class));
        allowed("severity", c.severity(), WireEnum.wireValues(Severity.class));
        allowed("tlp", c.tlp(), WireEnum.wireValues(Tlp.class));
        allowed("category", c.category(), Rsit.categories());
        allowed(
                "type",
                c.type(),
                Rsit.categories().stream()
                        .flatMap(cat -> Rsit.types(cat).orElseThrow().stream())
                        .toList());
        String observable = null;
        var isIp = false;
        if (c.observable() != null && !c.observable().isBlank()) {
            var detected = Normaliser.detect(c.observable().strip());
            observable = detected.map(o -> o.value()).orElse(c.observable().strip());
            isIp = detected.map(o -> o.type() == ObservableType.IPV4
                            || o.type() == ObservableType.IPV6
                            || o.type() == ObservableType.CIDR)
                    .orElse(false);
        }
        var page = search.search(
                tenant,
                new IncidentSearch.Query(
                        c.q(),
                        c.state(),
                        c.category(),
                        c.type(),
                        c.severity(),
                        c.tlp(),
                        c.assignee(),
                        c.tag() == null
                                ? null
                                : c.tag().stream().map(String::toLowerCase).toList(),
                        time("from", c.from()),
                        time("to", c.to()),
                        observable,
                        isIp,
                        c.sort(),
                        limit,
                        c.cursor()));
        return new Result(
                page.total(), page.items().stream().map(IncidentSummary::of).toList(), page.facets(), page.next());
    }

    private static void allowed(String parameter, List<String> values, List<String> allowed) {
        if (values == null) {
            return;
        }
        for (var value : values) {
            if (!allowed.contains(value)) {
                throw ApiException.invalid(parameter, "'%s' is not allowed; allowed: %s".formatted(value, allowed));
            }
        }
    }

    /** An instant, or a date meaning its start (UTC). */
    private static Instant time(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return value.length() == 10
                    ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(
                    parameter, "'%s' is not a date (2026-11-29) or an instant (2026-11-29T10:00:00Z)".formatted(value));
        }
    }
}
