package org.opencirt.indicator.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencirt.common.Tlp;
import org.opencirt.indicator.model.Indicator;
import org.opencirt.indicator.model.IndicatorIds;
import org.opencirt.indicator.model.SourceTlp;
import org.opencirt.indicator.service.IndicatorService;
import org.opencirt.testing.Api;

/**
 * {@code GET /api/v1/indicators/lookup}: a value ingested from feeds owned by CIRT CD, looked up by
 * an analyst of CIRT AB, shows only the sources AB may see under their TLP (the rule correlation
 * uses); bad input is a problem+json 400.
 */
@QuarkusTest
class IndicatorLookupTest {

    @Inject
    IndicatorService indicators;

    @Inject
    Clock clock;

    /** What a feed of CIRT CD states about the value under a TLP. */
    private Indicator fromCd(String value, Tlp tlp) {
        var now = clock.instant();
        var feed = "cd-" + tlp.wire().toLowerCase(Locale.ROOT).replace('+', '-') + "-feed";
        return new Indicator(
                IndicatorIds.idOf("domain", value),
                "cert-cd",
                SourceTlp.visibility("cert-cd", tlp),
                tlp.wire(),
                "domain",
                value,
                null,
                null,
                "fraud",
                "phishing",
                70,
                0,
                feed,
                null,
                List.of("tag-" + tlp.wire()),
                null,
                now,
                now,
                now.plus(Duration.ofDays(1)));
    }

    private static String freshDomain() {
        return "lookup-" + UUID.randomUUID().toString().substring(0, 8) + ".example.net";
    }

    @Test
    void aValueCdListsOnlyUnderRedOrAmberIsNotFoundByAnAnalystOfAb() throws Exception {
        var value = freshDomain();
        indicators.write(List.of(fromCd(value, Tlp.RED), fromCd(value, Tlp.AMBER)), true);
        indicators.refresh();

        Api.asUser("ab-analyst")
                .queryParam("value", value)
                .get("/api/v1/indicators/lookup")
                .then()
                .statusCode(200)
                .body("observable.type", equalTo("domain"))
                .body("observable.value", equalTo(value))
                .body("indicators", hasSize(0));
        // CD's own analyst sees both sources
        var own = Api.asUser("cd-analyst")
                .queryParam("value", value)
                .get("/api/v1/indicators/lookup")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(own.getList("indicators[0].sources.tlp", String.class)).containsExactlyInAnyOrder("RED", "AMBER");
    }

    @Test
    void aValueCdAlsoSharesUnderClearIsFoundWithOnlyTheClearSourceAndRefanged() throws Exception {
        var value = freshDomain();
        indicators.write(List.of(fromCd(value, Tlp.RED), fromCd(value, Tlp.CLEAR)), true);
        indicators.refresh();

        var answer = Api.asUser("ab-analyst")
                .queryParam("value", value.replace(".", "[.]"))
                .get("/api/v1/indicators/lookup")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(answer.getString("observable.value")).isEqualTo(value);
        assertThat(answer.getList("indicators.value", String.class)).containsExactly(value);
        assertThat(answer.getList("indicators[0].sources.tlp", String.class)).containsExactly("CLEAR");
        assertThat(answer.getList("indicators[0].feeds", String.class)).containsExactly("cd-clear-feed");
        assertThat(answer.getString("indicators[0].tlp")).isEqualTo("CLEAR");
        assertThat(answer.prettify()).doesNotContain("RED").doesNotContain("cd-red-feed");
    }

    @Test
    void aMissingTooLongOrMistypedValueIsAProblem400() {
        Api.asUser("ab-analyst")
                .get("/api/v1/indicators/lookup")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("value"));
        Api.asUser("ab-analyst")
                .queryParam("value", "a".repeat(501))
                .get("/api/v1/indicators/lookup")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("value"));
        Api.asUser("ab-analyst")
                .queryParam("value", "not an address")
                .queryParam("type", "ipv4")
                .get("/api/v1/indicators/lookup")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("value"));
        Api.asUser("ab-analyst")
                .queryParam("value", "198.51.100.7")
                .queryParam("type", "colour")
                .get("/api/v1/indicators/lookup")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("type"));
    }
}
