package org.opencirt.incident.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opencirt.incident.model.IncidentState;

/**
 * What the service writes for machines reads the same on a server whose default locale is Turkish
 * (which upper-cases {@code i} to a dotted capital and lower-cases {@code I} to a dotless one) or
 * Arabic as written in Egypt (whose digits are not ASCII).
 */
class ServerLocaleTest {

    private static String underDefaultLocale(String tag, java.util.function.Supplier<String> work) {
        var previous = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag(tag));
        try {
            return work.get();
        } finally {
            Locale.setDefault(previous);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tr-TR", "ar-EG", "fa-IR", "fr-FR"})
    void anIncidentReferenceIsAsciiWhateverTheServersLocale(String locale) {
        assertThat(underDefaultLocale(locale, () -> IncidentService.reference("cert-fi", 2026, 123)))
                .isEqualTo("CERT-FI-2026-000123");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tr-TR", "ar-EG"})
    void wireValuesAreAsciiWhateverTheServersLocale(String locale) {
        assertThat(underDefaultLocale(locale, IncidentState.TRIAGED::wire)).isEqualTo("triaged");
        assertThat(underDefaultLocale(locale, IncidentState.FALSE_POSITIVE::wire))
                .isEqualTo("false-positive");
    }
}
