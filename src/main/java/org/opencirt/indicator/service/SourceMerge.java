package org.opencirt.indicator.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The rules of an indicator's sources, on its documents as stored: merging statements, expiry
 * and decay. A pure function of its arguments.
 *
 * <p>A document holds one entry per source: a feed's scope (the platform or the CIRT that owns
 * it), the feed and the TLP it stated the value with. Each source keeps its own visibility, tags,
 * confidence, dates and expiry, so a reader is shown only the sources it may see (ADR 10); the
 * document's {@code visible_to} is the union of its sources' and its {@code expires_at} their
 * latest, used only to find candidates. For the same source a merge keeps the earliest first
 * seen, the latest last seen, the union of tags and source ids, the highest confidence and the
 * latest expiry; another source is added, an expired one dropped.
 */
final class SourceMerge {

    private static final int MAX_LIST = 50;
    /** Sources kept per value; past it, those seen least recently are dropped. */
    static final int MAX_SOURCES = 100;

    private SourceMerge() {}

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
        var added = false;
        for (var source : sources(fresh)) {
            added |= !sources.containsKey(key(source));
            sources.merge(key(source), source, SourceMerge::mergeSource);
        }
        while (sources.size() > MAX_SOURCES) {
            sources.values().stream()
                    .min(Comparator.comparing(s -> Instant.parse(String.valueOf(s.get("last_seen")))))
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
        // the server time a source was first stored: moves on only when a source is new, never on a sighting
        var storedAdded = stored.get("added_at");
        merged.put("added_at", added || storedAdded == null ? max(storedAdded, fresh.get("added_at")) : storedAdded);
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
        merged.put("added_at", stored.get("added_at") == null ? fresh.get("added_at") : stored.get("added_at"));
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

    /**
     * True when the statement brings a source the stored document does not hold (unexpired).
     * Counts are per source: a statement whose source the document did not hold yet counts as
     * created even when another source (perhaps one the feed's CIRT may not see) already listed
     * the value, so that a run's report tells nothing of other sources.
     */
    static boolean addsSource(Map<String, Object> stored, Map<String, Object> fresh, Instant now) {
        var held = new HashSet<String>();
        for (var source : sources(stored)) {
            if (!expired(source, now)) {
                held.add(key(source));
            }
        }
        return sources(fresh).stream().noneMatch(source -> held.contains(key(source)));
    }

    /** The sources of a document, as read or built. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> sources(Map<String, Object> document) {
        return document.get("sources") instanceof List<?> list
                ? list.stream()
                        .filter(Map.class::isInstance)
                        .map(s -> (Map<String, Object>) s)
                        .toList()
                : List.of();
    }

    /** True when a source's expiry has passed. */
    static boolean expired(Map<String, Object> source, Instant now) {
        var expires = source.get("expires_at");
        return expires != null && !Instant.parse(expires.toString()).isAfter(now);
    }

    /** A source's confidence minus its feed's decay per day since the source last saw the indicator, never below 0. */
    static int decayed(Map<String, Object> source, Instant now) {
        var confidence = number(source.get("confidence"));
        var decay = number(source.get("decay_per_day"));
        var lastSeen = source.get("last_seen");
        if (decay == 0 || lastSeen == null) {
            return confidence;
        }
        var days = Math.max(
                0, Duration.between(Instant.parse(lastSeen.toString()), now).toDays());
        return (int) Math.max(0, confidence - decay * days);
    }

    /**
     * What tells two sources apart: the feed's scope, the feed, and the TLP it stated the value
     * with (a feed listing a value under two labels makes two sources, each with its visibility).
     */
    private static String key(Map<String, Object> source) {
        return source.get("scope") + "|" + source.get("feed") + "|" + source.get("tlp");
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
}
