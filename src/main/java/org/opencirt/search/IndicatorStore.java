package org.opencirt.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.json.JsonData;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Indicators from threat feeds, one document per (scope, type, normalised value). Writing merges
 * with what is there (earliest first seen, latest last seen, union of feeds, sources and tags,
 * highest confidence, latest expiry) by reading the current documents and writing them back
 * under optimistic concurrency: this Elasticsearch has no scripts.
 */
@ApplicationScoped
public class IndicatorStore {

    private static final Logger LOG = Logger.getLogger(IndicatorStore.class);
    private static final int MAX_LIST = 50;
    private static final int CONFLICT_RETRIES = 3;
    private static final int BUSY_RETRIES = 5;

    private final ElasticsearchClient client;
    private final SearchConfig config;

    IndicatorStore(ElasticsearchClient client, SearchConfig config) {
        this.client = client;
        this.config = config;
    }

    /**
     * One indicator as a feed run states it.
     *
     * @param scope     {@code global} or the owning CIRT
     * @param visibleTo the CIRTs that may see it ({@link TenantGuard#EVERY_CIRT} for all)
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

    /** The deterministic document id of an indicator. */
    public static String idOf(String scope, String type, String value) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest((scope + "|" + type + "|" + value).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes a batch, merging with existing documents. Busy answers (429, 503) are retried with
     * backoff; version conflicts (a concurrent run) are merged again.
     *
     * @throws IOException when Elasticsearch cannot be reached
     */
    public WriteResult upsert(List<Indicator> batch) throws IOException {
        var pending = new LinkedHashMap<String, Map<String, Object>>();
        for (var indicator : batch) {
            pending.merge(indicator.id(), document(indicator), IndicatorStore::merge);
        }
        int created = 0;
        int updated = 0;
        var failed = new HashMap<String, String>();
        for (int round = 0; round <= CONFLICT_RETRIES && !pending.isEmpty(); round++) {
            var existing = current(pending.keySet());
            var operations = new ArrayList<BulkOperation>();
            var wasNew = new HashMap<String, Boolean>();
            for (var entry : pending.entrySet()) {
                var id = entry.getKey();
                var found = existing.get(id);
                if (found == null) {
                    var doc = entry.getValue();
                    operations.add(BulkOperation.of(op -> op.create(c -> c.index(alias()).id(id).document(doc))));
                    wasNew.put(id, true);
                } else {
                    var doc = merge(found.source(), entry.getValue());
                    operations.add(BulkOperation.of(op -> op.index(i -> i.index(alias()).id(id).document(doc)
                            .ifSeqNo(found.seqNo()).ifPrimaryTerm(found.primaryTerm()))));
                    wasNew.put(id, false);
                }
            }
            var conflicts = new LinkedHashMap<String, Map<String, Object>>();
            for (var outcome : bulkWithRetries(operations).entrySet()) {
                var id = outcome.getKey();
                var error = outcome.getValue();
                if (error == null) {
                    if (wasNew.get(id)) {
                        created++;
                    } else {
                        updated++;
                    }
                } else if (error.startsWith("version_conflict_engine_exception") && round < CONFLICT_RETRIES) {
                    conflicts.put(id, pending.get(id));
                } else {
                    failed.put(id, error);
                }
            }
            pending = conflicts;
        }
        return new WriteResult(created, updated, failed);
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

    /** Sends operations, retrying those answered 429 or 503 with backoff. @return per id, null or the error */
    private Map<String, String> bulkWithRetries(List<BulkOperation> operations) throws IOException {
        var outcome = new LinkedHashMap<String, String>();
        var todo = operations;
        for (int attempt = 0; !todo.isEmpty(); attempt++) {
            var sending = todo;
            var response = client.bulk(b -> b.operations(sending).requireAlias(true));
            var busy = new ArrayList<BulkOperation>();
            var items = response.items();
            for (int i = 0; i < items.size(); i++) {
                var item = items.get(i);
                var error = item.error();
                if (error != null && (item.status() == 429 || item.status() == 503) && attempt < BUSY_RETRIES) {
                    busy.add(todo.get(i));
                } else {
                    outcome.put(item.id(), error == null ? null : error.type() + ": " + error.reason());
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

    private static Map<String, Object> document(Indicator i) {
        var doc = new LinkedHashMap<String, Object>();
        doc.put("id", i.id());
        doc.put("tenant", i.scope());
        doc.put("scope", i.scope());
        doc.put("visible_to", i.visibleTo());
        doc.put("tlp", i.tlp());
        doc.put("type", i.type());
        doc.put("value", i.value());
        doc.put("ip", i.ip());
        doc.put("ip_range", i.ipRange());
        doc.put("category", i.category());
        doc.put("classification", i.classification());
        doc.put("confidence", i.confidence());
        doc.put("decay_per_day", i.decayPerDay());
        doc.put("feeds", List.of(i.feed()));
        doc.put("source_ids", i.sourceId() == null ? List.of() : List.of(i.sourceId()));
        doc.put("tags", i.tags() == null ? List.of() : i.tags());
        doc.put("description", i.description());
        doc.put("sightings", 1);
        doc.put("first_seen", iso(i.firstSeen()));
        doc.put("last_seen", iso(i.lastSeen()));
        doc.put("expires_at", iso(i.expiresAt()));
        return doc;
    }

    /** Merges a new statement of an indicator into what is stored. */
    static Map<String, Object> merge(Map<String, Object> stored, Map<String, Object> fresh) {
        var merged = new LinkedHashMap<>(stored);
        merged.put("first_seen", min(stored.get("first_seen"), fresh.get("first_seen")));
        merged.put("last_seen", max(stored.get("last_seen"), fresh.get("last_seen")));
        merged.put("expires_at", max(stored.get("expires_at"), fresh.get("expires_at")));
        merged.put("feeds", union(stored.get("feeds"), fresh.get("feeds")));
        merged.put("source_ids", union(stored.get("source_ids"), fresh.get("source_ids")));
        merged.put("tags", union(stored.get("tags"), fresh.get("tags")));
        merged.put("confidence", Math.max(number(stored.get("confidence")), number(fresh.get("confidence"))));
        merged.put("sightings", number(stored.get("sightings")) + number(fresh.get("sightings")));
        if (stored.get("classification") == null) {
            merged.put("classification", fresh.get("classification"));
            merged.put("category", fresh.get("category"));
        }
        if (stored.get("description") == null) {
            merged.put("description", fresh.get("description"));
        }
        merged.put("visible_to", union(stored.get("visible_to"), fresh.get("visible_to")));
        return merged;
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

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
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
