package org.opencirt.indicator.model;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An indicator as one CIRT may export it (STIX, TAXII): from the sources it may see only.
 *
 * @param id             the document's id
 * @param stixKey        the UUID from which STIX ids of this indicator are made ({@link IndicatorIds#stixKey})
 * @param confidence     the highest (decayed) confidence of the sources
 * @param tlp            the strictest label of the sources
 * @param classification the classification of the most confident classified source, or null
 * @param validFrom      the earliest first seen of the sources (else when it was stored)
 * @param validUntil     the latest expiry of the sources, or null when one never expires
 * @param created        when the first of these sources was stored (server time)
 * @param modified       when the last of these sources was stored (server time)
 * @param dateAdded      the document's {@code added_at}: when it, or a source of it, was last stored new
 */
public record IndicatorExport(
        String id,
        UUID stixKey,
        String type,
        String value,
        String tlp,
        int confidence,
        String classification,
        String category,
        List<String> tags,
        List<ExportSource> sources,
        Instant validFrom,
        Instant validUntil,
        Instant created,
        Instant modified,
        Instant dateAdded) {

    /** One source the CIRT may see: its feed, label, and the ids the feed gave the value. */
    public record ExportSource(String feed, String tlp, List<String> sourceIds, String description) {}

    /** One page of them, in the order they were stored, and the cursor of the next (null at the end). */
    public record Page(List<IndicatorExport> indicators, String next) {}
}
