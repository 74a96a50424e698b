package org.opencirt.common.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A failed fetch as a run records it: a code and a message of kinds and numbers, never the failure's own text. */
class FetchErrorsTest {

    private static final String CANARY = "FETCH-CANARY-7f3e";

    private record Limits(
            long maxBytes, long maxDecompressedBytes, Duration connectTimeout, Duration totalTimeout, int maxRedirects)
            implements OutboundLimits {}

    private static final Limits POLICY = new Limits(1000, 5000, Duration.ofSeconds(3), Duration.ofSeconds(30), 4);

    @Test
    void anHttpStatusIsToldByItsNumberWithoutTheBodyThatEchoedTheCredential() {
        var e = new FetchException(401, "HTTP 401 from http://x/feed: You sent Authorization: " + CANARY);
        assertThat(FetchErrors.describe(e, POLICY))
                .isEqualTo(new FetchErrors.Described("fetch-http-status", "the server answered HTTP 401"));
        var sanitised = FetchErrors.sanitised(e, POLICY);
        assertThat(sanitised.httpStatus()).isEqualTo(401);
        assertThat(sanitised.getMessage()).doesNotContain(CANARY);
        assertThat(sanitised.getCause()).isNull();
    }

    @Test
    void limitsTimeoutsAndIoFailuresAreToldByTheirNumbersAndKinds() {
        assertThat(FetchErrors.describe(new FetchException(FetchException.Reason.TOO_LARGE, CANARY), POLICY)
                        .message())
                .isEqualTo("larger than allowed (at most 1000 bytes on the wire, 5000 decompressed)");
        assertThat(FetchErrors.describe(new FetchException(FetchException.Reason.TIMEOUT, CANARY), POLICY)
                        .message())
                .contains("PT3S")
                .contains("PT30S");
        var io = new FetchException(FetchException.Reason.IO, CANARY, new UnknownHostException(CANARY + ".example"));
        assertThat(FetchErrors.describe(io, POLICY))
                .isEqualTo(new FetchErrors.Described("fetch-io", "the host name does not resolve"));
        for (var reason : FetchException.Reason.values()) {
            var described = reason == FetchException.Reason.HTTP_STATUS
                    ? FetchErrors.describe(new FetchException(500, CANARY), POLICY)
                    : FetchErrors.describe(new FetchException(reason, CANARY, new RuntimeException(CANARY)), POLICY);
            assertThat(described.code()).startsWith("fetch-");
            assertThat(described.message()).doesNotContain(CANARY);
        }
    }
}
