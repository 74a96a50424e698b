package org.opencirt.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.elasticsearch.client.RestClient;

/**
 * The indicator index: stores and queries documents, one per (type, normalised value). What a
 * document holds and how two statements of a value merge is the indicator feature's: it hands its
 * {@link Merge} to {@link #upsert}, which reads the current documents and writes the merged ones
 * back under optimistic concurrency (this Elasticsearch has no scripts).
 */
@ApplicationScoped
public class IndicatorIndex {

    /** At most this many indicators come back for one {@link #candidates} call. */
    static final int MAX_HITS = 10_000;

    private static final int CONFLICT_RETRIES = 3;

    private final ElasticsearchClient client;
    private final SearchConfig config;
    private final IndicatorBulk bulk;

    IndicatorIndex(ElasticsearchClient client, RestClient lowLevel, SearchConfig config) {
        this.client = client;
        this.config = config;
        this.bulk = new IndicatorBulk(lowLevel);
    }

    /** Streams one document into a bulk body; {@code instants} formats instants once per bulk. */
    @FunctionalInterface
    public interface DocumentWriter {
        void write(JsonGenerator out, Map<Instant, String> instants) throws IOException;
    }

    /** The indicator feature's rule for a document that is already stored. */
    public interface Merge {
        /** The document to store in place of {@code stored} with the statement {@code fresh}. */
        Map<String, Object> merge(Map<String, Object> stored, Map<String, Object> fresh);

        /** True when the statement brings a source the stored document does not hold (a write counted as created). */
        boolean addsSource(Map<String, Object> stored, Map<String, Object> fresh);
    }

    /**
     * What is written for one id: a statement streamed straight into the bulk body (the common
     * case), or a document already merged from several.
     */
    public record Statement(String id, DocumentWriter streamed, Map<String, Object> merged) {
        public static Statement streamed(String id, DocumentWriter writer) {
            return new Statement(id, writer, null);
        }

        public static Statement merged(String id, Map<String, Object> document) {
            return new Statement(id, null, document);
        }

        /** The statement as a map (to merge it). */
        @SuppressWarnings("unchecked")
        public Map<String, Object> document() {
            if (merged != null) {
                return merged;
            }
            try (var buffer = new TokenBuffer(IndicatorBulk.DOCUMENTS, false)) {
                streamed.write(buffer, new HashMap<>());
                return IndicatorBulk.DOCUMENTS.readValue(buffer.asParser(), LinkedHashMap.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** What a write did: how many documents were new, how many merged, and the refused ones with the reason. */
    public record Written(int created, int updated, Map<String, String> failed) {}

    /**
     * Writes statements of distinct ids, merging with the stored documents. Busy answers (429,
     * 503) are retried with backoff; version conflicts (a concurrent run) are merged again.
     *
     * <p>With {@code expectNew}, every statement is first sent as a {@code create}: a new one costs
     * one write and no read, and only those that already exist (refused with a conflict) are read
     * and merged. Without it, the batch is read first, as a re-run of a feed that mostly repeats
     * itself would otherwise pay a refused create for almost every indicator.
     *
     * @throws IOException when Elasticsearch cannot be reached
     */
    @WithSpan("elasticsearch.indicators.upsert")
    public Written upsert(List<Statement> statements, boolean expectNew, Merge merge) throws IOException {
        var pending = new LinkedHashMap<String, Statement>();
        statements.forEach(s -> pending.put(s.id(), s));
        int created = 0;
        int updated = 0;
        var failed = new HashMap<String, String>();
        var todo = pending;
        if (expectNew) {
            var existing = new LinkedHashMap<String, Statement>();
            for (var outcome : bulk.write(
                            alias(),
                            todo.values().stream()
                                    .map(IndicatorBulk.Write::create)
                                    .toList())
                    .entrySet()) {
                var id = outcome.getKey();
                var error = outcome.getValue();
                if (error == null) {
                    created++;
                } else if (IndicatorBulk.isConflict(error)) {
                    existing.put(id, todo.get(id));
                } else {
                    failed.put(id, error);
                }
            }
            todo = existing;
        }
        for (int round = 0; round <= CONFLICT_RETRIES && !todo.isEmpty(); round++) {
            var stored = current(todo.keySet());
            var writes = new ArrayList<IndicatorBulk.Write>();
            var newSource = new HashMap<String, Boolean>();
            for (var statement : todo.values()) {
                var found = stored.get(statement.id());
                if (found == null) {
                    newSource.put(statement.id(), true);
                    writes.add(IndicatorBulk.Write.create(statement));
                } else {
                    var fresh = statement.document();
                    newSource.put(statement.id(), merge.addsSource(found.source(), fresh));
                    writes.add(new IndicatorBulk.Write(
                            statement.id(),
                            Statement.merged(statement.id(), merge.merge(found.source(), fresh)),
                            found.seqNo(),
                            found.primaryTerm()));
                }
            }
            var conflicts = new LinkedHashMap<String, Statement>();
            for (var outcome : bulk.write(alias(), writes).entrySet()) {
                var id = outcome.getKey();
                var error = outcome.getValue();
                if (error == null) {
                    if (newSource.get(id)) {
                        created++;
                    } else {
                        updated++;
                    }
                } else if (IndicatorBulk.isConflict(error) && round < CONFLICT_RETRIES) {
                    conflicts.put(id, todo.get(id));
                } else {
                    failed.put(id, error);
                }
            }
            todo = conflicts;
        }
        return new Written(created, updated, failed);
    }

    private record Current(Map<String, Object> source, long seqNo, long primaryTerm) {}

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Map<String, Current> current(Collection<String> ids) throws IOException {
        var response = client.mget(
                m -> m.index(alias()).ids(List.copyOf(ids)), (Class<Map<String, Object>>) (Class) Map.class);
        var current = new HashMap<String, Current>();
        for (MultiGetResponseItem<Map<String, Object>> item : response.docs()) {
            if (item.isResult() && item.result().found()) {
                var result = item.result();
                current.put(result.id(), new Current(result.source(), result.seqNo(), result.primaryTerm()));
            }
        }
        return current;
    }

    /** Makes everything written so far searchable now (a feed run calls it when it ends). */
    public void refresh() throws IOException {
        client.indices().refresh(r -> r.index(alias()));
    }

    /**
     * Removes documents whose {@code expires_at} has passed (this Elasticsearch has no
     * delete-by-query: search, then bulk-delete), at most {@code max} per call.
     *
     * @return how many were removed
     */
    @WithSpan("elasticsearch.indicators.delete-expired")
    public int deleteExpired(Instant now, int max) throws IOException {
        int removed = 0;
        while (removed < max) {
            var page = Math.min(5000, max - removed);
            var response = client.search(
                    s -> s.index(alias())
                            .size(page)
                            .source(src -> src.fetch(false))
                            .query(q -> q.range(
                                    r -> r.untyped(u -> u.field("expires_at").lte(JsonData.of(now.toString()))))),
                    Void.class);
            var ids = response.hits().hits().stream().map(h -> h.id()).toList();
            if (ids.isEmpty()) {
                break;
            }
            var operations = ids.stream()
                    .map(id -> BulkOperation.of(
                            op -> op.delete(d -> d.index(alias()).id(id))))
                    .toList();
            client.bulk(b -> b.operations(operations).refresh(Refresh.WaitFor));
            removed += ids.size();
        }
        return removed;
    }

    /**
     * The documents a reader may see (by {@link TenantGuard}) that have not expired by {@code now}
     * and hold one of the ids, a network holding one of the addresses ({@code ip_range}), or an
     * address inside one of the networks ({@code ip}); at most {@value #MAX_HITS}.
     *
     * @throws IOException when Elasticsearch cannot be reached
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    @WithSpan("elasticsearch.indicators.candidates")
    public List<Map<String, Object>> candidates(
            TenantGuard.Reader reader,
            Collection<String> ids,
            Collection<String> addresses,
            Collection<String> networks,
            Instant now)
            throws IOException {
        var should = new ArrayList<Query>();
        var values = ids.stream().map(FieldValue::of).toList();
        should.add(Query.of(q -> q.terms(t -> t.field("id").terms(v -> v.value(values)))));
        for (var a : addresses) {
            should.add(Query.of(q -> q.term(t -> t.field("ip_range").value(a))));
        }
        for (var n : networks) {
            should.add(Query.of(q -> q.term(t -> t.field("ip").value(n))));
        }
        var notExpired = notExpired(now);
        try {
            var response = client.search(
                    s -> s.index(alias())
                            .size(MAX_HITS)
                            .query(q -> q.bool(b -> b.filter(TenantGuard.filter(reader))
                                    .filter(notExpired)
                                    .should(should)
                                    .minimumShouldMatch("1"))),
                    (Class<Map<String, Object>>) (Class) Map.class);
            return response.hits().hits().stream().map(h -> h.source()).toList();
        } catch (ElasticsearchException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Documents that have no expiry or expire after {@code now}. */
    static Query notExpired(Instant now) {
        return Query.of(q -> q.bool(b -> b.should(s ->
                        s.range(r -> r.untyped(u -> u.field("expires_at").gt(JsonData.of(now.toString())))))
                .should(s -> s.bool(x -> x.mustNot(m -> m.exists(e -> e.field("expires_at")))))
                .minimumShouldMatch("1")));
    }

    private String alias() {
        return Projection.INDICATORS.alias(config);
    }
}
