package org.opencirt.incident;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.Api;
import org.opencirt.testing.MovableClock;

/**
 * With a limit of 3 reports per address, the fourth is refused with 429 and Retry-After. The
 * test client's own address (loopback) plays the trusted reverse proxy: X-Forwarded-For is read
 * from the right, so the address the proxy appended counts, never what the client wrote.
 */
@QuarkusTest
@TestProfile(PublicReportRateLimitTest.ThreePerHour.class)
class PublicReportRateLimitTest {

    public static class ThreePerHour implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "opencirt.incidents.public-reports.per-address",
                    "3",
                    "opencirt.client-address.trusted-proxies",
                    "127.0.0.1/32,::1");
        }
    }

    @Inject
    MovableClock clock;

    private static final String BODY = "{\"cirt\": \"cert-cd\", \"title\": \"spam\", \"description\": \"again\"}";

    private static int report(String forwardedFor) {
        return Api.anonymous()
                .header("X-Forwarded-For", forwardedFor)
                .body(BODY)
                .post("/api/v1/reports")
                .then()
                .extract()
                .statusCode();
    }

    @Test
    void aForgedForwardedForDoesNotEscapeTheLimit() {
        // the client writes a new address each time; the proxy appends the one it saw
        for (int i = 1; i <= 3; i++) {
            org.assertj.core.api.Assertions.assertThat(report("203.0.113.%d, 198.51.100.7".formatted(i)))
                    .isEqualTo(201);
        }
        org.assertj.core.api.Assertions.assertThat(report("203.0.113.99, 198.51.100.7"))
                .isEqualTo(429);
    }

    @Test
    void clientsBehindTheTrustedProxyAreCountedApart() {
        for (int i = 0; i < 3; i++) {
            org.assertj.core.api.Assertions.assertThat(report("198.51.100.20")).isEqualTo(201);
        }
        org.assertj.core.api.Assertions.assertThat(report("198.51.100.20")).isEqualTo(429);
        org.assertj.core.api.Assertions.assertThat(report("198.51.100.21")).isEqualTo(201);
    }

    @Test
    void anAddressReportsAgainOnceItsWindowHasPassed() {
        for (int i = 0; i < 3; i++) {
            org.assertj.core.api.Assertions.assertThat(report("198.51.100.30")).isEqualTo(201);
        }
        org.assertj.core.api.Assertions.assertThat(report("198.51.100.30")).isEqualTo(429);
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        try {
            org.assertj.core.api.Assertions.assertThat(report("198.51.100.30"))
                    .as("an hour later")
                    .isEqualTo(201);
        } finally {
            clock.reset();
        }
    }

    @Test
    void theFourthReportFromOneAddressIsRefused() {
        var body = "{\"cirt\": \"cert-cd\", \"title\": \"spam\", \"description\": \"again\"}";
        for (int i = 0; i < 3; i++) {
            Api.anonymous().body(body).post("/api/v1/reports").then().statusCode(201);
        }
        Api.anonymous()
                .body(body)
                .post("/api/v1/reports")
                .then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("type", equalTo("https://opencirt.org/problems/too-many-requests"))
                .body("detail", containsString("Too many reports"));
    }
}
