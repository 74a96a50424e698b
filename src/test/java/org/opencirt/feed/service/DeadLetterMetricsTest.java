package org.opencirt.feed.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencirt.indicator.model.Indicator;
import org.opencirt.observability.Scrape;

/**
 * {@code opencirt_feed_dead_letters_total{feed}}: an indicator Elasticsearch refused is kept as a dead letter
 * and counted. Elasticsearch refuses no well-formed indicator on demand, so the test hands the dead letter
 * in where a run's writer would.
 */
@QuarkusTest
public class DeadLetterMetricsTest {

    @Inject
    DeadLetters deadLetters;

    @Test
    void eachDeadLetterIsCountedUnderItsFeed() {
        var feed = "dead-" + UUID.randomUUID().toString().substring(0, 8);
        deadLetters.record(feed, UUID.randomUUID(), refused(feed), "mapper_parsing_exception");
        deadLetters.record(feed, UUID.randomUUID(), refused(feed), "mapper_parsing_exception");

        assertThat(Scrape.now().value("opencirt_feed_dead_letters_total", "feed", feed))
                .isEqualTo(2.0);
    }

    /** Keeps one dead letter of the feed, as a run's writer does when Elasticsearch refuses an indicator. */
    public static void deadLetter(DeadLetters deadLetters, String feed) {
        deadLetters.record(feed, UUID.randomUUID(), refused(feed), "mapper_parsing_exception");
    }

    private static Indicator refused(String feed) {
        var now = Instant.now();
        return new Indicator(
                "domain--" + UUID.randomUUID(),
                "cert-ab",
                List.of("cert-ab"),
                "AMBER",
                "domain",
                "refused.metrics-test.top",
                null,
                null,
                "network",
                "c2-server",
                50,
                0,
                feed,
                "cert-ab:" + feed,
                List.of(),
                null,
                now,
                now,
                null);
    }
}
