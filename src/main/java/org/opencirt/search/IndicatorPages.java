package org.opencirt.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.json.JsonData;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;

/**
 * Pages through the indicators a tenant may see, by the indicator's id, with {@code search_after}
 * and a signed cursor: a page deep in a large index costs what the first one does. The filters
 * on sources (when last seen, TLP, feed) hold for some source of each document; which source a
 * tenant may see is the indicator feature's to decide.
 */
@ApplicationScoped
public class IndicatorPages {

    private static final List<SortOptions> BY_ID =
            List.of(SortOptions.of(s -> s.field(f -> f.field("id").order(SortOrder.Asc))));

    private static final List<SortOptions> BY_ADDED = List.of(
            SortOptions.of(s -> s.field(f -> f.field("added_at").order(SortOrder.Asc))),
            SortOptions.of(s -> s.field(f -> f.field("id").order(SortOrder.Asc))));

    private final ElasticsearchClient client;
    private final SearchConfig config;
    private final Cursors cursors;

    IndicatorPages(ElasticsearchClient client, SearchConfig config, Cursors cursors) {
        this.client = client;
        this.config = config;
        this.cursors = cursors;
    }

    /** What to list; a null field does not filter. {@code network} is a CIDR holding the indicators' addresses. */
    public record Filter(
            String id,
            String type,
            String value,
            String network,
            String valuePrefix,
            Instant seenSince,
            List<String> tlps,
            String feed) {}

    /** The documents of a page, in id order, and the cursor of the next page (null at the end). */
    public record Page(List<Map<String, Object>> documents, String next) {}

    /**
     * @throws ApiException 400 for a cursor of another query or tenant, 503 when Elasticsearch cannot answer
     */
    @WithSpan("elasticsearch.indicators.page")
    public Page page(TenantGuard.Reader reader, Filter filter, int limit, String cursor, Instant now) {
        var tenant = reader.tenant();
        // the cursor carries the query it pages through, signed: no other query can reuse it
        var fingerprint = "indicators\u0000" + limit + "\u0000" + filter;
        var after = cursors.after(cursor, tenant, fingerprint);
        var filters = new ArrayList<Query>();
        filters.add(TenantGuard.filter(reader));
        filters.add(IndicatorIndex.notExpired(now));
        term(filters, "id", filter.id());
        term(filters, "type", filter.type());
        term(filters, "value", filter.value());
        term(filters, "ip", filter.network());
        term(filters, "sources.feed", filter.feed());
        if (filter.valuePrefix() != null) {
            filters.add(Query.of(q -> q.prefix(p -> p.field("value").value(filter.valuePrefix()))));
        }
        if (filter.seenSince() != null) {
            filters.add(Query.of(q -> q.range(r -> r.untyped(u -> u.field("sources.last_seen")
                    .gte(JsonData.of(filter.seenSince().toString()))))));
        }
        if (filter.tlps() != null && !filter.tlps().isEmpty()) {
            var labels = filter.tlps().stream().map(FieldValue::of).toList();
            filters.add(Query.of(q -> q.terms(t -> t.field("sources.tlp").terms(v -> v.value(labels)))));
        }
        return search(reader, fingerprint, filters, BY_ID, limit, after);
    }

    /**
     * What a TAXII collection of indicators asks for; a null field does not filter. {@code scope} keeps documents with a
     * source of that feed scope (the root's CIRT, for a partner reading it); {@code labels} those with a source of one of
     * these TLP labels; {@code stixKeys} those of these keys.
     */
    public record AddedFilter(
            String scope, List<String> labels, Instant addedAfter, List<String> stixKeys, List<String> types) {}

    /**
     * Pages through the indicators a tenant may see in the order the server stored them: by {@code added_at} (the
     * server's time a document or one of its sources was first stored), then id, with {@code search_after} and a signed
     * cursor. A document's {@code added_at} only moves forward, so a document never moves behind a cursor: paging
     * neither skips nor needs a point in time (ADR 25).
     *
     * @throws ApiException 400 for a cursor of another query or tenant, 503 when Elasticsearch cannot answer
     */
    @WithSpan("elasticsearch.indicators.page")
    public Page byDateAdded(TenantGuard.Reader reader, AddedFilter filter, int limit, String cursor, Instant now) {
        var tenant = reader.tenant();
        var fingerprint = "added\u0000" + limit + "\u0000" + filter + "\u0000" + reader.ownLabels();
        var after = cursors.after(cursor, tenant, fingerprint);
        var filters = new ArrayList<Query>();
        filters.add(TenantGuard.filter(reader));
        filters.add(IndicatorIndex.notExpired(now));
        filters.add(Query.of(q -> q.exists(e -> e.field("added_at"))));
        term(filters, "sources.scope", filter.scope());
        terms(filters, "sources.tlp", filter.labels());
        if (filter.addedAfter() != null) {
            filters.add(Query.of(q -> q.range(r -> r.untyped(
                    u -> u.field("added_at").gt(JsonData.of(filter.addedAfter().toString()))))));
        }
        terms(filters, "stix_key", filter.stixKeys());
        terms(filters, "type", filter.types());
        return search(reader, fingerprint, filters, BY_ADDED, limit, after);
    }

    /** One page of the documents the filters keep, in the sort's order, after {@code after}; the tenant's only. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Page search(
            TenantGuard.Reader reader,
            String fingerprint,
            List<Query> filters,
            List<SortOptions> sort,
            int limit,
            List<FieldValue> after) {
        try {
            var response = client.search(
                    s -> {
                        s.index(Projection.INDICATORS.alias(config))
                                .query(q -> q.bool(b -> b.filter(filters)))
                                .sort(sort)
                                .size(limit);
                        if (after != null) {
                            s.searchAfter(after);
                        }
                        return s;
                    },
                    (Class<Map<String, Object>>) (Class) Map.class);
            var documents = new ArrayList<Map<String, Object>>();
            List<FieldValue> lastSort = null;
            for (var hit : response.hits().hits()) {
                if (TenantGuard.mayRead(reader, hit.source())) {
                    documents.add(hit.source());
                }
                lastSort = hit.sort();
            }
            var full = response.hits().hits().size() == limit && lastSort != null;
            return new Page(documents, full ? cursors.encode(reader.tenant(), fingerprint, lastSort) : null);
        } catch (IOException | ElasticsearchException e) {
            throw new ApiException(
                    ProblemType.UNAVAILABLE, "Search is unavailable right now; try again later", List.of(), e);
        }
    }

    private static void terms(List<Query> filters, String field, List<String> values) {
        if (values != null) {
            var wanted = values.stream().map(FieldValue::of).toList();
            filters.add(Query.of(q -> q.terms(t -> t.field(field).terms(v -> v.value(wanted)))));
        }
    }

    private static void term(List<Query> filters, String field, String value) {
        if (value != null) {
            filters.add(Query.of(q -> q.term(t -> t.field(field).value(value))));
        }
    }
}
