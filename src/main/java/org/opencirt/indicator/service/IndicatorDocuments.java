package org.opencirt.indicator.service;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.opencirt.indicator.model.Indicator;
import org.opencirt.indicator.model.IndicatorIds;
import org.opencirt.indicator.model.Match;
import org.opencirt.search.IndicatorIndex;

/**
 * The shape of an indicator's document in the index: written from an {@link Indicator} (the one
 * place its fields are listed) and read back into the sources a match shows.
 */
final class IndicatorDocuments {

    private IndicatorDocuments() {}

    /**
     * A feed's statement of an indicator, streamed into the bulk body as it is. {@code storedAt} is the server's
     * time of the write: a new document's (and a new source's) {@code added_at}, what TAXII's {@code date_added}
     * and {@code added_after} read (ADR 25).
     */
    static IndicatorIndex.Statement statement(Indicator indicator, Instant storedAt) {
        return IndicatorIndex.Statement.streamed(
                indicator.id(), (out, instants) -> write(out, indicator, storedAt, instants));
    }

    /**
     * Writes the document of a new indicator, with its one source. Instants repeat across a batch
     * (a run's now, its expiry), so they are formatted once per batch.
     */
    static void write(JsonGenerator out, Indicator i, Instant storedAt, Map<Instant, String> instants)
            throws IOException {
        var expires = iso(i.expiresAt(), instants);
        var added = iso(storedAt, instants);
        out.writeStartObject();
        out.writeStringField("id", i.id());
        writeList(out, "visible_to", i.visibleTo());
        out.writeStringField("type", i.type());
        out.writeStringField("value", i.value());
        out.writeStringField("ip", i.ip());
        out.writeStringField("ip_range", i.ipRange());
        out.writeStringField("expires_at", expires);
        out.writeStringField("added_at", added);
        out.writeStringField("stix_key", IndicatorIds.stixKey(i.id()).toString());
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
        out.writeStringField("added_at", added);
        out.writeEndObject();
        out.writeEndArray();
        out.writeEndObject();
    }

    /** One source of a stored document as a match shows it, its confidence decayed by {@code now}. */
    static Match.Source source(Map<String, Object> source, Instant now) {
        return new Match.Source(
                text(source, "feed"),
                text(source, "tlp"),
                text(source, "classification"),
                text(source, "category"),
                SourceMerge.decayed(source, now),
                strings(source.get("tags")),
                instant(source, "first_seen"),
                instant(source, "last_seen"));
    }

    static String text(Map<String, Object> doc, String field) {
        var value = doc.get(field);
        return value == null ? null : value.toString();
    }

    private static Instant instant(Map<String, Object> doc, String field) {
        var value = text(doc, field);
        return value == null ? null : Instant.parse(value);
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list
                ? list.stream().map(String::valueOf).toList()
                : List.of();
    }

    private static void writeList(JsonGenerator out, String field, List<String> values) throws IOException {
        out.writeArrayFieldStart(field);
        for (var value : values) {
            out.writeString(value);
        }
        out.writeEndArray();
    }

    private static String iso(Instant instant, Map<Instant, String> formatted) {
        return instant == null ? null : formatted.computeIfAbsent(instant, Instant::toString);
    }
}
