package org.opencirt.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opencirt.exchange.service.ExchangeQuota;
import org.opencirt.testing.Api;
import org.opencirt.testing.KeycloakUsers;
import org.opencirt.testing.MovableClock;
import org.opencirt.testing.Tokens;

/**
 * The exchange's read APIs count each CIRT's requests per minute in PostgreSQL: over the quota a
 * CIRT gets 429 with Retry-After, other CIRTs are not affected, its admin sees the count, and the
 * next minute it may ask again. A CIRT onboarded for the test spends its own quota only.
 */
@QuarkusTest
class ExchangeQuotaTest {

    @Inject
    KeycloakUsers users;

    @Inject
    MovableClock clock;

    @Inject
    ExchangeQuota quota;

    @AfterEach
    void timeAsItIs() {
        clock.reset();
    }

    @Test
    void aCirtOverItsMinuteGets429UntilTheNextMinuteAndOthersAreNotHeldUp() {
        var cirt = "cert-q" + UUID.randomUUID().toString().substring(0, 6);
        Api.asUser("platform-admin")
                .body("""
                        {"id": "%1$s", "name": "Quota %1$s", "countryCode": "WS", "contactEmail": "cert@%1$s.example.org"}
                        """.formatted(cirt))
                .post("/api/v1/tenants")
                .then()
                .statusCode(201);
        var analyst = Tokens.user(users.create(List.of("analyst"), List.of(cirt)));
        // start early in a minute, so that all the requests below fall in the same one
        var second = clock.instant().atZone(ZoneOffset.UTC).getSecond();
        clock.advance(Duration.ofSeconds(60 - second + 1));

        for (int i = 0; i < quota.perMinute(); i++) {
            Api.as(analyst).get("/api/v1/shared/incidents").then().statusCode(200);
        }
        var refused = Api.as(analyst).get("/api/v1/indicators");
        refused.then().statusCode(429).contentType("application/problem+json");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        Api.asUser("cd-analyst").get("/api/v1/shared/incidents").then().statusCode(200);
        // the quota's count is the CIRT's to see; what is not an exchange read does not count
        Api.as(analyst)
                .get("/api/v1/quotas")
                .then()
                .statusCode(200)
                .body("exchange.requestsThisMinute", equalTo(quota.perMinute()))
                .body("exchange.requestsPerMinute", equalTo(quota.perMinute()));

        clock.advance(Duration.ofMinutes(1));
        Api.as(analyst).get("/api/v1/shared/incidents").then().statusCode(200);
    }
}
