package org.opencirt.indicator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceMergeTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    @Test
    void confidenceLosesTheFeedsDecayPerDaySinceLastSeen() {
        var doc = Map.<String, Object>of("confidence", 80, "decay_per_day", 5, "last_seen", "2026-11-19T12:00:00Z");
        assertThat(SourceMerge.decayed(doc, NOW)).isEqualTo(30);
    }

    @Test
    void confidenceNeverGoesBelowZeroAndDoesNotDecayWithoutASetting() {
        assertThat(SourceMerge.decayed(
                        Map.of("confidence", 80, "decay_per_day", 5, "last_seen", "2025-01-01T00:00:00Z"), NOW))
                .isZero();
        assertThat(SourceMerge.decayed(
                        Map.of("confidence", 80, "decay_per_day", 0, "last_seen", "2025-01-01T00:00:00Z"), NOW))
                .isEqualTo(80);
    }

    private static Map<String, Object> source(
            String feed,
            String tlp,
            List<String> visibleTo,
            String firstSeen,
            String lastSeen,
            String expiresAt,
            int confidence,
            int sightings) {
        var source = new java.util.LinkedHashMap<String, Object>();
        source.put("scope", "global");
        source.put("feed", feed);
        source.put("visible_to", visibleTo);
        source.put("tlp", tlp);
        source.put("confidence", confidence);
        source.put("sightings", sightings);
        source.put("first_seen", firstSeen);
        source.put("last_seen", lastSeen);
        source.put("expires_at", expiresAt);
        return source;
    }

    private static Map<String, Object> document(List<Map<String, Object>> sources) {
        return Map.of("id", "x", "visible_to", List.of(), "sources", sources);
    }

    @Test
    void mergingKeepsTheEarliestFirstSeenTheLatestLastSeenPerSourceAndAddsAnotherFeedAsItsOwnSource() {
        var stored = document(List.of(source(
                "a",
                "GREEN",
                List.of("*"),
                "2026-01-01T00:00:00Z",
                "2026-06-01T00:00:00.5Z",
                "2026-07-01T00:00:00Z",
                60,
                3)));
        var fresh = document(List.of(
                source(
                        "b",
                        "GREEN",
                        List.of("*"),
                        "2026-03-01T00:00:00Z",
                        "2026-06-01T00:00:00Z",
                        "2026-08-01T00:00:00Z",
                        50,
                        1),
                source(
                        "a",
                        "GREEN",
                        List.of("*"),
                        "2026-03-01T00:00:00Z",
                        "2026-06-01T00:00:00Z",
                        "2026-12-01T00:00:00Z",
                        50,
                        1)));
        var merged = SourceMerge.merge(stored, fresh, Instant.parse("2026-06-02T00:00:00Z"));
        var sources = SourceMerge.sources(merged);
        assertThat(sources).extracting(s -> s.get("feed")).containsExactly("a", "b");
        var a = sources.getFirst();
        assertThat(a.get("first_seen")).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(a.get("last_seen")).isEqualTo("2026-06-01T00:00:00.5Z");
        assertThat(a.get("expires_at")).isEqualTo("2026-12-01T00:00:00Z");
        assertThat(a.get("confidence")).isEqualTo(60);
        assertThat(a.get("sightings")).isEqualTo(4);
        assertThat(merged.get("expires_at")).isEqualTo("2026-12-01T00:00:00Z");
    }

    @Test
    void aFeedStatingTheValueUnderAnotherTlpMakesAnotherSourceWithItsOwnVisibility() {
        var stored = document(List.of(source(
                "a",
                "RED",
                List.of("cert-a"),
                "2026-01-01T00:00:00Z",
                "2026-06-01T00:00:00Z",
                "2026-07-01T00:00:00Z",
                90,
                1)));
        var fresh = document(List.of(source(
                "a",
                "GREEN",
                List.of("*"),
                "2026-01-01T00:00:00Z",
                "2026-06-01T00:00:00Z",
                "2026-07-01T00:00:00Z",
                40,
                1)));
        var merged = SourceMerge.merge(stored, fresh, Instant.parse("2026-06-02T00:00:00Z"));
        assertThat(SourceMerge.sources(merged))
                .extracting(s -> s.get("tlp"), s -> s.get("visible_to"))
                .containsExactly(tuple("RED", List.of("cert-a")), tuple("GREEN", List.of("*")));
        assertThat(merged.get("visible_to")).isEqualTo(List.of("cert-a", "*"));
    }

    @Test
    void anExpiredSourceIsDroppedAndTheDocumentsVisibilityAndExpiryFollowTheSourcesLeft() {
        var stored = document(List.of(
                source(
                        "red",
                        "RED",
                        List.of("cert-a"),
                        "2026-01-01T00:00:00Z",
                        "2026-01-02T00:00:00Z",
                        "2026-02-01T00:00:00Z",
                        90,
                        1),
                source(
                        "green",
                        "GREEN",
                        List.of("*"),
                        "2026-01-01T00:00:00Z",
                        "2026-06-01T00:00:00Z",
                        "2026-07-01T00:00:00Z",
                        40,
                        1)));
        var fresh = document(List.of(source(
                "amber",
                "AMBER",
                List.of("cert-b"),
                "2026-06-01T00:00:00Z",
                "2026-06-01T00:00:00Z",
                "2026-06-20T00:00:00Z",
                70,
                1)));
        var merged = SourceMerge.merge(stored, fresh, Instant.parse("2026-06-02T00:00:00Z"));
        assertThat(SourceMerge.sources(merged)).extracting(s -> s.get("feed")).containsExactly("green", "amber");
        assertThat(merged.get("visible_to")).isEqualTo(List.of("*", "cert-b"));
        assertThat(merged.get("expires_at")).isEqualTo("2026-07-01T00:00:00Z");
    }

    @Test
    void aStatementOfASourceTheDocumentHoldsAddsNoSourceUnlessThatSourceHasExpired() {
        var green = source(
                "a",
                "GREEN",
                List.of("*"),
                "2026-01-01T00:00:00Z",
                "2026-06-01T00:00:00Z",
                "2026-07-01T00:00:00Z",
                60,
                1);
        var stored = document(List.of(green));
        var again = document(List.of(source(
                "a",
                "GREEN",
                List.of("*"),
                "2026-06-01T00:00:00Z",
                "2026-06-01T00:00:00Z",
                "2026-08-01T00:00:00Z",
                60,
                1)));
        var underRed = document(List.of(source(
                "a",
                "RED",
                List.of("cert-a"),
                "2026-06-01T00:00:00Z",
                "2026-06-01T00:00:00Z",
                "2026-08-01T00:00:00Z",
                60,
                1)));
        assertThat(SourceMerge.addsSource(stored, again, Instant.parse("2026-06-02T00:00:00Z")))
                .isFalse();
        assertThat(SourceMerge.addsSource(stored, underRed, Instant.parse("2026-06-02T00:00:00Z")))
                .isTrue();
        assertThat(SourceMerge.addsSource(stored, again, Instant.parse("2026-07-02T00:00:00Z")))
                .isTrue();
    }

    @Test
    void pastTheLimitOfSourcesTheOneSeenLeastRecentlyIsDropped() {
        var sources = new java.util.ArrayList<Map<String, Object>>();
        for (int i = 0; i < SourceMerge.MAX_SOURCES; i++) {
            sources.add(source(
                    "feed-" + i,
                    "GREEN",
                    List.of("*"),
                    "2026-01-01T00:00:00Z",
                    i == 7 ? "2026-04-01T00:00:00Z" : "2026-05-10T00:00:00Z",
                    "2026-07-01T00:00:00Z",
                    50,
                    1));
        }
        var fresh = document(List.of(source(
                "newest",
                "GREEN",
                List.of("*"),
                "2026-06-01T00:00:00Z",
                "2026-06-01T00:00:00Z",
                "2026-07-01T00:00:00Z",
                50,
                1)));
        var merged = SourceMerge.merge(document(sources), fresh, Instant.parse("2026-06-02T00:00:00Z"));
        assertThat(SourceMerge.sources(merged))
                .hasSize(SourceMerge.MAX_SOURCES)
                .extracting(s -> s.get("feed"))
                .contains("newest")
                .doesNotContain("feed-7");
    }

    @Test
    void aSourceWithoutExpiryNeverExpiresAndOneExpiresAtItsInstant() {
        var open = source("a", "GREEN", List.of("*"), "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", null, 50, 1);
        var closing = source(
                "b",
                "GREEN",
                List.of("*"),
                "2026-01-01T00:00:00Z",
                "2026-01-01T00:00:00Z",
                "2026-07-01T00:00:00Z",
                50,
                1);
        assertThat(SourceMerge.expired(open, Instant.parse("2099-01-01T00:00:00Z")))
                .isFalse();
        assertThat(SourceMerge.expired(closing, Instant.parse("2026-06-30T23:59:59Z")))
                .isFalse();
        assertThat(SourceMerge.expired(closing, Instant.parse("2026-07-01T00:00:00Z")))
                .isTrue();
    }

    private static Map<String, Object> stored(String addedAt, Map<String, Object> source) {
        var withTime = new java.util.LinkedHashMap<>(source);
        withTime.put("added_at", addedAt);
        var doc = new java.util.LinkedHashMap<String, Object>(document(List.of(withTime)));
        doc.put("added_at", addedAt);
        return doc;
    }

    @Test
    void aSightingKeepsTheServersAddedAtAndANewSourceMovesItOn() {
        var first = source("a", "GREEN", List.of("*"), "2026-01-01T00:00:00Z", "2026-06-01T00:00:00Z", null, 50, 1);
        var stored = stored("2026-06-01T10:00:00.000Z", first);
        // the same feed sees the value again: its last_seen moves, the time it was stored does not
        var sighting = stored(
                "2026-06-02T10:00:00.000Z",
                source("a", "GREEN", List.of("*"), "2026-01-01T00:00:00Z", "2026-06-02T00:00:00Z", null, 50, 1));
        var merged = SourceMerge.merge(stored, sighting, NOW);
        assertThat(merged.get("added_at")).isEqualTo("2026-06-01T10:00:00.000Z");
        assertThat(SourceMerge.sources(merged).getFirst().get("added_at")).isEqualTo("2026-06-01T10:00:00.000Z");
        assertThat(SourceMerge.sources(merged).getFirst().get("last_seen")).isEqualTo("2026-06-02T00:00:00Z");
        // another feed states it: a new source, stored now, and the document's added_at with it
        var other = stored(
                "2026-06-03T10:00:00.000Z",
                source("b", "GREEN", List.of("*"), "2026-06-03T00:00:00Z", "2026-06-03T00:00:00Z", null, 50, 1));
        var withSource = SourceMerge.merge(merged, other, NOW);
        assertThat(withSource.get("added_at")).isEqualTo("2026-06-03T10:00:00.000Z");
        assertThat(SourceMerge.sources(withSource))
                .extracting(s -> s.get("feed"), s -> s.get("added_at"))
                .containsExactly(tuple("a", "2026-06-01T10:00:00.000Z"), tuple("b", "2026-06-03T10:00:00.000Z"));
    }
}
