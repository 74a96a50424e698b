package org.opencirt.search;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencirt.observable.Observable;
import org.opencirt.observable.ObservableType;

/** The indicator index itself: merging, refusals reported per item, expiry, and what matching sees. */
@QuarkusTest
class IndicatorStoreTest {

    @Inject
    IndicatorStore store;

    @Inject
    IndicatorMatcher matcher;

    @Inject
    ElasticsearchClient client;

    @Inject
    SearchConfig config;

    private static IndicatorStore.Indicator indicator(String scope, String value, String ip, Instant firstSeen, Instant expires,
            List<String> visibleTo, String feed) {
        return new IndicatorStore.Indicator(IndicatorStore.idOf(scope, "ipv4", value), scope, visibleTo, "GREEN", "ipv4", value, ip,
                null, "malicious-code", "c2-server", 70, 0, feed, null, List.of("t"), null, firstSeen, firstSeen, expires);
    }

    /** A value no sample feed holds, so that only this test's indicators can match it. */
    private static String freshAddress() {
        var random = new java.util.Random();
        return "45.%d.%d.%d".formatted(random.nextInt(256), random.nextInt(256), 1 + random.nextInt(250));
    }

    private void refresh() throws Exception {
        client.indices().refresh(r -> r.index(Projection.INDICATORS.alias(config)));
    }

    @Test
    void aSecondStatementMergesIntoTheSameDocument() throws Exception {
        var value = freshAddress();
        var now = Instant.now();
        var early = indicator("global", value, value, now.minus(Duration.ofDays(9)), now.plus(Duration.ofDays(1)), List.of("*"), "feed-a");
        var late = indicator("global", value, value, now.minus(Duration.ofDays(2)), now.plus(Duration.ofDays(5)), List.of("*"), "feed-b");
        store.upsert(List.of(early));
        var second = store.upsert(List.of(late));
        assertThat(second.updated()).isEqualTo(1);
        assertThat(second.created()).isZero();
        refresh();
        var matches = matcher.match("cert-ab", List.of(new Observable(ObservableType.IPV4, value)), now);
        assertThat(matches).hasSize(1);
        assertThat(matches.getFirst().feeds()).contains("feed-a", "feed-b");
    }

    @Test
    void aDocumentElasticsearchRefusesIsReportedWithItsReasonAndTheOthersAreWritten() throws Exception {
        var now = Instant.now();
        var address = freshAddress();
        var good = indicator("global", address, address, now, now.plusSeconds(600),
                List.of("*"), "feed-a");
        var bad = indicator("global", "broken-" + UUID.randomUUID(), "not an address", now, now.plusSeconds(600), List.of("*"), "feed-a");
        var result = store.upsert(List.of(good, bad));
        assertThat(result.failed()).containsOnlyKeys(bad.id());
        assertThat(result.failed().get(bad.id())).contains("parsing");
        assertThat(result.created() + result.updated()).isEqualTo(1);
    }

    @Test
    void expiredIndicatorsNeverMatchAndAreRemoved() throws Exception {
        var now = Instant.now();
        var value = freshAddress();
        var expired = indicator("cert-cd", value, value, now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(1)), List.of("cert-cd"),
                "feed-x");
        store.upsert(List.of(expired));
        refresh();
        assertThat(matcher.match("cert-cd", List.of(new Observable(ObservableType.IPV4, value)), now)).isEmpty();
        assertThat(store.deleteExpired(now, 100_000)).isPositive();
        assertThat(client.exists(r -> r.index(Projection.INDICATORS.alias(config)).id(expired.id())).value()).isFalse();
    }

    @Test
    void aCirtsOwnIndicatorIsInvisibleToAnotherCirt() throws Exception {
        var now = Instant.now();
        var value = freshAddress();
        store.upsert(List.of(indicator("cert-cd", value, value, now, now.plusSeconds(3600), List.of("cert-cd"), "cd-feed")));
        refresh();
        var observable = List.of(new Observable(ObservableType.IPV4, value));
        assertThat(matcher.match("cert-cd", observable, now)).isNotEmpty();
        assertThat(matcher.match("cert-ab", observable, now)).isEmpty();
    }
}
