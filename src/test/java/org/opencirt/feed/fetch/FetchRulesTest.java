package org.opencirt.feed.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencirt.common.outbound.FetchException;
import org.opencirt.common.outbound.FetchException.Reason;

/** Redirect targets, credential headers and the policy, without a network (URL and header rules: OutboundRulesTest). */
class FetchRulesTest {

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            https://feeds.example/a/b/feed.csv | other.csv                     | https://feeds.example/a/b/other.csv
            https://feeds.example/a/b/feed.csv | ../c/feed.csv                 | https://feeds.example/a/c/feed.csv
            https://feeds.example/a/b/feed.csv | /v2/feed.csv                  | https://feeds.example/v2/feed.csv
            https://feeds.example/a/b/feed.csv | //cdn.example/feed.csv        | https://cdn.example/feed.csv
            https://feeds.example/a/feed.csv   | ?page=2                       | https://feeds.example/a/?page=2
            https://feeds.example              | feed.csv                      | https://feeds.example/feed.csv
            https://feeds.example/feed.csv     | https://cdn.example/f.csv#top | https://cdn.example/f.csv
            http://feeds.example/feed.csv      | https://feeds.example/feed.csv | https://feeds.example/feed.csv
            """)
    void redirectLocationsAreResolvedAgainstTheCurrentUrl(String from, String location, String expected)
            throws FetchException {
        assertThat(FeedFetcher.redirectTarget(URI.create(from), location)).isEqualTo(URI.create(expected));
    }

    @Test
    void aRedirectFromHttpsToHttpIsRefused() {
        var e = catchThrowableOfType(
                FetchException.class,
                () -> FeedFetcher.redirectTarget(
                        URI.create("https://feeds.example/feed.csv"), "http://feeds.example/feed.csv"));

        assertThat(e.reason()).isEqualTo(Reason.BLOCKED_DESTINATION);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            file:///etc/passwd                 | BLOCKED_DESTINATION
            ftp://feeds.example/feed.csv       | BAD_URL
            gopher://feeds.example/            | BAD_URL
            https://user:pw@cdn.example/f.csv  | BAD_URL
            http://exa mple/                   | BAD_URL
            https://[not-an-address]/          | BAD_URL
            """)
    void redirectsToOtherSchemesOrBadLocationsAreRefused(String location, Reason reason) {
        var e = catchThrowableOfType(
                FetchException.class,
                () -> FeedFetcher.redirectTarget(URI.create("http://feeds.example/feed.csv"), location));

        assertThat(e.reason()).isEqualTo(reason);
    }

    @Test
    void aCredentialThatNoHeaderCanCarryIsNotQuotedByTheFetcher() {
        var canary = "FETCH-CANARY-7f3e";
        var policy = new FetchPolicy(
                1000, 5000, Duration.ofSeconds(3), Duration.ofSeconds(30), 4, Set.of("127.0.0.1:1024-65535"), null);
        var refusal = catchThrowableOfType(
                FetchException.class,
                () -> new FeedFetcher(policy)
                        .fetch(new FetchRequest(
                                URI.create("http://127.0.0.1:1029/feed.txt"),
                                Map.of("Authorization", canary + "\r\nX-Injected: 1"),
                                null,
                                null)));
        assertThat(refusal.reason()).isEqualTo(FetchException.Reason.BAD_URL);
        assertThat(refusal.getMessage()).contains("Authorization").doesNotContain(canary);
        assertThat(refusal.getCause()).isNull();
    }

    @Test
    void theDefaultPolicyHasTheDocumentedLimits() {
        var defaults = FetchPolicy.defaults();

        assertThat(defaults.maxBytes()).isEqualTo(100L * 1024 * 1024);
        assertThat(defaults.maxDecompressedBytes()).isEqualTo(1024L * 1024 * 1024);
        assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.totalTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(defaults.maxRedirects()).isEqualTo(5);
        assertThat(defaults.allowedPrivateHosts()).isEmpty();
        assertThat(defaults.fileRoot()).isNull();
    }

    @Test
    void aPolicyRefusesNonsense() {
        assertThatThrownBy(() -> new FetchPolicy(0, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), 5, Set.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FetchPolicy(1, 1, Duration.ZERO, Duration.ofSeconds(1), 5, Set.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> new FetchPolicy(1, 1, Duration.ofSeconds(1), Duration.ofSeconds(1), -1, Set.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
