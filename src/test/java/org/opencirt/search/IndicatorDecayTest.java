package org.opencirt.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IndicatorDecayTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    @Test
    void confidenceLosesTheFeedsDecayPerDaySinceLastSeen() {
        var doc = Map.<String, Object>of("confidence", 80, "decay_per_day", 5, "last_seen", "2026-11-19T12:00:00Z");
        assertThat(IndicatorMatcher.decayed(doc, NOW)).isEqualTo(30);
    }

    @Test
    void confidenceNeverGoesBelowZeroAndDoesNotDecayWithoutASetting() {
        assertThat(IndicatorMatcher.decayed(Map.of("confidence", 80, "decay_per_day", 5, "last_seen", "2025-01-01T00:00:00Z"), NOW))
                .isZero();
        assertThat(IndicatorMatcher.decayed(Map.of("confidence", 80, "decay_per_day", 0, "last_seen", "2025-01-01T00:00:00Z"), NOW))
                .isEqualTo(80);
    }

    @Test
    void mergingKeepsTheEarliestFirstSeenTheLatestLastSeenAndTheUnionOfFeeds() {
        var stored = Map.<String, Object>of("first_seen", "2026-01-01T00:00:00Z", "last_seen", "2026-06-01T00:00:00.5Z",
                "expires_at", "2026-07-01T00:00:00Z", "feeds", java.util.List.of("a"), "confidence", 60, "sightings", 3);
        var fresh = Map.<String, Object>of("first_seen", "2026-03-01T00:00:00Z", "last_seen", "2026-06-01T00:00:00Z",
                "expires_at", "2026-12-01T00:00:00Z", "feeds", java.util.List.of("b", "a"), "confidence", 50, "sightings", 1);
        var merged = IndicatorStore.merge(stored, fresh);
        assertThat(merged.get("first_seen")).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(merged.get("last_seen")).isEqualTo("2026-06-01T00:00:00.5Z");
        assertThat(merged.get("expires_at")).isEqualTo("2026-12-01T00:00:00Z");
        assertThat(merged.get("feeds")).isEqualTo(java.util.List.of("a", "b"));
        assertThat(merged.get("confidence")).isEqualTo(60);
        assertThat(merged.get("sightings")).isEqualTo(4);
    }
}
