package org.opencirt.search;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one place that decides which documents a tenant may see: every search this package sends
 * carries this filter in its top-level {@code bool.filter}, and every document read by id is
 * checked with {@link #mayRead}.
 *
 * <p>A document's {@code visible_to} names who may see it. For indicators, a reader may also hold
 * feed grants: the sources of another CIRT's feed that a grant shares with it, at the labels given.
 * The features decide which grants a reader holds (ADR 29); this applies them, at each read.
 */
public final class TenantGuard {

    private TenantGuard() {}

    /**
     * The {@code visible_to} value of documents every CIRT on the platform may see (which indicator
     * sources carry it is the indicator feature's rule).
     */
    public static final String EVERY_CIRT = "*";

    /** At most this many feed grants go into one query (each is a clause). */
    public static final int MAX_FEED_GRANTS = 500;

    /** The sources of one feed ({@code scope} its owner, {@code feed} its id) a reader may see, at these TLP labels. */
    public record FeedGrant(String owner, String feed, List<String> labels) {

        boolean covers(Map<?, ?> source) {
            return owner.equals(source.get("scope"))
                    && feed.equals(source.get("feed"))
                    && labels.contains(String.valueOf(source.get("tlp")));
        }
    }

    /**
     * Who reads: a tenant's users (every document whose {@code visible_to} names it or every CIRT), or, with
     * {@code ownLabels}, a remote partner of the tenant (only those of its sources with one of these labels); either
     * with the feed grants it holds.
     */
    public record Reader(String tenant, List<String> ownLabels, List<FeedGrant> feeds) {

        public Reader {
            if (tenant == null || tenant.isBlank() || EVERY_CIRT.equals(tenant)) {
                throw new IllegalArgumentException("a search without a tenant is never sent");
            }
            ownLabels = ownLabels == null ? null : List.copyOf(ownLabels);
            feeds = feeds == null ? List.of() : List.copyOf(feeds.subList(0, Math.min(feeds.size(), MAX_FEED_GRANTS)));
        }

        /** A tenant's users, with no feed grant. */
        public static Reader of(String tenant) {
            return new Reader(tenant, null, List.of());
        }
    }

    /** Documents whose {@code visible_to} names the tenant, or every CIRT. */
    public static Query filter(String tenant) {
        return filter(Reader.of(tenant));
    }

    /** Documents the reader may see: by {@code visible_to} (and its labels), or through one of its feed grants. */
    public static Query filter(Reader reader) {
        var visible = Query.of(q -> q.terms(t -> t.field("visible_to")
                .terms(v -> v.value(List.of(FieldValue.of(reader.tenant()), FieldValue.of(EVERY_CIRT))))));
        if (reader.ownLabels() != null) {
            var labels = reader.ownLabels().stream().map(FieldValue::of).toList();
            var own = visible;
            visible = Query.of(q -> q.bool(b -> b.filter(own)
                    .filter(f -> f.terms(t -> t.field("sources.tlp").terms(v -> v.value(labels))))));
        }
        if (reader.feeds().isEmpty()) {
            return visible;
        }
        var either = new ArrayList<Query>();
        either.add(visible);
        for (var grant : reader.feeds()) {
            var labels = grant.labels().stream().map(FieldValue::of).toList();
            either.add(Query.of(q -> q.bool(b -> b.filter(
                            f -> f.term(t -> t.field("sources.scope").value(grant.owner())))
                    .filter(f -> f.term(t -> t.field("sources.feed").value(grant.feed())))
                    .filter(f -> f.terms(t -> t.field("sources.tlp").terms(v -> v.value(labels)))))));
        }
        return Query.of(q -> q.bool(b -> b.should(either).minimumShouldMatch("1")));
    }

    /** Re-checks a document fetched by id, or one source of an indicator (it carries its own {@code visible_to}). */
    public static boolean mayRead(String tenant, Map<String, Object> source) {
        return mayRead(Reader.of(tenant), source);
    }

    /**
     * Re-checks a document or one source of an indicator for a reader: its {@code visible_to} (with the reader's labels,
     * if any), or one of its feed grants covering the source (for a document, one of its sources).
     */
    public static boolean mayRead(Reader reader, Map<String, Object> source) {
        if (source == null) {
            return false;
        }
        if (source.get("visible_to") instanceof List<?> visible
                && (visible.contains(reader.tenant()) || visible.contains(EVERY_CIRT))
                && (reader.ownLabels() == null || labelled(reader.ownLabels(), source))) {
            return true;
        }
        if (reader.feeds().isEmpty()) {
            return false;
        }
        if (source.get("sources") instanceof List<?> sources) {
            return sources.stream()
                    .anyMatch(s -> s instanceof Map<?, ?> one
                            && reader.feeds().stream().anyMatch(g -> g.covers(one)));
        }
        return reader.feeds().stream().anyMatch(g -> g.covers(source));
    }

    /** A source with one of the labels, or a document with one such source. */
    private static boolean labelled(List<String> labels, Map<String, Object> source) {
        if (source.get("sources") instanceof List<?> sources) {
            return sources.stream()
                    .anyMatch(s -> s instanceof Map<?, ?> one && labels.contains(String.valueOf(one.get("tlp"))));
        }
        return labels.contains(String.valueOf(source.get("tlp")));
    }
}
