package org.opencirt.feed.parse;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.opencirt.observable.ObservableType;

/**
 * One indicator as the source states it; NOT normalised (the ingestion normalises and validates).
 * The parser only checks that the value is one non-blank token of at most
 * {@value org.opencirt.observable.Normaliser#MAX_INPUT} characters. The parsers bound the text
 * fields whatever the source writes: at most 100 tags of at most 256 characters, a description of
 * at most 4096 and a sourceId of at most 512 characters (cut with an ellipsis).
 *
 * @param value          the value, trimmed, as written by the source (maybe defanged)
 * @param type           a type hint (forced by the options, stated by the source or implied by the
 *                       format), or null: the ingestion then detects the type
 * @param classification an RSIT type ({@code c2-server}, {@code phishing}, ...) or null
 * @param tags           the source's tags and labels, never null, without blanks or duplicates
 * @param firstSeen      when the source first saw it, or null
 * @param lastSeen       when the source last saw it (or last modified it), or null
 * @param confidence     0-100, or null
 * @param tlp            a TLP 2.0 label as {@link org.opencirt.common.Tlp#wire()} writes it
 *                       ({@code CLEAR}, {@code GREEN}, {@code AMBER}, {@code AMBER+STRICT},
 *                       {@code RED}), or null when the source says nothing
 * @param description    free text for the analyst, or null
 * @param sourceId       the source's id of the entry (SBL id, URLhaus id, MISP event uuid, STIX id...), or null
 * @param position       line number (1-based) for line formats, record index (0-based) for JSON formats
 */
public record RawItem(
        String value,
        ObservableType type,
        String classification,
        List<String> tags,
        Instant firstSeen,
        Instant lastSeen,
        Integer confidence,
        String tlp,
        String description,
        String sourceId,
        long position) {

    public RawItem {
        Objects.requireNonNull(value, "value");
        tags = tags == null || tags.isEmpty() ? List.of() : copyWithoutNulls(tags);
    }

    private static List<String> copyWithoutNulls(List<String> tags) {
        for (int i = 0; i < tags.size(); i++) {
            if (tags.get(i) == null) {
                return tags.stream().filter(Objects::nonNull).toList();
            }
        }
        return List.copyOf(tags);
    }
}
