package org.opencirt.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.json.JsonData;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.RequestOptions;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.jboss.logging.Logger;

/**
 * Indicators from threat feeds, one document per (type, normalised value) holding one entry per
 * source: a feed's scope (the platform or the CIRT that owns it), the feed and the TLP it stated
 * the value with. Each source keeps its own visibility, tags, confidence, dates and expiry, so a
 * reader is shown only the sources it may see (ADR 10); the document's {@code visible_to} is the
 * union of its sources' and its {@code expires_at} their latest, used only to find candidates.
 *
 * <p>Writing merges with what is there (for the same source: earliest first seen, latest last
 * seen, union of tags and source ids, highest confidence, latest expiry; another source is added,
 * an expired one dropped) by reading the current documents and writing them back under optimistic
 * concurrency: this Elasticsearch has no scripts.
 */
@ApplicationScoped
public class IndicatorStore {

    private static final Logger LOG = Logger.getLogger(IndicatorStore.class);
    private static final int MAX_LIST = 50;
    /** Sources kept per value; past it, those seen least recently are dropped. */
    static final int MAX_SOURCES = 100;
    private static final int CONFLICT_RETRIES = 3;
    private static final int BUSY_RETRIES = 5;

    /** Bulk answers are received into chunks; an answer of 5,000 items is about a megabyte. */
    private static final RequestOptions BULK_OPTIONS = RequestOptions.DEFAULT.toBuilder()
            .setHttpAsyncResponseConsumerFactory(ChunkedBody.answers(256L << 20)).build();

    private static final ObjectMapper DOCUMENTS = new ObjectMapper().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    private static final org.apache.http.entity.ContentType NDJSON = org.apache.http.entity.ContentType.create("application/x-ndjson");

    private final ElasticsearchClient client;
    private final RestClient lowLevel;
    private final SearchConfig config;

    IndicatorStore(ElasticsearchClient client, RestClient lowLevel, SearchConfig config) {
        this.client = client;
        this.lowLevel = lowLevel;
        this.config = config;
    }

    /**
     * One indicator as a feed run states it: one source of the value's document.
     *
     * @param id        the document's id ({@link #idOf})
     * @param scope     the feed's scope: {@code global} or the CIRT that owns the feed
     * @param visibleTo the CIRTs that may see this source ({@link TenantGuard#indicatorVisibility})
     * @param ip        the address for ipv4/ipv6 indicators, else null
     * @param ipRange   the network for cidr indicators, else null
     */
    public record Indicator(String id, String scope, List<String> visibleTo, String tlp, String type, String value,
            String ip, String ipRange, String category, String classification, int confidence, int decayPerDay, String feed,
            String sourceId, List<String> tags, String description, Instant firstSeen, Instant lastSeen, Instant expiresAt) {
    }

    /** What a write did: how many documents were new, how many merged, and the refused ones with the reason. */
    public record WriteResult(int created, int updated, Map<String, String> failed) {
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private static final HexFormat HEX = HexFormat.of();

    /** The deterministic document id of an indicator: one document per value, whatever its sources. */
    public static String idOf(String type, String value) {
        var sha = SHA256.get();
        sha.update(type.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '|');
        sha.update(value.getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(sha.digest(), 0, 20);
    }

    /**
     * Writes a batch, merging with existing documents. Busy answers (429, 503) are retried with
     * backoff; version conflicts (a concurrent run) are merged again.
     *
     * <p>With {@code expectNew}, every indicator is first sent as a {@code create}: a new one costs
     * one write and no read, and only those that already exist (refused with a conflict) are read
     * and merged. Without it, the batch is read first, as a re-run of a feed that mostly repeats
     * itself would otherwise pay a refused create for almost every indicator.
     *
     * <p>Counts are per source: a statement whose source the document did not hold yet counts as
     * created even when another source (perhaps one the feed's CIRT may not see) already listed
     * the value, so that a run's report tells nothing of other sources.
     *
     * @throws IOException when Elasticsearch cannot be reached
     */
    public WriteResult upsert(List<Indicator> batch, boolean expectNew) throws IOException {
        var now = Instant.now();
        var pending = new LinkedHashMap<String, Statement>();
        for (var indicator : batch) {
            pending.merge(indicator.id(), new Statement(indicator, null),
                    (a, b) -> Statement.merged(merge(a.document(), b.document(), now)));
        }
        int created = 0;
        int updated = 0;
        var failed = new HashMap<String, String>();
        if (expectNew) {
            var writes = new ArrayList<Write>();
            for (var entry : pending.entrySet()) {
                writes.add(Write.create(entry.getKey(), entry.getValue()));
            }
            var existing = new LinkedHashMap<String, Statement>();
            for (var outcome : bulkWithRetries(writes).entrySet()) {
                var id = outcome.getKey();
                var error = outcome.getValue();
                if (error == null) {
                    created++;
                } else if (isConflict(error)) {
                    existing.put(id, pending.get(id));
                } else {
                    failed.put(id, error);
                }
            }
            pending = existing;
        }
        for (int round = 0; round <= CONFLICT_RETRIES && !pending.isEmpty(); round++) {
            var existing = current(pending.keySet());
            var writes = new ArrayList<Write>();
            var newSource = new HashMap<String, Boolean>();
            for (var entry : pending.entrySet()) {
                var id = entry.getKey();
                var found = existing.get(id);
                if (found == null) {
                    newSource.put(id, true);
                    writes.add(Write.create(id, entry.getValue()));
                } else {
                    var fresh = entry.getValue().document();
                    newSource.put(id, !holdsAnySource(found.source(), fresh, now));
                    writes.add(new Write(id, Statement.merged(merge(found.source(), fresh, now)), found.seqNo(), found.primaryTerm()));
                }
            }
            var conflicts = new LinkedHashMap<String, Statement>();
            for (var outcome : bulkWithRetries(writes).entrySet()) {
                var id = outcome.getKey();
                var error = outcome.getValue();
                if (error == null) {
                    if (newSource.get(id)) {
                        created++;
                    } else {
                        updated++;
                    }
                } else if (isConflict(error) && round < CONFLICT_RETRIES) {
                    conflicts.put(id, pending.get(id));
                } else {
                    failed.put(id, error);
                }
            }
            pending = conflicts;
        }
        return new WriteResult(created, updated, failed);
    }

    /**
     * What is written for one id: a feed's statement of an indicator as it is (streamed straight
     * into the bulk body, the common case), or a document merged from several statements.
     */
    private record Statement(Indicator fresh, Map<String, Object> merged) {
        static Statement merged(Map<String, Object> document) {
            return new Statement(null, document);
        }

        Map<String, Object> document() {
            return merged != null ? merged : IndicatorStore.document(fresh);
        }
    }

    /** One document to write: a create when {@code seqNo} is null, else an overwrite of the version read. */
    private record Write(String id, Statement statement, Long seqNo, Long primaryTerm) {
        static Write create(String id, Statement statement) {
            return new Write(id, statement, null, null);
        }
    }

    private static boolean isBusy(int status) {
        return status == 429 || status == 503;
    }

    private static boolean isConflict(String error) {
        return error.startsWith("version_conflict_engine_exception");
    }

    private record Current(Map<String, Object> source, long seqNo, long primaryTerm) {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Map<String, Current> current(Collection<String> ids) throws IOException {
        var response = client.mget(m -> m.index(alias()).ids(List.copyOf(ids)), (Class<Map<String, Object>>) (Class) Map.class);
        var current = new HashMap<String, Current>();
        for (MultiGetResponseItem<Map<String, Object>> item : response.docs()) {
            if (item.isResult() && item.result().found()) {
                var result = item.result();
                current.put(result.id(), new Current(result.source(), result.seqNo(), result.primaryTerm()));
            }
        }
        return current;
    }

    /**
     * Sends writes through {@code _bulk}, retrying those answered 429 or 503 with backoff.
     *
     * <p>The body is built here as NDJSON and sent with the low-level client: the typed client
     * hands the HTTP layer one buffer per line, whose chunked writes cost a feed run more CPU than
     * parsing the feed.
     *
     * @return per id, null or the error
     */
    private Map<String, String> bulkWithRetries(List<Write> writes) throws IOException {
        var outcome = new LinkedHashMap<String, String>();
        var todo = writes;
        for (int attempt = 0; !todo.isEmpty(); attempt++) {
            List<Item> items;
            try {
                items = bulk(todo);
            } catch (ResponseException e) {
                var status = e.getResponse().getStatusLine().getStatusCode();
                if (!isBusy(status) || attempt >= BUSY_RETRIES) {
                    throw e;
                }
                LOG.debugf("Elasticsearch busy (%d), retrying a bulk of %d indicator(s)", status, todo.size());
                sleep(200L << attempt);
                continue;
            }
            var busy = new ArrayList<Write>();
            for (int i = 0; i < items.size(); i++) {
                var item = items.get(i);
                if (item.error() != null && isBusy(item.status()) && attempt < BUSY_RETRIES) {
                    busy.add(todo.get(i));
                } else {
                    outcome.put(todo.get(i).id(), item.error());
                }
            }
            if (!busy.isEmpty()) {
                LOG.debugf("Elasticsearch busy, retrying %d indicator(s)", busy.size());
                sleep(200L << attempt);
            }
            todo = busy;
        }
        return outcome;
    }

    /** What Elasticsearch answered for one write of a bulk request: its status, and the error if it failed. */
    private record Item(int status, String error) {
        static final Item DONE = new Item(200, null);
    }

    /**
     * One {@code _bulk} request. The body is streamed by one generator into {@link ChunkedBody}'s
     * chunks: no map per document and no buffer large enough to be a humongous allocation; the
     * answer is received into chunks too.
     *
     * @return what Elasticsearch answered for each write, in the order of the writes
     */
    private List<Item> bulk(List<Write> writes) throws IOException {
        var body = new ChunkedBody();
        var alias = alias();
        var instants = new HashMap<Instant, String>();
        try (var out = DOCUMENTS.getFactory().createGenerator(body)) {
            out.setRootValueSeparator(null);
            for (var write : writes) {
                out.writeStartObject();
                out.writeObjectFieldStart(write.seqNo() == null ? "create" : "index");
                out.writeStringField("_index", alias);
                out.writeStringField("_id", write.id());
                if (write.seqNo() != null) {
                    out.writeNumberField("if_seq_no", write.seqNo());
                    out.writeNumberField("if_primary_term", write.primaryTerm());
                }
                out.writeEndObject();
                out.writeEndObject();
                out.writeRaw('\n');
                var statement = write.statement();
                if (statement.merged() != null) {
                    DOCUMENTS.writeValue(out, statement.merged());
                } else {
                    writeDocument(out, statement.fresh(), instants);
                }
                out.writeRaw('\n');
            }
        }
        var request = new Request("POST", "/_bulk");
        request.addParameter("require_alias", "true");
        request.setEntity(body.entity(NDJSON));
        request.setOptions(BULK_OPTIONS);
        var response = lowLevel.performRequest(request);
        try (var content = response.getEntity().getContent()) {
            var items = items(content);
            if (items.size() != writes.size()) {
                throw new IOException("Elasticsearch answered %d of %d bulk items".formatted(items.size(), writes.size()));
            }
            return items;
        }
    }

    /**
     * Reads a bulk answer as a stream. When its {@code errors} is false (every write went
     * through, as for almost every batch of a feed), the items are counted and not read.
     * (Asking Elasticsearch for less with {@code filter_path} costs it more CPU than it saves here.)
     */
    private static List<Item> items(InputStream content) throws IOException {
        try (var in = DOCUMENTS.getFactory().createParser(content)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a bulk answer that is not a JSON object");
            }
            Boolean errors = null;
            List<Item> items = null;
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                var field = in.currentName();
                in.nextToken();
                if ("errors".equals(field)) {
                    errors = in.getBooleanValue();
                } else if ("items".equals(field) && Boolean.FALSE.equals(errors)) {
                    int count = 0;
                    while (in.nextToken() == JsonToken.START_OBJECT) {
                        in.skipChildren();
                        count++;
                    }
                    items = Collections.nCopies(count, Item.DONE);
                } else if ("items".equals(field)) {
                    items = new ArrayList<>();
                    while (in.nextToken() == JsonToken.START_OBJECT) {
                        in.nextToken();   // the operation's name
                        in.nextToken();   // the start of its result
                        JsonNode result = DOCUMENTS.readTree(in);
                        in.nextToken();   // the end of the item
                        var error = result.get("error");
                        items.add(new Item(result.path("status").asInt(),
                                error == null ? null : error.path("type").asText() + ": " + error.path("reason").asText()));
                    }
                } else {
                    in.skipChildren();
                }
            }
            if (items == null) {
                throw new IOException("a bulk answer without items");
            }
            return items;
        }
    }

    /** Makes everything written so far searchable now (a feed run calls it when it ends). */
    public void refresh() throws IOException {
        client.indices().refresh(r -> r.index(alias()));
    }

    /**
     * Removes expired indicators (this Elasticsearch has no delete-by-query: search, then
     * bulk-delete), at most {@code max} per call.
     *
     * @return how many were removed
     */
    public int deleteExpired(Instant now, int max) throws IOException {
        int removed = 0;
        while (removed < max) {
            var page = Math.min(5000, max - removed);
            var response = client.search(s -> s.index(alias()).size(page).source(src -> src.fetch(false))
                    .query(q -> q.range(r -> r.untyped(u -> u.field("expires_at").lte(JsonData.of(now.toString()))))),
                    Void.class);
            var ids = response.hits().hits().stream().map(h -> h.id()).toList();
            if (ids.isEmpty()) {
                break;
            }
            var operations = ids.stream()
                    .map(id -> BulkOperation.of(op -> op.delete(d -> d.index(alias()).id(id)))).toList();
            client.bulk(b -> b.operations(operations).refresh(Refresh.WaitFor));
            removed += ids.size();
        }
        return removed;
    }

    private String alias() {
        return Projection.INDICATORS.alias(config);
    }

    /** The document of a new indicator, with its one source, as a map (to merge it with another statement). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> document(Indicator indicator) {
        try (var buffer = new TokenBuffer(DOCUMENTS, false)) {
            writeDocument(buffer, indicator, new HashMap<>());
            return DOCUMENTS.readValue(buffer.asParser(), LinkedHashMap.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the document of a new indicator, with its one source: the one place its fields are
     * listed. Instants repeat across a batch (a run's now, its expiry), so they are formatted once
     * per batch.
     */
    private static void writeDocument(JsonGenerator out, Indicator i, Map<Instant, String> instants) throws IOException {
        var expires = iso(i.expiresAt(), instants);
        out.writeStartObject();
        out.writeStringField("id", i.id());
        writeList(out, "visible_to", i.visibleTo());
        out.writeStringField("type", i.type());
        out.writeStringField("value", i.value());
        out.writeStringField("ip", i.ip());
        out.writeStringField("ip_range", i.ipRange());
        out.writeStringField("expires_at", expires);
        out.writeArrayFieldStart("sources");
        out.writeStartObject();
        out.writeStringField("scope", i.scope());
        out.writeStringField("feed", i.feed());
        writeList(out, "visible_to", i.visibleTo());
        out.writeStringField("tlp", i.tlp());
        out.writeStringField("category", i.category());
        out.writeStringField("classification", i.classification());
        out.writeNumberField("confidence", i.confidence());
        out.writeNumberField("decay_per_day", i.decayPerDay());
        writeList(out, "tags", i.tags() == null ? List.of() : i.tags());
        writeList(out, "source_ids", i.sourceId() == null ? List.of() : List.of(i.sourceId()));
        out.writeStringField("description", i.description());
        out.writeNumberField("sightings", 1);
        out.writeStringField("first_seen", iso(i.firstSeen(), instants));
        out.writeStringField("last_seen", iso(i.lastSeen(), instants));
        out.writeStringField("expires_at", expires);
        out.writeEndObject();
        out.writeEndArray();
        out.writeEndObject();
    }

    private static void writeList(JsonGenerator out, String field, List<String> values) throws IOException {
        out.writeArrayFieldStart(field);
        for (var value : values) {
            out.writeString(value);
        }
        out.writeEndArray();
    }

    /**
     * Merges a new statement of an indicator (a document of one or more sources) into what is
     * stored: a source already there is merged with its new statement, another is added, and
     * sources expired by {@code now} are dropped. The document's visibility and expiry are then
     * recomputed from the sources it keeps.
     */
    static Map<String, Object> merge(Map<String, Object> stored, Map<String, Object> fresh, Instant now) {
        var sources = new LinkedHashMap<String, Map<String, Object>>();
        for (var source : sources(stored)) {
            if (!expired(source, now)) {
                sources.put(key(source), source);
            }
        }
        for (var source : sources(fresh)) {
            sources.merge(key(source), source, IndicatorStore::mergeSource);
        }
        while (sources.size() > MAX_SOURCES) {
            sources.values().stream().min(Comparator.comparing(s -> Instant.parse(String.valueOf(s.get("last_seen")))))
                    .ifPresent(oldest -> sources.remove(key(oldest)));
        }
        var merged = new LinkedHashMap<>(stored);
        var visible = new LinkedHashSet<Object>();
        Object expires = null;
        for (var source : sources.values()) {
            if (source.get("visible_to") instanceof List<?> list) {
                visible.addAll(list);
            }
            expires = max(expires, source.get("expires_at"));
        }
        merged.put("visible_to", List.copyOf(visible));
        merged.put("expires_at", expires);
        merged.put("sources", List.copyOf(sources.values()));
        return merged;
    }

    /** Merges two statements of the same source. */
    static Map<String, Object> mergeSource(Map<String, Object> stored, Map<String, Object> fresh) {
        var merged = new LinkedHashMap<>(stored);
        merged.put("first_seen", min(stored.get("first_seen"), fresh.get("first_seen")));
        merged.put("last_seen", max(stored.get("last_seen"), fresh.get("last_seen")));
        merged.put("expires_at", max(stored.get("expires_at"), fresh.get("expires_at")));
        merged.put("source_ids", union(stored.get("source_ids"), fresh.get("source_ids")));
        merged.put("tags", union(stored.get("tags"), fresh.get("tags")));
        merged.put("confidence", Math.max(number(stored.get("confidence")), number(fresh.get("confidence"))));
        merged.put("decay_per_day", fresh.get("decay_per_day"));
        merged.put("sightings", number(stored.get("sightings")) + number(fresh.get("sightings")));
        if (stored.get("classification") == null) {
            merged.put("classification", fresh.get("classification"));
            merged.put("category", fresh.get("category"));
        }
        if (stored.get("description") == null) {
            merged.put("description", fresh.get("description"));
        }
        return merged;
    }

    /** True when the stored document already holds one of the statement's sources (unexpired). */
    private static boolean holdsAnySource(Map<String, Object> stored, Map<String, Object> fresh, Instant now) {
        var held = new HashSet<String>();
        for (var source : sources(stored)) {
            if (!expired(source, now)) {
                held.add(key(source));
            }
        }
        return sources(fresh).stream().anyMatch(source -> held.contains(key(source)));
    }

    /** The sources of a document, as read or built. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> sources(Map<String, Object> document) {
        return document.get("sources") instanceof List<?> list
                ? list.stream().filter(Map.class::isInstance).map(s -> (Map<String, Object>) s).toList()
                : List.of();
    }

    /**
     * What tells two sources apart: the feed's scope, the feed, and the TLP it stated the value
     * with (a feed listing a value under two labels makes two sources, each with its visibility).
     */
    private static String key(Map<String, Object> source) {
        return source.get("scope") + "|" + source.get("feed") + "|" + source.get("tlp");
    }

    /** True when a source's expiry has passed. */
    static boolean expired(Map<String, Object> source, Instant now) {
        var expires = source.get("expires_at");
        return expires != null && !Instant.parse(expires.toString()).isAfter(now);
    }

    private static List<Object> union(Object a, Object b) {
        var values = new LinkedHashSet<Object>();
        if (a instanceof List<?> list) {
            values.addAll(list);
        }
        if (b instanceof List<?> list) {
            values.addAll(list);
        }
        return values.stream().limit(MAX_LIST).toList();
    }

    private static Object min(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Instant.parse(a.toString()).isAfter(Instant.parse(b.toString())) ? b : a;
    }

    private static Object max(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return Instant.parse(a.toString()).isBefore(Instant.parse(b.toString())) ? b : a;
    }

    private static int number(Object value) {
        return value instanceof Number n ? n.intValue() : 0;
    }

    private static String iso(Instant instant, Map<Instant, String> formatted) {
        return instant == null ? null : formatted.computeIfAbsent(instant, Instant::toString);
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while Elasticsearch was busy", e);
        }
    }
}
