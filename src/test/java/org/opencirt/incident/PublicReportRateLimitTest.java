package org.opencirt.incident;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.Api;

/** With a limit of 3 reports per address, the fourth is refused with 429 and Retry-After. */
@QuarkusTest
@TestProfile(PublicReportRateLimitTest.ThreePerHour.class)
class PublicReportRateLimitTest {

    public static class ThreePerHour implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("opencirt.incidents.public-reports.per-address", "3");
        }
    }

    @Test
    void theFourthReportFromOneAddressIsRefused() {
        var body = "{\"cirt\": \"cert-cd\", \"title\": \"spam\", \"description\": \"again\"}";
        for (int i = 0; i < 3; i++) {
            Api.anonymous().body(body).post("/api/v1/reports").then().statusCode(201);
        }
        Api.anonymous().body(body).post("/api/v1/reports").then()
                .statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("type", equalTo("https://opencirt.org/problems/too-many-requests"))
                .body("detail", containsString("Too many reports"));
    }
}
