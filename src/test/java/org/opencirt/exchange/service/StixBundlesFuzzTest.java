package org.opencirt.exchange.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.opencirt.feed.parse.StixObjectReader;

/**
 * Fuzz test of what reads a body pushed into a TAXII inbox or uploaded: the scan accepts it or refuses it with its
 * own two exceptions and a plain message; a body it accepted is handed over object by object, as many as it counted;
 * every object gets an outcome from the STIX reading, never an exception.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class StixBundlesFuzzTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC);

    @FuzzTest
    void bodyIsImportedObjectByObjectOrRefusedWhole(byte[] body) throws Exception {
        java.util.List<StixBundles.Entry> entries;
        try {
            entries = StixBundles.scan(body);
        } catch (StixBundles.Malformed | StixBundles.TooManyObjects refused) {
            assertThat(refused.getMessage())
                    .isNotBlank()
                    .doesNotContain("Exception")
                    .doesNotContain("com.fasterxml");
            return;
        }
        assertThat(entries.size()).isLessThanOrEqualTo(StixBundles.MAX_OBJECTS);
        var reader = new StixObjectReader(CLOCK);
        var handed = new AtomicInteger();
        StixBundles.each(body, (index, object) -> {
            assertThat(index).isEqualTo(handed.getAndIncrement());
            var outcome = reader.read(object, index);
            assertThat(outcome.kind()).isNotNull();
            assertThat(outcome.items())
                    .allSatisfy(item -> assertThat(item.value()).isNotBlank());
        });
        assertThat(handed.get()).isEqualTo(entries.size());
    }
}
