package org.opencirt.indicator.model;

import java.time.Instant;
import java.util.List;

/**
 * One indicator as a feed run states it: one source of the value's document.
 *
 * @param id        the document's id ({@link IndicatorIds#idOf})
 * @param scope     the feed's scope: {@code global} or the CIRT that owns the feed
 * @param visibleTo the CIRTs that may see this source ({@link SourceTlp#visibility})
 * @param ip        the address for ipv4/ipv6 indicators, else null
 * @param ipRange   the network for cidr indicators, else null
 */
public record Indicator(
        String id,
        String scope,
        List<String> visibleTo,
        String tlp,
        String type,
        String value,
        String ip,
        String ipRange,
        String category,
        String classification,
        int confidence,
        int decayPerDay,
        String feed,
        String sourceId,
        List<String> tags,
        String description,
        Instant firstSeen,
        Instant lastSeen,
        Instant expiresAt) {

    /** True when a CIRT may see this source. */
    public boolean isVisibleTo(String tenant) {
        return visibleTo.contains(tenant) || visibleTo.contains(SourceTlp.EVERY_CIRT);
    }
}
