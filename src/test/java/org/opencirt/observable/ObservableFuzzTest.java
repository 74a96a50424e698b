package org.opencirt.observable;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz tests of refanging and normalisation, which read every indicator that comes from outside
 * (feeds, e-mails, reports, the API): an observable is made or refused with
 * {@link InvalidObservableException}, and both are idempotent.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ObservableFuzzTest {

    @FuzzTest
    void refangIsIdempotent(byte[] input) {
        var once = Refang.refang(text(input));

        assertThat(Refang.refang(once)).isEqualTo(once);
    }

    @FuzzTest
    void normaliseOfANormalisedValueIsTheSame(byte[] input) {
        var raw = text(input);
        for (var type : ObservableType.values()) {
            Observable observable;
            try {
                observable = Normaliser.normalise(type, raw);
            } catch (InvalidObservableException refused) {
                continue;
            }
            assertThat(Normaliser.normalise(type, observable.value()))
                    .as("%s of '%s'", type, raw)
                    .isEqualTo(observable);
        }
    }

    @FuzzTest
    void detectGivesAnObservableThatNormalisesToItself(byte[] input) {
        Normaliser.detect(text(input))
                .ifPresent(observable -> assertThat(Normaliser.normalise(observable.type(), observable.value()))
                        .isEqualTo(observable));
    }

    @FuzzTest
    void extractFindsAtMostMaxObservables(byte[] input) {
        assertThat(ObservableExtractor.extract(text(input), 50))
                .hasSizeLessThanOrEqualTo(50)
                .doesNotHaveDuplicates();
    }

    private static String text(byte[] input) {
        return new String(input, StandardCharsets.UTF_8);
    }
}
