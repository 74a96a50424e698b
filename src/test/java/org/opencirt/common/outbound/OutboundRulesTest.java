package org.opencirt.common.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every outbound request is checked for before it leaves: header names and values, origins, URLs in messages. */
class OutboundRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"X-Api-Key", "Authorization", "User-Agent"})
    void aHeaderIsSentWhenItsNameIsATokenAndItsValueHasNoControlCharacter(String name) throws FetchException {
        assertThat(OutboundHeaders.checked(name, "value\twith tab").getValue()).isEqualTo("value\twith tab");
    }

    @ParameterizedTest
    @ValueSource(strings = {"k\r\nX-Injected: 1", "k\nX", "k\rX", "k\u0000", "k\u007f"})
    void aHeaderValueWithAControlCharacterIsRefusedWithoutEchoingIt(String value) {
        var e = catchThrowableOfType(FetchException.class, () -> OutboundHeaders.checked("X-Api-Key", value));

        assertThat(e.reason()).isEqualTo(FetchException.Reason.BAD_URL);
        assertThat(e)
                .hasMessageContaining("X-Api-Key")
                .hasMessageNotContaining("k\r")
                .hasMessageNotContaining("Injected");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "X Api", "X:Api", "X\r\nInjected", "X(1)"})
    void anInvalidHeaderNameIsRefused(String name) {
        var e = catchThrowableOfType(FetchException.class, () -> OutboundHeaders.checked(name, "v"));

        assertThat(e.reason()).isEqualTo(FetchException.Reason.BAD_URL);
    }

    @Test
    void theOriginComparesSchemeHostAndEffectivePort() {
        assertThat(Urls.Origin.of(URI.create("https://Feeds.Example/a")))
                .isEqualTo(Urls.Origin.of(URI.create("https://feeds.example:443/b")));
        assertThat(Urls.Origin.of(URI.create("https://feeds.example/a")))
                .isNotEqualTo(Urls.Origin.of(URI.create("http://feeds.example/a")))
                .isNotEqualTo(Urls.Origin.of(URI.create("https://feeds.example:8443/a")))
                .isNotEqualTo(Urls.Origin.of(URI.create("https://cdn.feeds.example/a")));
    }

    @Test
    void messagesDescribeUrlsWithoutQueryOrUserInfo() {
        assertThat(Urls.describe(URI.create("https://u:p@feeds.example:8443/f.csv?apikey=k#x")))
                .isEqualTo("https://feeds.example:8443/f.csv");
    }
}
