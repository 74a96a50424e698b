package org.opencirt.feed.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A failed fetch as a run records it: a code and a message of kinds and numbers, never the failure's own text. */
class FetchErrorsTest {

    private static final String CANARY = "FETCH-CANARY-7f3e";
    private static final FetchPolicy POLICY = new FetchPolicy(1000, 5000, Duration.ofSeconds(3), Duration.ofSeconds(30), 4,
            Set.of("127.0.0.1:1024-65535"), null);

    @Test
    void anHttpStatusIsToldByItsNumberWithoutTheBodyThatEchoedTheCredential() {
        var e = new FetchException(401, "HTTP 401 from http://x/feed: You sent Authorization: " + CANARY);
        assertThat(FetchErrors.describe(e, POLICY)).isEqualTo(new FetchErrors.Described("fetch-http-status", "the server answered HTTP 401"));
        var sanitised = FetchErrors.sanitised(e, POLICY);
        assertThat(sanitised.httpStatus()).isEqualTo(401);
        assertThat(sanitised.getMessage()).doesNotContain(CANARY);
        assertThat(sanitised.getCause()).isNull();
    }

    @Test
    void limitsTimeoutsAndIoFailuresAreToldByTheirNumbersAndKinds() {
        assertThat(FetchErrors.describe(new FetchLimitExceededException(CANARY), POLICY).message())
                .isEqualTo("larger than allowed (at most 1000 bytes on the wire, 5000 decompressed)");
        assertThat(FetchErrors.describe(new FetchException(FetchException.Reason.TIMEOUT, CANARY), POLICY).message())
                .contains("PT3S").contains("PT30S");
        var io = new FetchException(FetchException.Reason.IO, CANARY, new UnknownHostException(CANARY + ".example"));
        assertThat(FetchErrors.describe(io, POLICY)).isEqualTo(new FetchErrors.Described("fetch-io", "the host name does not resolve"));
        for (var reason : FetchException.Reason.values()) {
            var described = reason == FetchException.Reason.HTTP_STATUS ? FetchErrors.describe(new FetchException(500, CANARY), POLICY)
                    : FetchErrors.describe(new FetchException(reason, CANARY, new RuntimeException(CANARY)), POLICY);
            assertThat(described.code()).startsWith("fetch-");
            assertThat(described.message()).doesNotContain(CANARY);
        }
    }

    @Test
    void aCredentialThatNoHeaderCanCarryIsNotQuotedByTheFetcher() {
        var refusal = catchThrowableOfType(FetchException.class, () -> new FeedFetcher(POLICY).fetch(
                new FetchRequest(URI.create("http://127.0.0.1:1029/feed.txt"), Map.of("Authorization", CANARY + "\r\nX-Injected: 1"), null, null)));
        assertThat(refusal.reason()).isEqualTo(FetchException.Reason.BAD_URL);
        assertThat(refusal.getMessage()).contains("Authorization").doesNotContain(CANARY);
        assertThat(refusal.getCause()).isNull();
    }
}
