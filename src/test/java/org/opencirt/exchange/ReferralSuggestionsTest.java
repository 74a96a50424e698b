package org.opencirt.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opencirt.incident.IncidentApiTest;
import org.opencirt.testing.Api;
import org.opencirt.testing.KeycloakUsers;
import org.opencirt.testing.Tokens;

/**
 * Referral suggestions from the constituencies: the CIRTs whose declared entries hold an incident's observables, each
 * with the entry that matched; never the caller's own CIRT, never another CIRT's entries that match nothing, never for
 * another CIRT's incident. And a referral of one observable carries that observable only.
 */
@QuarkusTest
class ReferralSuggestionsTest {

    private static String c;
    private static String cAdmin;

    @Inject
    KeycloakUsers users;

    @BeforeEach
    void aThirdCirt() {
        if (c != null) {
            return;
        }
        var id = "cert-s" + UUID.randomUUID().toString().substring(0, 6);
        Api.asUser("platform-admin")
                .body("""
                {"id": "%1$s", "name": "Suggestions %1$s", "countryCode": "WS", "contactEmail": "cert@%1$s.example.org",
                 "constituency": "A third CIRT"}
                """.formatted(id))
                .post("/api/v1/tenants")
                .then()
                .statusCode(201);
        cAdmin = users.create(List.of("cirt-admin"), List.of(id));
        c = id;
    }

    private static void declare(String token, String domain, String label) {
        Api.as(token)
                .body("{\"entries\": [{\"kind\": \"domain\", \"value\": \"%s\", \"label\": \"%s\"}]}"
                        .formatted(domain, label))
                .post("/api/v1/constituency")
                .then()
                .statusCode(201);
    }

    private static List<Map<String, Object>> suggestions(String user, String query) {
        return Api.asUser(user)
                .get("/api/v1/referrals/suggestions?" + query)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("$");
    }

    @Test
    void theCirtWhoseConstituencyHoldsAnObservableIsSuggestedWithTheEntryThatMatched() {
        var m = "sg" + UUID.randomUUID().toString().substring(0, 8);
        declare(Tokens.user("cd-admin"), m + "-cd.example", "CD hosting " + m);
        declare(Tokens.user("ab-admin"), m + "-ab.example", "AB own " + m);
        declare(Tokens.user(cAdmin, Tokens.DEMO_PASSWORD), m + "-private.example", "C private " + m);
        var incident = IncidentApiTest.create("ab-analyst", """
                        {"title": "Suggest %1$s", "tlp": "GREEN", "observables": [{"value": "www.%1$s-cd.example"},
                         {"value": "mail.%1$s-ab.example"}, {"value": "elsewhere-%1$s.example"}]}""".formatted(m)).getString("id");

        var all = Api.asUser("ab-analyst")
                .get("/api/v1/referrals/suggestions?incident=" + incident)
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].cirt", equalTo("cert-cd"))
                .body("[0].observables", equalTo(1))
                .body("[0].matches[0].observable", equalTo("www.%s-cd.example".formatted(m)))
                .body("[0].matches[0].type", equalTo("domain"))
                .body("[0].matches[0].entry", equalTo(m + "-cd.example"))
                .body("[0].matches[0].label", equalTo("CD hosting " + m))
                .extract()
                .asString();
        // neither the caller's own CIRT, nor C's entry that matches nothing
        assertThat(all).doesNotContain("AB own", m + "-ab.example", c, "C private", m + "-private.example");

        assertThat(suggestions("ab-analyst", "incident=%s&observable=elsewhere-%s.example".formatted(incident, m)))
                .isEmpty();
        assertThat(suggestions("ab-analyst", "incident=%s&observable=www.%s-cd.example".formatted(incident, m)))
                .extracting(s -> s.get("cirt"))
                .containsExactly("cert-cd");
        // the observable as an analyst types it, defanged
        assertThat(suggestions("ab-analyst", "incident=%s&observable=www.%s-cd[.]example".formatted(incident, m)))
                .extracting(s -> s.get("cirt"))
                .containsExactly("cert-cd");
        Api.asUser("ab-analyst")
                .get("/api/v1/referrals/suggestions?incident=%s&observable=absent.example".formatted(incident))
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/observable"));
        Api.asUser("ab-analyst")
                .get("/api/v1/referrals/suggestions")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("incident"));

        // B may not ask about A's incident; C's own CIRT is never suggested to C
        Api.asUser("cd-analyst")
                .get("/api/v1/referrals/suggestions?incident=" + incident)
                .then()
                .statusCode(404);
    }

    @Test
    void aReferralOfOneObservableCarriesThatObservableOnly() {
        var m = "so" + UUID.randomUUID().toString().substring(0, 8);
        var incident = IncidentApiTest.create("ab-analyst", """
                        {"title": "One observable %1$s", "description": "Private details %1$s", "tlp": "AMBER",
                         "observables": [{"value": "one-%1$s.example"}, {"value": "other-%1$s.example"}]}""".formatted(m)).getString("id");
        Api.asUser("ab-analyst")
                .body(
                        "{\"incident\": \"%s\", \"cirt\": \"cert-cd\", \"observable\": \"one-%s.example\", \"parts\": [\"summary\"]}"
                                .formatted(incident, m))
                .post("/api/v1/referrals")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/parts"));
        Api.asUser("ab-analyst")
                .body("{\"incident\": \"%s\", \"cirt\": \"cert-cd\", \"observable\": \"absent-%s.example\"}"
                        .formatted(incident, m))
                .post("/api/v1/referrals")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/observable"));
        var body = "{\"incident\": \"%s\", \"cirt\": \"cert-cd\", \"observable\": \"one-%s.example\"}"
                .formatted(incident, m);
        var id = Api.asUser("ab-analyst")
                .body(body)
                .post("/api/v1/referrals")
                .then()
                .statusCode(201)
                .body("observable", equalTo("one-%s.example".formatted(m)))
                .body("parts", equalTo(List.of("observables")))
                .extract()
                .<String>path("id");
        Api.asUser("ab-analyst")
                .body(body)
                .post("/api/v1/referrals")
                .then()
                .statusCode(409)
                .body("detail", containsString("observable"));
        var copy = Api.asUser("cd-analyst")
                .get("/api/v1/referrals/" + id)
                .then()
                .statusCode(200)
                .body("observable", equalTo("one-%s.example".formatted(m)))
                .extract()
                .<String>path("incident");
        var received = Api.asUser("cd-analyst")
                .get("/api/v1/incidents/" + copy)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(received.getList("observables.value", String.class)).containsExactly("one-%s.example".formatted(m));
        assertThat(received.prettify()).doesNotContain("Private details", "One observable " + m, "other-" + m);
        // the whole incident may still go to the same CIRT
        Api.asUser("ab-analyst")
                .body("{\"incident\": \"%s\", \"cirt\": \"cert-cd\"}".formatted(incident))
                .post("/api/v1/referrals")
                .then()
                .statusCode(201);
    }
}
