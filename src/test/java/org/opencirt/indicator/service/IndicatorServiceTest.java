package org.opencirt.indicator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencirt.indicator.model.Indicator;
import org.opencirt.indicator.model.IndicatorIds;
import org.opencirt.indicator.model.WriteResult;
import org.opencirt.observable.Observable;
import org.opencirt.observable.ObservableType;
import org.opencirt.search.Projection;
import org.opencirt.search.SearchConfig;

/** The indicator index itself: merging, refusals reported per item, expiry, and what matching sees. */
@QuarkusTest
class IndicatorServiceTest {

    @Inject
    IndicatorService indicators;

    @Inject
    ElasticsearchClient client;

    @Inject
    SearchConfig config;

    private static Indicator indicator(
            String scope,
            String value,
            String ip,
            Instant firstSeen,
            Instant expires,
            List<String> visibleTo,
            String feed) {
        return new Indicator(
                IndicatorIds.idOf("ipv4", value),
                scope,
                visibleTo,
                "GREEN",
                "ipv4",
                value,
                ip,
                null,
                "malicious-code",
                "c2-server",
                70,
                0,
                feed,
                null,
                List.of("t"),
                null,
                firstSeen,
                firstSeen,
                expires);
    }

    /** A value no sample feed holds, so that only this test's indicators can match it. */
    private static String freshAddress() {
        var random = new java.util.Random();
        return "45.%d.%d.%d".formatted(random.nextInt(256), random.nextInt(256), 1 + random.nextInt(250));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sources(Map<?, ?> stored) {
        return SourceMerge.sources((Map<String, Object>) stored);
    }

    private void refresh() throws Exception {
        client.indices().refresh(r -> r.index(Projection.INDICATORS.alias(config)));
    }

    @ParameterizedTest(name = "written create-first: {0}")
    @ValueSource(booleans = {true, false})
    void aSecondStatementMergesIntoTheSameDocument(boolean expectNew) throws Exception {
        var value = freshAddress();
        var now = Instant.now();
        var early = indicator(
                "global",
                value,
                value,
                now.minus(Duration.ofDays(9)),
                now.plus(Duration.ofDays(1)),
                List.of("*"),
                "feed-a");
        var late = indicator(
                "global",
                value,
                value,
                now.minus(Duration.ofDays(2)),
                now.plus(Duration.ofDays(5)),
                List.of("*"),
                "feed-b");
        var first = indicators.write(List.of(early), expectNew);
        assertThat(first.created()).isEqualTo(1);
        var second = indicators.write(List.of(late), expectNew);
        // another feed's statement is a new source of the same document: counted as created
        assertThat(second.created()).isEqualTo(1);
        assertThat(second.updated()).isZero();
        assertThat(second.failed()).isEmpty();
        refresh();
        var stored = client.get(
                        g -> g.index(Projection.INDICATORS.alias(config)).id(early.id()), Map.class)
                .source();
        assertThat(stored.get("expires_at")).isEqualTo(late.expiresAt().toString());
        assertThat(sources(stored))
                .extracting(s -> s.get("feed"), s -> s.get("first_seen"), s -> s.get("sightings"))
                .containsExactly(
                        tuple("feed-a", early.firstSeen().toString(), 1),
                        tuple("feed-b", late.firstSeen().toString(), 1));
        assertThat(indicators.write(List.of(late), expectNew).updated()).isEqualTo(1);
        refresh();
        var again = client.get(g -> g.index(Projection.INDICATORS.alias(config)).id(early.id()), Map.class)
                .source();
        assertThat(sources(again))
                .extracting(s -> s.get("feed"), s -> s.get("sightings"))
                .containsExactly(tuple("feed-a", 1), tuple("feed-b", 2));
        var matches = indicators.match("cert-ab", List.of(new Observable(ObservableType.IPV4, value)));
        assertThat(matches).hasSize(1);
        assertThat(matches.getFirst().feeds()).contains("feed-a", "feed-b");
    }

    @Test
    void writesRefusedAsBusyAreRetriedUntilElasticsearchAcceptsThem() throws Exception {
        // The read-only-allow-delete block (what Elasticsearch sets when a disk fills up) answers
        // writes with 429; lifting it after a while must let the same write through, not drop it.
        var index = Projection.INDICATORS.alias(config);
        var now = Instant.now();
        var value = freshAddress();
        var busy = indicator("global", value, value, now, now.plusSeconds(600), List.of("*"), "feed-busy");
        client.indices().putSettings(p -> p.index(index).settings(s -> s.blocks(b -> b.readOnlyAllowDelete(true))));
        WriteResult result;
        try (var executor = Executors.newSingleThreadExecutor()) {
            var write = executor.submit(() -> indicators.write(List.of(busy), true));
            // a negative over time: while the block holds, Elasticsearch refuses every retry and the write stays
            // pending. Elasticsearch's disk monitor lifts this block by itself when the disk is not full (every 30 s):
            // each poll sets it again, so that it holds for the whole watch.
            await().during(Duration.ofMillis(700))
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        client.indices()
                                .putSettings(p ->
                                        p.index(index).settings(st -> st.blocks(b -> b.readOnlyAllowDelete(true))));
                        return !write.isDone();
                    });
            client.indices()
                    .putSettings(p -> p.index(index).settings(s -> s.blocks(b -> b.readOnlyAllowDelete(false))));
            result = write.get(30, TimeUnit.SECONDS);
        } finally {
            client.indices()
                    .putSettings(p -> p.index(index).settings(s -> s.blocks(b -> b.readOnlyAllowDelete(false))));
        }
        assertThat(result.failed()).isEmpty();
        assertThat(result.created()).isEqualTo(1);
        assertThat(client.exists(r -> r.index(index).id(busy.id())).value()).isTrue();
    }

    @Test
    void aDocumentElasticsearchRefusesIsReportedWithItsReasonAndTheOthersAreWritten() throws Exception {
        var now = Instant.now();
        var address = freshAddress();
        var good = indicator("global", address, address, now, now.plusSeconds(600), List.of("*"), "feed-a");
        var bad = indicator(
                "global",
                "broken-" + UUID.randomUUID(),
                "not an address",
                now,
                now.plusSeconds(600),
                List.of("*"),
                "feed-a");
        var result = indicators.write(List.of(good, bad), true);
        assertThat(result.failed()).containsOnlyKeys(bad.id());
        assertThat(result.failed().get(bad.id())).contains("parsing");
        assertThat(result.created() + result.updated()).isEqualTo(1);
    }

    @Test
    void expiredIndicatorsNeverMatchAndAreRemoved() throws Exception {
        var now = Instant.now();
        var value = freshAddress();
        var expired = indicator(
                "cert-cd",
                value,
                value,
                now.minus(Duration.ofDays(3)),
                now.minus(Duration.ofDays(1)),
                List.of("cert-cd"),
                "feed-x");
        indicators.write(List.of(expired), false);
        refresh();
        assertThat(indicators.match("cert-cd", List.of(new Observable(ObservableType.IPV4, value))))
                .isEmpty();
        assertThat(indicators.removeExpired(100_000)).isPositive();
        assertThat(client.exists(r ->
                                r.index(Projection.INDICATORS.alias(config)).id(expired.id()))
                        .value())
                .isFalse();
    }

    @Test
    void aCirtsOwnIndicatorIsInvisibleToAnotherCirt() throws Exception {
        var now = Instant.now();
        var value = freshAddress();
        indicators.write(
                List.of(indicator("cert-cd", value, value, now, now.plusSeconds(3600), List.of("cert-cd"), "cd-feed")),
                true);
        refresh();
        var observable = List.of(new Observable(ObservableType.IPV4, value));
        assertThat(indicators.match("cert-cd", observable)).isNotEmpty();
        assertThat(indicators.match("cert-ab", observable)).isEmpty();
    }

    @Test
    void aBatchWhoseBodySpansSeveralChunksIsWrittenWholeAndFieldForField() throws Exception {
        var now = Instant.parse("2026-01-02T03:04:05.123Z");
        var feed = "chunks-" + UUID.randomUUID();
        var batch = new java.util.ArrayList<Indicator>();
        for (int i = 0; i < 3000; i++) {
            var value = "chunk-%d.%s.example".formatted(i, feed);
            batch.add(new Indicator(
                    IndicatorIds.idOf("domain", value),
                    "global",
                    List.of("*"),
                    "GREEN",
                    "domain",
                    value,
                    null,
                    null,
                    "fraud",
                    "phishing",
                    60,
                    2,
                    feed,
                    "src-" + i,
                    List.of("a", "b\"quoted\""),
                    "line one\nline \u00e9 two " + i,
                    now,
                    now.plusSeconds(i),
                    now.plus(Duration.ofDays(30))));
        }
        var result = indicators.write(batch, true);
        assertThat(result.failed()).isEmpty();
        assertThat(result.created()).isEqualTo(3000);
        refresh();
        var index = Projection.INDICATORS.alias(config);
        assertThat(client.count(c -> c.index(index)
                                .query(q -> q.term(t -> t.field("sources.feed").value(feed))))
                        .count())
                .isEqualTo(3000);
        for (int i : new int[] {0, 1499, 2999}) {
            var expected = batch.get(i);
            var stored =
                    client.get(g -> g.index(index).id(expected.id()), Map.class).source();
            assertThat(stored)
                    .containsEntry("value", expected.value())
                    .containsEntry("type", "domain")
                    .containsEntry("visible_to", List.of("*"))
                    .containsEntry("expires_at", now.plus(Duration.ofDays(30)).toString())
                    .containsEntry("ip", null)
                    .containsEntry("ip_range", null);
            assertThat(sources(stored))
                    .singleElement()
                    .satisfies(source -> assertThat(source)
                            .containsEntry("scope", "global")
                            .containsEntry("feed", feed)
                            .containsEntry("tlp", "GREEN")
                            .containsEntry("classification", "phishing")
                            .containsEntry("category", "fraud")
                            .containsEntry("confidence", 60)
                            .containsEntry("decay_per_day", 2)
                            .containsEntry("sightings", 1)
                            .containsEntry("source_ids", List.of("src-" + i))
                            .containsEntry("tags", List.of("a", "b\"quoted\""))
                            .containsEntry("visible_to", List.of("*"))
                            .containsEntry("description", "line one\nline \u00e9 two " + i)
                            .containsEntry("first_seen", "2026-01-02T03:04:05.123Z")
                            .containsEntry("last_seen", now.plusSeconds(i).toString())
                            .containsEntry(
                                    "expires_at", now.plus(Duration.ofDays(30)).toString()));
        }
    }

    @Test
    void theSameIndicatorTwiceInOneBatchIsMergedBeforeWriting() throws Exception {
        var value = freshAddress();
        var now = Instant.now();
        var a = indicator(
                "global",
                value,
                value,
                now.minus(Duration.ofDays(4)),
                now.plus(Duration.ofDays(1)),
                List.of("*"),
                "feed-a");
        var b = indicator(
                "global",
                value,
                value,
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(3)),
                List.of("*"),
                "feed-b");
        var result = indicators.write(List.of(a, b), true);
        assertThat(result.created()).isEqualTo(1);
        refresh();
        var stored = client.get(
                        g -> g.index(Projection.INDICATORS.alias(config)).id(a.id()), Map.class)
                .source();
        assertThat(sources(stored))
                .extracting(s -> s.get("feed"), s -> s.get("first_seen"), s -> s.get("expires_at"))
                .containsExactly(
                        tuple("feed-a", a.firstSeen().toString(), a.expiresAt().toString()),
                        tuple("feed-b", b.firstSeen().toString(), b.expiresAt().toString()));
        assertThat(stored.get("expires_at")).isEqualTo(b.expiresAt().toString());
    }

    @Test
    void addressesMatchTheNetworksHoldingThemAndNetworksTheAddressesInside() throws Exception {
        var random = new java.util.Random();
        var prefix = "45.%d.%d".formatted(random.nextInt(256), random.nextInt(256));
        var now = Instant.now();
        var network = prefix + ".0/24";
        var listedNetwork = new Indicator(
                IndicatorIds.idOf("cidr", network),
                "global",
                List.of("*"),
                "GREEN",
                "cidr",
                network,
                null,
                network,
                "malicious-code",
                "c2-server",
                70,
                0,
                "drop",
                null,
                List.of(),
                null,
                now,
                now,
                now.plus(Duration.ofDays(1)));
        var insideAddress = prefix + ".77";
        var outsideAddress = "46." + prefix.substring(3) + ".77";
        var other = freshAddress();
        indicators.write(
                List.of(
                        listedNetwork,
                        indicator("global", other, other, now, now.plus(Duration.ofDays(1)), List.of("*"), "feed-a")),
                true);
        refresh();
        var observed = List.of(
                new Observable(ObservableType.IPV4, insideAddress),
                new Observable(ObservableType.IPV4, outsideAddress),
                new Observable(ObservableType.CIDR, other.substring(0, other.lastIndexOf('.')) + ".0/24"));
        var matches = indicators.match("cert-ab", observed);
        assertThat(matches)
                .extracting(m -> m.observable().value() + " -> " + m.value())
                .containsExactlyInAnyOrder(
                        insideAddress + " -> " + network,
                        other.substring(0, other.lastIndexOf('.')) + ".0/24 -> " + other);
    }
}
