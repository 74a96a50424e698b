package org.opencirt.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregation;
import co.elastic.clients.elasticsearch._types.aggregations.CalendarInterval;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.json.JsonData;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opencirt.common.crypto.Digests;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;

/**
 * Searches a tenant's incidents in Elasticsearch: full text on fixed fields, filters, facets,
 * sorts from an allow-list, and signed cursors for deep paging with {@code search_after}. The incidents other CIRTs
 * shared with the tenant are searched too, as their shared copies ({@link Projection#SHARED_INCIDENTS}: a document
 * there carries {@code shared_from} and only the shared parts).
 */
@ApplicationScoped
public class IncidentSearch {

    /** Full text goes to these fields only, through {@code simple_query_string}. */
    private static final List<String> TEXT_FIELDS =
            List.of("reference^5", "title^3", "description", "reporter", "tags", "observables.value");

    /** Sort keys clients may name, and the field each sorts on. */
    public static final Map<String, String> SORTS = Map.of(
            "created",
            "created_at",
            "updated",
            "updated_at",
            "reported",
            "reported_at",
            "severity",
            "severity_rank",
            "priority",
            "priority",
            "reference",
            "reference",
            "due",
            "due_at");

    /** The facets answered with every search. */
    private static final List<String> FACETS = List.of("state", "category", "severity", "tlp");

    private final ElasticsearchClient client;
    private final SearchConfig config;
    private final Cursors cursors;

    IncidentSearch(ElasticsearchClient client, SearchConfig config, Cursors cursors) {
        this.client = client;
        this.config = config;
        this.cursors = cursors;
    }

    /**
     * A search. Lists are ORed within a field and ANDed across fields.
     *
     * @param text          user text for {@code simple_query_string}, or null
     * @param observable    a normalised observable value: exact match; an IP also matches CIDR observables containing it,
     *                      a CIDR also matches IP observables inside it
     * @param observableIsIp whether {@code observable} is an IP address or a CIDR
     * @param sort          a key of {@link #SORTS}, {@code -} in front for descending
     */
    public record Query(
            String text,
            List<String> states,
            List<String> categories,
            List<String> types,
            List<String> severities,
            List<String> tlps,
            List<String> assignees,
            List<String> tags,
            Instant from,
            Instant to,
            String observable,
            boolean observableIsIp,
            String sort,
            int limit,
            String cursor) {}

    public record Bucket(String key, long count) {}

    /** A page of documents (as indexed), the total, the facets, and the cursor of the next page (null at the end). */
    public record Page(long total, List<Map<String, Object>> items, Map<String, List<Bucket>> facets, String next) {}

    @WithSpan("elasticsearch.incidents.search")
    public Page search(String tenant, Query query) {
        var sort = sortOf(query.sort());
        var fingerprint = fingerprint(query);
        var after = cursors.after(query.cursor(), tenant, fingerprint);
        var filters = new ArrayList<co.elastic.clients.elasticsearch._types.query_dsl.Query>();
        filters.add(TenantGuard.filter(tenant));
        terms(filters, "state", query.states());
        terms(filters, "category", query.categories());
        terms(filters, "type", query.types());
        terms(filters, "severity", query.severities());
        terms(filters, "tlp", query.tlps());
        terms(filters, "assignee", query.assignees());
        terms(filters, "tags", query.tags());
        if (query.from() != null || query.to() != null) {
            filters.add(co.elastic.clients.elasticsearch._types.query_dsl.Query.of(q -> q.range(r -> r.untyped(u -> {
                u.field("created_at");
                if (query.from() != null) {
                    u.gte(JsonData.of(query.from().toString()));
                }
                if (query.to() != null) {
                    u.lt(JsonData.of(query.to().toString()));
                }
                return u;
            }))));
        }
        if (query.observable() != null) {
            filters.add(observableFilter(query.observable(), query.observableIsIp()));
        }
        var must = new ArrayList<co.elastic.clients.elasticsearch._types.query_dsl.Query>();
        if (query.text() != null && !query.text().isBlank()) {
            must.add(co.elastic.clients.elasticsearch._types.query_dsl.Query.of(
                    q -> q.simpleQueryString(s -> s.query(query.text())
                            .fields(TEXT_FIELDS)
                            .defaultOperator(Operator.And)
                            .lenient(true)
                            .flags(TextSearch.FLAGS))));
        }
        var aggregations = new LinkedHashMap<String, Aggregation>();
        for (var facet : FACETS) {
            aggregations.put(
                    facet, Aggregation.of(a -> a.terms(t -> t.field(facet).size(50))));
        }
        aggregations.put(
                "day",
                Aggregation.of(a -> a.dateHistogram(d -> d.field("created_at")
                        .calendarInterval(CalendarInterval.Day)
                        .minDocCount(1)
                        .format("yyyy-MM-dd"))));
        try {
            @SuppressWarnings({"unchecked", "rawtypes"})
            var response = client.search(
                    s -> {
                        // the tenant's own incidents and the copies of those shared with it: one filter guards both
                        s.index(Projection.INCIDENTS.alias(config), Projection.SHARED_INCIDENTS.alias(config))
                                .query(q -> q.bool(b -> b.filter(filters).must(must)))
                                .sort(sort)
                                .size(query.limit())
                                .trackTotalHits(t -> t.enabled(true))
                                .aggregations(aggregations);
                        if (after != null) {
                            s.searchAfter(after);
                        }
                        return s;
                    },
                    (Class<Map<String, Object>>) (Class) Map.class);
            var items = new ArrayList<Map<String, Object>>();
            List<FieldValue> lastSort = null;
            for (var hit : response.hits().hits()) {
                items.add(hit.source());
                lastSort = hit.sort();
            }
            var facets = new LinkedHashMap<String, List<Bucket>>();
            for (var facet : FACETS) {
                facets.put(
                        facet,
                        response.aggregations().get(facet).sterms().buckets().array().stream()
                                .map(b -> new Bucket(b.key().stringValue(), b.docCount()))
                                .toList());
            }
            facets.put(
                    "day",
                    response.aggregations().get("day").dateHistogram().buckets().array().stream()
                            .map(b -> new Bucket(b.keyAsString(), b.docCount()))
                            .toList());
            var total = response.hits().total() == null
                    ? items.size()
                    : response.hits().total().value();
            String next = null;
            if (items.size() == query.limit() && lastSort != null) {
                next = cursors.encode(tenant, fingerprint, lastSort);
            }
            return new Page(total, items, facets, next);
        } catch (IOException | ElasticsearchException e) {
            throw new ApiException(
                    ProblemType.UNAVAILABLE,
                    "Search is unavailable right now; incidents are still recorded",
                    List.of(),
                    e);
        }
    }

    private static co.elastic.clients.elasticsearch._types.query_dsl.Query observableFilter(String value, boolean ip) {
        var exact = co.elastic.clients.elasticsearch._types.query_dsl.Query.of(
                q -> q.term(t -> t.field("observables.value").value(value)));
        if (!ip) {
            return exact;
        }
        return co.elastic.clients.elasticsearch._types.query_dsl.Query.of(q -> q.bool(b -> b.should(exact)
                .should(s -> s.term(t -> t.field("observable_ips").value(value)))
                .should(s -> s.term(t -> t.field("observable_ranges").value(value)))
                .minimumShouldMatch("1")));
    }

    private static void terms(
            List<co.elastic.clients.elasticsearch._types.query_dsl.Query> filters, String field, List<String> values) {
        if (values != null && !values.isEmpty()) {
            filters.add(co.elastic.clients.elasticsearch._types.query_dsl.Query.of(q -> q.terms(t -> t.field(field)
                    .terms(v -> v.value(values.stream().map(FieldValue::of).toList())))));
        }
    }

    private static List<SortOptions> sortOf(String sort) {
        var key = sort == null || sort.isBlank() ? "-created" : sort;
        var descending = key.startsWith("-");
        var name = descending ? key.substring(1) : key;
        var field = SORTS.get(name);
        if (field == null) {
            throw ApiException.invalid(
                    "sort",
                    "'%s' is not a sort; allowed: %s (prefix - for descending)"
                            .formatted(name, SORTS.keySet().stream().sorted().toList()));
        }
        var order = descending ? SortOrder.Desc : SortOrder.Asc;
        return List.of(
                SortOptions.of(s -> s.field(f -> f.field(field).order(order).missing("_last"))),
                SortOptions.of(s -> s.field(f -> f.field("id").order(SortOrder.Asc))));
    }

    private static String fingerprint(Query q) {
        var canonical = String.join(
                "\u0000",
                String.valueOf(q.text()),
                String.valueOf(q.states()),
                String.valueOf(q.categories()),
                String.valueOf(q.types()),
                String.valueOf(q.severities()),
                String.valueOf(q.tlps()),
                String.valueOf(q.assignees()),
                String.valueOf(q.tags()),
                String.valueOf(q.from()),
                String.valueOf(q.to()),
                String.valueOf(q.observable()),
                String.valueOf(q.sort()),
                String.valueOf(q.limit()));
        return HexFormat.of().formatHex(Digests.sha256(canonical.getBytes(StandardCharsets.UTF_8)), 0, 12);
    }
}
