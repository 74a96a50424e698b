package org.opencirt.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.Api;
import org.opencirt.testing.Tokens;

/**
 * CERT-CD against CERT-AB's advisories: every advisory endpoint called on CERT-AB's draft (and on
 * one in review) by CERT-CD's analyst and lead answers 404 as for an advisory that does not exist,
 * and changes nothing; CERT-CD cannot publish as CERT-AB; roles are enforced.
 */
@QuarkusTest
class AdvisoryCrossTenantTest {

    private static String draftId;
    private static String reviewId;

    record Endpoint(String name, Function<RequestSpecification, Response> call) {}

    @BeforeEach
    void draftsOfCertAb() {
        if (draftId != null) {
            return;
        }
        draftId = Advisories.createDraft(
                        "ab-analyst", Advisories.form("AB secret draft", "RED", Advisories.uniqueCve()))
                .getString("id");
        reviewId = Advisories.createDraft(
                        "ab-analyst", Advisories.form("AB draft in review", "WHITE", Advisories.uniqueCve()))
                .getString("id");
        Api.asUser("ab-analyst")
                .post("/api/v1/advisories/" + reviewId + "/submission")
                .then()
                .statusCode(200);
    }

    private static List<Endpoint> endpoints(String id) {
        var base = "/api/v1/advisories/" + id;
        return List.of(
                new Endpoint("get", r -> r.get(base)),
                new Endpoint("put csaf", r -> r.body("{\"document\": {}}").put(base)),
                new Endpoint(
                        "put form",
                        r -> r.body(Advisories.form("x", "WHITE", "CVE-2026-99999"))
                                .put(base + "/form")),
                new Endpoint("submit", r -> r.post(base + "/submission")),
                new Endpoint("reject", r -> r.post(base + "/rejection")),
                new Endpoint("publish", r -> r.post(base + "/publication")),
                new Endpoint("versions", r -> r.get(base + "/versions")),
                new Endpoint("version", r -> r.accept("*/*").get(base + "/versions/1")));
    }

    @Test
    void analystAndLeadOfAnotherCirtGet404OnEveryEndpointAndNothingChanges() {
        for (var id : List.of(draftId, reviewId)) {
            for (var user : List.of("cd-analyst", "cd-lead")) {
                for (var endpoint : endpoints(id)) {
                    var response = endpoint.call().apply(Api.asUser(user));
                    var status = response.statusCode();
                    // an endpoint the role may not call at all answers 403 before looking anything up
                    var roleForbidden = user.equals("cd-analyst")
                            && (endpoint.name().equals("reject")
                                    || endpoint.name().equals("publish"));
                    assertThat(status)
                            .as("%s by %s on %s", endpoint.name(), user, id)
                            .isEqualTo(roleForbidden ? 403 : 404);
                }
            }
        }
        Api.asUser("ab-analyst")
                .get("/api/v1/advisories/" + draftId)
                .then()
                .statusCode(200)
                .body("state", equalTo("draft"))
                .body("title", equalTo("AB secret draft"));
        Api.asUser("ab-analyst")
                .get("/api/v1/advisories/" + reviewId)
                .then()
                .statusCode(200)
                .body("state", equalTo("in_review"));
        Api.asUser("cd-analyst")
                .get("/api/v1/advisories")
                .then()
                .statusCode(200)
                .body("id", not(hasItem(draftId)));
        Api.asUser("ab-analyst")
                .get("/api/v1/advisories")
                .then()
                .statusCode(200)
                .body("id", hasItem(draftId));
    }

    @Test
    void aCirtCannotPublishAsAnotherCirt() throws Exception {
        var csaf = """
                {"document": {"category": "csaf_base", "csaf_version": "2.0", "title": "Claiming to be AB",
                  "publisher": {"category": "coordinator", "name": "CERT-AB, national CIRT of Republic A", "namespace": "https://cert-ab.example.org"},
                  "distribution": {"tlp": {"label": "WHITE"}},
                  "tracking": {"id": "CERT-AB-FAKE-%d"}}}
                """.formatted(System.nanoTime());
        var id = Api.asUser("cd-analyst")
                .body(csaf)
                .post("/api/v1/advisories")
                .then()
                .statusCode(201)
                .body("document.document.publisher.name", equalTo("CERT-CD, national CIRT of Kingdom C"))
                .extract()
                .path("id")
                .toString();
        var published = Advisories.submitAndPublish("cd-analyst", "cd-lead", id);
        Api.anonymous()
                .accept("*/*")
                .get("/.well-known/csaf/cert-ab/" + published.path())
                .then()
                .statusCode(404);
        var document = AdvisoryPublishingTest.bytes(Api.anonymous(), "/.well-known/csaf/cert-cd/" + published.path());
        var parsed = new com.fasterxml.jackson.databind.ObjectMapper().readTree(document);
        assertThat(parsed.at("/document/publisher/name").asText()).isEqualTo("CERT-CD, national CIRT of Kingdom C");
        assertThat(parsed.at("/document/publisher/namespace").asText()).isEqualTo("https://cert-cd.example.org");
        try (var gpg = new Gpg()) {
            var cdKeys = AdvisoryPublishingTest.importDirectoryKeys(gpg, "/.well-known/csaf/cert-cd/");
            var signature = new String(
                    AdvisoryPublishingTest.bytes(
                            Api.anonymous(), "/.well-known/csaf/cert-cd/" + published.path() + ".asc"),
                    StandardCharsets.US_ASCII);
            var status = gpg.verify(document, signature).stdout();
            assertThat(cdKeys).anyMatch(k -> status.matches("(?s).*VALIDSIG .* " + k + "\\R.*"));
        }
        var abKeys = Api.anonymous()
                .get("/.well-known/csaf/cert-ab/provider-metadata.json")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .<String>getList("public_openpgp_keys.fingerprint");
        assertThat(abKeys).doesNotContain(published.version().getString("keyFingerprint"));
    }

    @Test
    void rolesAreEnforced() {
        var id = Advisories.createDraft("ab-analyst", Advisories.form("Roles", "WHITE", Advisories.uniqueCve()))
                .getString("id");
        Api.asUser("ab-analyst")
                .post("/api/v1/advisories/" + id + "/submission")
                .then()
                .statusCode(200);
        Api.asUser("ab-analyst")
                .post("/api/v1/advisories/" + id + "/publication")
                .then()
                .statusCode(403);
        Api.asUser("ab-admin")
                .post("/api/v1/advisories/" + id + "/publication")
                .then()
                .statusCode(403);
        Api.as(Tokens.demoPartner("cert-ab"))
                .body(Advisories.form("p", "WHITE", Advisories.uniqueCve()))
                .post("/api/v1/advisories/from-form")
                .then()
                .statusCode(403);
        Api.as(Tokens.demoPartner("cert-ab"))
                .get("/api/v1/advisories/" + id)
                .then()
                .statusCode(403);
        Api.anonymous().get("/api/v1/advisories/" + id).then().statusCode(401);
        Api.asUser("ab-lead")
                .post("/api/v1/advisories/" + id + "/rejection")
                .then()
                .statusCode(200)
                .body("state", equalTo("draft"));
        Api.asUser("ab-lead")
                .post("/api/v1/advisories/" + id + "/publication")
                .then()
                .statusCode(409);
    }

    @Test
    void signingKeysAreTheCallersCirtsOnly() {
        List<String> ab = Api.asUser("ab-admin")
                .get("/api/v1/signing-keys")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("fingerprint");
        List<String> cd = Api.asUser("cd-admin")
                .get("/api/v1/signing-keys")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("fingerprint");
        assertThat(ab).isNotEmpty().doesNotContainAnyElementsOf(cd);
        assertThat(cd).isNotEmpty();
        Api.as(Tokens.demoPartner("cert-ab")).get("/api/v1/signing-keys").then().statusCode(403);
        Api.anonymous().get("/api/v1/signing-keys").then().statusCode(401);
        // a CIRT's directory lists only its own keys
        List<String> listed = Api.anonymous()
                .get("/.well-known/csaf/cert-ab/provider-metadata.json")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("public_openpgp_keys.fingerprint");
        assertThat(listed).containsExactlyInAnyOrderElementsOf(ab);
        Api.anonymous()
                .get("/.well-known/csaf/cert-zz/provider-metadata.json")
                .then()
                .statusCode(404);
    }

    @Test
    void draftsNeverReachTheDirectory() {
        var draft = Advisories.createDraft("ab-analyst", Advisories.form("Never out", "WHITE", Advisories.uniqueCve()));
        var file = draft.getString("fileName");
        var index = Api.anonymous()
                .accept("*/*")
                .get("/.well-known/csaf/cert-ab/white/index.txt")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(index).doesNotContain(file);
        Api.anonymous()
                .accept("*/*")
                .get("/.well-known/csaf/cert-ab/white/" + java.time.Year.now(java.time.ZoneOffset.UTC) + "/" + file)
                .then()
                .statusCode(404);
    }
}
