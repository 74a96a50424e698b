package org.opencirt.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.opencirt.console.web.AuditMessages;
import org.opencirt.console.web.ConsoleMessages;
import org.opencirt.console.web.ExchangeMessages;

/** Every text of the console is in the message bundle; French has every one of them, Arabic the main pages'. */
class ConsoleMessagesTest {

    private static Set<String> keys() {
        return keys(ConsoleMessages.class);
    }

    private static Set<String> keys(Class<?> bundle) {
        return Arrays.stream(bundle.getDeclaredMethods()).map(m -> m.getName()).collect(Collectors.toSet());
    }

    private static Properties load(String name) throws IOException {
        var properties = new Properties();
        try (var in = ConsoleMessagesTest.class.getResourceAsStream("/messages/" + name)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }

    @Test
    void frenchTranslatesEveryText() throws IOException {
        var french = load("msg_fr.properties");
        assertThat(french.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(keys());
        assertThat(french.values()).allSatisfy(v -> assertThat(v.toString()).isNotBlank());
    }

    @Test
    void arabicTranslatesTheLayoutAndHasNoUnknownKey() throws IOException {
        var arabic = load("msg_ar.properties");
        assertThat(keys()).containsAll(arabic.stringPropertyNames());
        var layout = keys().stream()
                .filter(k -> k.startsWith("nav_") || k.startsWith("error_") || k.startsWith("home_"))
                .toList();
        assertThat(arabic.stringPropertyNames()).containsAll(layout);
    }

    @Test
    void frenchAndArabicTranslateEveryTextOfTheExchangePages() throws IOException {
        for (var file : java.util.List.of("msgx_fr.properties", "msgx_ar.properties")) {
            var translated = load(file);
            assertThat(translated.stringPropertyNames())
                    .as(file)
                    .containsExactlyInAnyOrderElementsOf(keys(ExchangeMessages.class));
            assertThat(translated.values())
                    .allSatisfy(v -> assertThat(v.toString()).isNotBlank());
        }
    }

    @Test
    void frenchAndArabicTranslateEveryTextOfTheAuditPage() throws IOException {
        for (var file : java.util.List.of("msga_fr.properties", "msga_ar.properties")) {
            var translated = load(file);
            assertThat(translated.stringPropertyNames())
                    .as(file)
                    .containsExactlyInAnyOrderElementsOf(keys(AuditMessages.class));
            assertThat(translated.values())
                    .allSatisfy(v -> assertThat(v.toString()).isNotBlank());
        }
    }

    @Test
    void theBundlesShareNoKeyAndTheMainOneStaysBelowQutesSplitThreshold() {
        assertThat(keys()).doesNotContainAnyElementsOf(keys(ExchangeMessages.class));
        assertThat(keys()).doesNotContainAnyElementsOf(keys(AuditMessages.class));
        assertThat(keys(ExchangeMessages.class)).doesNotContainAnyElementsOf(keys(AuditMessages.class));
        // Qute splits a bundle of more than 300 messages, which fails at start-up in Quarkus 3.33 (VerifyError)
        assertThat(keys()).hasSizeLessThanOrEqualTo(300);
        assertThat(keys(ExchangeMessages.class)).hasSizeLessThanOrEqualTo(300);
    }
}
