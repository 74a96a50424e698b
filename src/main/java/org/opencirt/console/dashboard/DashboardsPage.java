package org.opencirt.console.dashboard;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.opencirt.common.WireEnum;
import org.opencirt.common.problem.ApiException;
import org.opencirt.console.web.Chrome;
import org.opencirt.console.web.ConsoleSession;
import org.opencirt.feed.service.FeedService;
import org.opencirt.incident.model.IncidentState;
import org.opencirt.incident.model.Severity;
import org.opencirt.incident.service.IncidentSearchService;
import org.opencirt.incident.service.IncidentStatistics;
import org.opencirt.incident.service.IncidentStatistics.MatchedIndicator;
import org.opencirt.incident.service.IncidentStatistics.ResponseTimeReport;
import org.opencirt.incident.service.IncidentStatistics.ResponseTimes;
import org.opencirt.incident.service.IncidentStatistics.TopIndicators;
import org.opencirt.search.IncidentSearch.Bucket;

/**
 * Dashboards of the CIRT over the last 30 days: incidents per day by category and by severity (facets of the
 * incident search service), open against done by state, indicators written per feed run day, mean minutes to triage
 * and to resolve per category, and the indicators that matched the most incidents (incident statistics). Each chart
 * is an SVG drawn on the server with its numbers as a table and as CSV (formula cells neutralised).
 */
@Path("/console/dashboards")
@RolesAllowed({"analyst", "lead"})
public class DashboardsPage {

    static final int DAYS = 30;
    static final List<String> CHARTS =
            List.of("by-category", "by-severity", "open-closed", "response-times", "top-indicators", "feed-volumes");
    static final int TOP_INDICATORS = 10;

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance dashboards(Chrome chrome, List<Chart> charts, int days);
    }

    private final ConsoleSession session;
    private final IncidentSearchService search;
    private final FeedService feeds;
    private final IncidentStatistics statistics;
    private final Clock clock;

    DashboardsPage(
            ConsoleSession session,
            IncidentSearchService search,
            FeedService feeds,
            IncidentStatistics statistics,
            Clock clock) {
        this.session = session;
        this.search = search;
        this.feeds = feeds;
        this.statistics = statistics;
        this.clock = clock;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public TemplateInstance dashboards() {
        var tenant = session.tenantId();
        var charts = CHARTS.stream().map(id -> chart(tenant, id)).toList();
        return session.render(Templates.dashboards(session.chrome("dashboards"), charts, DAYS));
    }

    @GET
    @Path("/{chart}.csv")
    @Produces("text/csv")
    @Operation(hidden = true)
    public Response csv(@PathParam("chart") String id) {
        if (!CHARTS.contains(id)) {
            throw ApiException.notFound("Chart " + id);
        }
        var chart = chart(session.tenantId(), id);
        return Response.ok(Csv.of(chart.rows()), "text/csv;charset=UTF-8")
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"%s-%s.csv\"".formatted(id, LocalDate.now(clock)))
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    Chart chart(String tenant, String id) {
        var days = days();
        return switch (id) {
            case "by-category" -> {
                var categories = facetFor(tenant, null, null, "category").stream()
                        .map(Bucket::key)
                        .toList();
                var series = new ArrayList<Chart.Series>();
                for (var category : categories) {
                    series.add(new Chart.Series(category, perDay(facetFor(tenant, "category", category, "day"), days)));
                }
                yield new Chart(id, "day", days, series);
            }
            case "by-severity" -> {
                var series = new ArrayList<Chart.Series>();
                for (var severity : WireEnum.wireValues(Severity.class)) {
                    series.add(new Chart.Series(severity, perDay(facetFor(tenant, "severity", severity, "day"), days)));
                }
                yield new Chart(id, "day", days, series);
            }
            case "open-closed" -> {
                var counts = new LinkedHashMap<String, Long>();
                facetFor(tenant, null, null, "state").forEach(b -> counts.put(b.key(), b.count()));
                var states = WireEnum.wireValues(IncidentState.class);
                var open = new ArrayList<Long>();
                var done = new ArrayList<Long>();
                for (var state : states) {
                    var count = counts.getOrDefault(state, 0L);
                    var isDone = WireEnum.fromWire(IncidentState.class, state).isDone();
                    open.add(isDone ? 0 : count);
                    done.add(isDone ? count : 0);
                }
                yield new Chart(
                        id, "state", states, List.of(new Chart.Series("open", open), new Chart.Series("done", done)));
            }
            case "response-times" -> responseTimes(id, statistics.responseTimes(tenant, DAYS));
            case "top-indicators" -> topIndicators(id, statistics.topIndicators(tenant, DAYS, TOP_INDICATORS));
            case "feed-volumes" -> {
                var created = new LinkedHashMap<String, Long>();
                var updated = new LinkedHashMap<String, Long>();
                var since = clock.instant().minus(java.time.Duration.ofDays(DAYS));
                for (var feed : feeds.list(tenant)) {
                    long c = 0;
                    long u = 0;
                    for (var run : feeds.runs(tenant, feed.id(), 200)) {
                        if (run.startedAt() != null && run.startedAt().isAfter(since)) {
                            c += run.created();
                            u += run.updated();
                        }
                    }
                    if (c + u > 0) {
                        created.put(feed.id(), c);
                        updated.put(feed.id(), u);
                    }
                }
                yield new Chart(
                        id,
                        "feed",
                        List.copyOf(created.keySet()),
                        List.of(
                                new Chart.Series("created", List.copyOf(created.values())),
                                new Chart.Series("updated", List.copyOf(updated.values()))));
            }
            default -> throw ApiException.notFound("Chart " + id);
        };
    }

    /** Mean minutes per category (all incidents first), triage and resolve side by side; the counts in the table. */
    private static Chart responseTimes(String id, ResponseTimeReport report) {
        var rows = new ArrayList<ResponseTimes>();
        var columns = new ArrayList<String>();
        rows.add(report.all());
        columns.add("all");
        for (var category : report.byCategory()) {
            rows.add(category);
            columns.add(category.category() == null ? "unclassified" : category.category());
        }
        return new Chart(
                id,
                "category",
                columns,
                List.of(
                        new Chart.Series(
                                "triage-minutes",
                                rows.stream()
                                        .map(r -> minutes(r.meanSecondsToTriage()))
                                        .toList()),
                        new Chart.Series(
                                "resolve-minutes",
                                rows.stream()
                                        .map(r -> minutes(r.meanSecondsToResolve()))
                                        .toList())),
                true,
                List.of(
                        new Chart.Detail(
                                "incidents",
                                rows.stream()
                                        .map(r -> String.valueOf(r.incidents()))
                                        .toList()),
                        new Chart.Detail(
                                "triaged",
                                rows.stream()
                                        .map(r -> String.valueOf(r.triaged()))
                                        .toList()),
                        new Chart.Detail(
                                "resolved",
                                rows.stream()
                                        .map(r -> String.valueOf(r.resolved()))
                                        .toList())));
    }

    /** Incidents per indicator value, most first; its type, feeds and classifications in the table. */
    private static Chart topIndicators(String id, TopIndicators top) {
        var indicators = top.indicators();
        return new Chart(
                id,
                "indicator",
                indicators.stream().map(MatchedIndicator::value).toList(),
                List.of(new Chart.Series(
                        "incidents",
                        indicators.stream().map(MatchedIndicator::incidents).toList())),
                false,
                List.of(
                        new Chart.Detail(
                                "type",
                                indicators.stream().map(MatchedIndicator::type).toList()),
                        new Chart.Detail(
                                "feeds",
                                indicators.stream()
                                        .map(i -> String.join(" ", i.feeds()))
                                        .toList()),
                        new Chart.Detail(
                                "classification",
                                indicators.stream()
                                        .map(i -> String.join(" ", i.classifications()))
                                        .toList())));
    }

    private static long minutes(Long seconds) {
        return seconds == null ? 0 : Math.round(seconds / 60.0);
    }

    private List<Bucket> facetFor(String tenant, String field, String value, String facet) {
        var from = LocalDate.now(clock).minusDays(DAYS - 1).toString();
        var criteria = new IncidentSearchService.Criteria(
                null,
                null,
                "category".equals(field) ? List.of(value) : null,
                null,
                "severity".equals(field) ? List.of(value) : null,
                null,
                null,
                null,
                from,
                null,
                null,
                null,
                1,
                null);
        return search.search(tenant, criteria).facets().getOrDefault(facet, List.of());
    }

    private List<String> days() {
        var today = LocalDate.now(clock);
        var days = new ArrayList<String>();
        for (int i = DAYS - 1; i >= 0; i--) {
            days.add(today.minusDays(i).toString());
        }
        return days;
    }

    private static List<Long> perDay(List<Bucket> buckets, List<String> days) {
        Map<String, Long> byDay = new LinkedHashMap<>();
        buckets.forEach(b -> byDay.put(b.key(), b.count()));
        return days.stream().map(d -> byDay.getOrDefault(d, 0L)).toList();
    }
}
