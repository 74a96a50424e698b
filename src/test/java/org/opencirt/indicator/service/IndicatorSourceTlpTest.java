package org.opencirt.indicator.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencirt.common.Tlp;
import org.opencirt.indicator.model.Indicator;
import org.opencirt.indicator.model.IndicatorIds;
import org.opencirt.indicator.model.Match;
import org.opencirt.indicator.model.SourceTlp;
import org.opencirt.observable.Observable;
import org.opencirt.observable.ObservableType;
import org.opencirt.search.Projection;
import org.opencirt.search.SearchConfig;

/**
 * One value listed by a TLP:RED source of CIRT A and a TLP:GREEN source of CIRT B: every reader
 * sees only the sources it may see, with their own tags, confidence and expiry (ADR 10).
 */
@QuarkusTest
class IndicatorSourceTlpTest {

    private static final String A = "cert-a";
    private static final String B = "cert-b";
    private static final String C = "cert-c";

    @Inject
    IndicatorService indicators;

    @Inject
    ElasticsearchClient client;

    @Inject
    SearchConfig config;

    private static String freshAddress() {
        var random = new java.util.Random();
        return "45.%d.%d.%d".formatted(random.nextInt(256), random.nextInt(256), 1 + random.nextInt(250));
    }

    /** What one CIRT's feed states about the value, visible as the platform decides for its TLP. */
    private static Indicator statement(
            String value, String owner, Tlp tlp, String classification, int confidence, Instant expires) {
        var now = Instant.now();
        var feed = owner + "-" + tlp.wire().toLowerCase(java.util.Locale.ROOT) + "-feed";
        return new Indicator(
                IndicatorIds.idOf("ipv4", value),
                owner,
                SourceTlp.visibility(owner, tlp),
                tlp.wire(),
                "ipv4",
                value,
                value,
                null,
                "malicious-code",
                classification,
                confidence,
                0,
                feed,
                "ref-" + owner,
                List.of("tag-of-" + owner),
                "said by " + owner,
                now.minus(Duration.ofDays(1)),
                now,
                expires);
    }

    private List<Match> lookUp(String tenant, String value) throws Exception {
        client.indices().refresh(r -> r.index(Projection.INDICATORS.alias(config)));
        return indicators.match(tenant, List.of(new Observable(ObservableType.IPV4, value)));
    }

    private String listedRedByAAndGreenByB(Instant redExpires, Instant greenExpires) throws Exception {
        var value = freshAddress();
        indicators.write(List.of(statement(value, A, Tlp.RED, "c2-server", 95, redExpires)), true);
        indicators.write(List.of(statement(value, B, Tlp.GREEN, "scanner", 40, greenExpires)), true);
        return value;
    }

    @Test
    void aThirdCirtSeesTheValueWithOnlyTheGreenSourceItsTagsAndConfidence() throws Exception {
        var later = Instant.now().plus(Duration.ofDays(1));
        var value = listedRedByAAndGreenByB(later, later);

        var matches = lookUp(C, value);
        assertThat(matches).singleElement().satisfies(m -> {
            assertThat(m.feeds()).containsExactly("cert-b-green-feed");
            assertThat(m.confidence()).isEqualTo(40);
            assertThat(m.classification()).isEqualTo("scanner");
            assertThat(m.tlp()).isEqualTo("GREEN");
            assertThat(m.sources())
                    .extracting(Match.Source::feed, Match.Source::tags)
                    .containsExactly(tuple("cert-b-green-feed", List.of("tag-of-cert-b")));
        });
        assertThat(matches.toString()).doesNotContain(A).doesNotContain("RED").doesNotContain("c2-server");
    }

    @Test
    void theCirtOfTheRedSourceSeesBothSources() throws Exception {
        var later = Instant.now().plus(Duration.ofDays(1));
        var value = listedRedByAAndGreenByB(later, later);

        assertThat(lookUp(A, value)).singleElement().satisfies(m -> {
            assertThat(m.feeds()).containsExactlyInAnyOrder("cert-a-red-feed", "cert-b-green-feed");
            assertThat(m.confidence()).isEqualTo(95);
            assertThat(m.classification()).isEqualTo("c2-server");
            assertThat(m.tlp()).isEqualTo("RED");
            assertThat(m.sources())
                    .flatExtracting(Match.Source::tags)
                    .containsExactlyInAnyOrder("tag-of-cert-a", "tag-of-cert-b");
        });
    }

    @Test
    void aValueOnlyARedSourceListsIsInvisibleToEveryOtherCirt() throws Exception {
        var value = freshAddress();
        indicators.write(
                List.of(statement(
                        value, A, Tlp.RED, "c2-server", 95, Instant.now().plus(Duration.ofDays(1)))),
                true);
        assertThat(lookUp(B, value)).isEmpty();
        assertThat(lookUp(A, value)).hasSize(1);
    }

    @Test
    void whenTheGreenSourceExpiresTheOthersNoLongerSeeTheValueThoughTheRedOneLivesOn() throws Exception {
        var value = listedRedByAAndGreenByB(
                Instant.now().plus(Duration.ofDays(1)), Instant.now().minus(Duration.ofMinutes(1)));

        assertThat(lookUp(C, value)).isEmpty();
        assertThat(lookUp(A, value))
                .singleElement()
                .satisfies(m -> assertThat(m.feeds()).containsExactly("cert-a-red-feed"));
    }

    @Test
    void aCirtsRunCountsItsStatementAsCreatedEvenWhenAnUnseenSourceListsTheValue() throws Exception {
        var value = freshAddress();
        var later = Instant.now().plus(Duration.ofDays(1));
        indicators.write(List.of(statement(value, A, Tlp.RED, "c2-server", 95, later)), true);

        // "updated" would tell B that a source it may not see holds the value
        var first = indicators.write(List.of(statement(value, B, Tlp.GREEN, "scanner", 40, later)), true);
        assertThat(first.created()).isEqualTo(1);
        assertThat(first.updated()).isZero();
        var again = indicators.write(List.of(statement(value, B, Tlp.GREEN, "scanner", 40, later)), false);
        assertThat(again.created()).isZero();
        assertThat(again.updated()).isEqualTo(1);
    }
}
