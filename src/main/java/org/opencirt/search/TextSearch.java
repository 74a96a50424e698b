package org.opencirt.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.SimpleQueryStringFlag;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;

/**
 * Finds a tenant's documents of a projection by text, newest first, page by page: for the
 * features whose search is a text box (advisories). The tenant guard's filter goes with every
 * request; the user's text goes only through {@code simple_query_string} on the fields this
 * class fixes per projection. It answers ids: the feature reads the records themselves from
 * PostgreSQL, within the same tenant.
 */
@ApplicationScoped
public class TextSearch {

    /** The fields user text is matched against, per projection (with their boosts), and none other. */
    private static final Map<Projection, List<String>> TEXT_FIELDS = Map.of(
            Projection.ADVISORIES,
            List.of("tracking_id^5", "tracking_id.text^3", "title^3", "cves^3", "cves.text", "products", "notes"));

    /** The query syntax users may type (no fuzzy, no regular expressions: their cost is unbounded). */
    static final List<SimpleQueryStringFlag> FLAGS = List.of(
            SimpleQueryStringFlag.And,
            SimpleQueryStringFlag.Or,
            SimpleQueryStringFlag.Not,
            SimpleQueryStringFlag.Phrase,
            SimpleQueryStringFlag.Prefix,
            SimpleQueryStringFlag.Precedence,
            SimpleQueryStringFlag.Whitespace,
            SimpleQueryStringFlag.Escape);

    /** Newest change first; the id breaks ties, so that {@code search_after} neither skips nor repeats a document. */
    private static final List<SortOptions> NEWEST_FIRST = List.of(
            SortOptions.of(s ->
                    s.field(f -> f.field("updated_at").order(SortOrder.Desc).missing("_last"))),
            SortOptions.of(s -> s.field(f -> f.field("id").order(SortOrder.Asc))));

    private final ElasticsearchClient client;
    private final SearchConfig config;
    private final Cursors cursors;

    TextSearch(ElasticsearchClient client, SearchConfig config, Cursors cursors) {
        this.client = client;
        this.config = config;
        this.cursors = cursors;
    }

    /**
     * One page of a search.
     *
     * @param text   the user's text (words, {@code "phrases"}, {@code prefix*}, {@code -not}, {@code a | b}); blank: every document
     * @param limit  the page size
     * @param cursor the {@link Page#next()} of the previous page, or null for the first
     */
    public record Request(String text, int limit, String cursor) {}

    /** The ids of a page in order, how many documents match in all, and the cursor of the next page (null at the end). */
    public record Page(long total, List<UUID> ids, String next) {}

    /**
     * @throws ApiException 400 for a cursor that is not one of this search (forged, another tenant's, another text's),
     *                      503 when Elasticsearch cannot answer
     */
    public Page search(Projection projection, String tenant, Request query) {
        var fields = TEXT_FIELDS.get(projection);
        if (fields == null) {
            throw new IllegalArgumentException("no text search over " + projection);
        }
        // the cursor carries the query it pages through, signed: no other query can reuse it
        var fingerprint = projection + "\u0000" + query.limit() + "\u0000" + (query.text() == null ? "" : query.text());
        var after = cursors.after(query.cursor(), tenant, fingerprint);
        var must = new ArrayList<Query>();
        if (query.text() != null && !query.text().isBlank()) {
            must.add(Query.of(q -> q.simpleQueryString(s -> s.query(query.text())
                    .fields(fields)
                    .defaultOperator(Operator.And)
                    .lenient(true)
                    .flags(FLAGS))));
        }
        try {
            @SuppressWarnings({"unchecked", "rawtypes"})
            var response = client.search(
                    s -> {
                        s.index(projection.alias(config))
                                .query(q -> q.bool(b ->
                                        b.filter(TenantGuard.filter(tenant)).must(must)))
                                .sort(NEWEST_FIRST)
                                .size(query.limit())
                                .source(src -> src.filter(f -> f.includes("id", "visible_to")))
                                .trackTotalHits(t -> t.enabled(true));
                        if (after != null) {
                            s.searchAfter(after);
                        }
                        return s;
                    },
                    (Class<Map<String, Object>>) (Class) Map.class);
            var ids = new ArrayList<UUID>();
            List<FieldValue> lastSort = null;
            for (var hit : response.hits().hits()) {
                if (TenantGuard.mayRead(tenant, hit.source())) {
                    ids.add(UUID.fromString(hit.id()));
                }
                lastSort = hit.sort();
            }
            var total = response.hits().total() == null
                    ? ids.size()
                    : response.hits().total().value();
            String next = null;
            if (response.hits().hits().size() == query.limit() && lastSort != null) {
                next = cursors.encode(tenant, fingerprint, lastSort);
            }
            return new Page(total, ids, next);
        } catch (IOException | ElasticsearchException e) {
            throw new ApiException(
                    ProblemType.UNAVAILABLE,
                    "Search is unavailable right now; nothing is lost, try again later",
                    List.of(),
                    e);
        }
    }
}
