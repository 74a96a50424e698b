package org.opencirt.feed.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "2024-06-11T10:11:12Z | 2024-06-11T10:11:12Z",
                "2024-06-11T10:11:12.345Z | 2024-06-11T10:11:12.345Z",
                "2024-06-11T10:11:12.345678z | 2024-06-11T10:11:12.345678Z",
                "2024-06-11T12:11:12+02:00 | 2024-06-11T10:11:12Z",
                "2024-06-11T05:11:12-05:00 | 2024-06-11T10:11:12Z",
                "2024-06-11T10:11:12 | 2024-06-11T10:11:12Z",
                "2024-06-11 10:11:12 | 2024-06-11T10:11:12Z",
                "2024-06-11 10:11:12.5 | 2024-06-11T10:11:12.500Z",
                "2024-06-11 10:11:12 UTC | 2024-06-11T10:11:12Z",
                "2024-06-11 12:11:12+02:00 | 2024-06-11T10:11:12Z",
                "2024-06-11T10:00:00.000000+00:00 | 2024-06-11T10:00:00Z",
                "2024-06-11 | 2024-06-11T00:00:00Z",
                "1718100672 | 2024-06-11T10:11:12Z",
                "1718100672000 | 2024-06-11T10:11:12Z",
                "' 2024-06-11 10:11:12 ' | 2024-06-11T10:11:12Z",
            })
    void readsTheLayoutsFeedsWrite(String text, String expected) {
        assertThat(Timestamps.parse(text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest(name = "{0}")
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "None",
                "yesterday",
                "2024-13-01 00:00:00",
                "2024-02-30",
                "11/06/2024",
                "12345678901234567",
                "2024-06-11T25:00:00Z"
            })
    void anythingElseIsNoTimestamp(String text) {
        assertThat(Timestamps.parse(text)).isNull();
    }

    @org.junit.jupiter.api.Test
    void formatsAsStixAndTaxiiDo() {
        assertThat(Timestamps.format(Instant.parse("2024-06-11T10:11:12.345678Z")))
                .isEqualTo("2024-06-11T10:11:12.345Z");
        assertThat(Timestamps.format(Instant.parse("2024-06-11T10:11:12Z"))).isEqualTo("2024-06-11T10:11:12.000Z");
    }
}
