package org.opencirt.advisory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.Api;
import org.opencirt.testing.MovableClock;
import org.opencirt.testing.Tokens;

/**
 * Publishing through the API and fetching from the CSAF directory as a constituent would: GnuPG
 * verifies every signature, the hashes match the served bytes, csaf-validator-lib finds nothing
 * wrong, the TLP rules hold, changes.csv is newest first, every ROLIE link resolves.
 */
@QuarkusTest
class AdvisoryPublishingTest {

    static final String DIR = "/.well-known/csaf/cert-ab/";
    private static Gpg gpg;

    @Inject
    EntityManager em;

    @Inject
    MovableClock clock;

    @BeforeAll
    static void startGpg() {
        gpg = new Gpg();
    }

    @AfterAll
    static void stopGpg() {
        gpg.close();
    }

    /** Imports every key the directory lists; answers the fingerprints. */
    static List<String> importDirectoryKeys(Gpg into, String dir) {
        var metadata = Api.anonymous()
                .get(dir + "provider-metadata.json")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        List<String> fingerprints = metadata.getList("public_openpgp_keys.fingerprint");
        for (String url : metadata.<String>getList("public_openpgp_keys.url")) {
            var armored = Api.anonymous()
                    .accept("*/*")
                    .get(url)
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            assertThat(into.importKey(armored).exitCode()).isZero();
        }
        return fingerprints;
    }

    static byte[] bytes(io.restassured.specification.RequestSpecification spec, String url) {
        return spec.accept("*/*").get(url).then().statusCode(200).extract().asByteArray();
    }

    static String sha(String algorithm, byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    }

    @Test
    void aPublishedWhiteAdvisoryIsSignedVerifiableByGpgHashedAndValidCsaf() throws Exception {
        var published = Advisories.publish(
                "ab-analyst", "ab-lead", Advisories.form("Router RCE", "WHITE", Advisories.uniqueCve()));
        assertThat(published.path()).matches("white/\\d{4}/cert-ab-\\d{4}-\\d{4}\\.json");
        var fingerprints = importDirectoryKeys(gpg, DIR);
        assertThat(fingerprints).contains(published.version().getString("keyFingerprint"));

        var url = DIR + published.path();
        var document = bytes(Api.anonymous(), url);
        var signature = new String(bytes(Api.anonymous(), url + ".asc"), StandardCharsets.US_ASCII);
        var verified = gpg.verify(document, signature);
        assertThat(verified.stdout())
                .containsPattern("\\[GNUPG:\\] VALIDSIG [0-9A-F]{40} .* "
                        + published.version().getString("keyFingerprint") + "\\R");
        assertThat(gpg.listPackets(signature).stdout())
                .contains("digest algo 10")
                .contains("sigclass 0x00");

        var flipped = document.clone();
        flipped[flipped.length / 2] ^= 0x01;
        assertThat(gpg.verify(flipped, signature).stdout())
                .contains("[GNUPG:] BADSIG")
                .doesNotContain("VALIDSIG");

        var name = published.path().substring(published.path().lastIndexOf('/') + 1);
        assertThat(new String(bytes(Api.anonymous(), url + ".sha256"), StandardCharsets.US_ASCII))
                .isEqualTo(sha("SHA-256", document) + "  " + name + "\n");
        assertThat(new String(bytes(Api.anonymous(), url + ".sha512"), StandardCharsets.US_ASCII))
                .isEqualTo(sha("SHA-512", document) + "  " + name + "\n");

        var results = CsafValidatorCli.validate(List.of(document));
        assertThat(results.get(0).get("errors")).as(results.toString()).isEmpty();
        assertThat(results.get(0).get("isValid").asBoolean()).isTrue();
        assertThat(results.get(0).get("tests").asInt()).isGreaterThan(30);

        var csaf = new ObjectMapper().readTree(document);
        assertThat(csaf.at("/document/publisher/name").asText()).startsWith("CERT-AB");
        assertThat(csaf.at("/document/tracking/status").asText()).isEqualTo("final");
        assertThat(csaf.at("/document/tracking/version").asText()).isEqualTo("1");
        assertThat(csaf.at("/vulnerabilities/0/scores/0/cvss_v3/baseScore").asDouble())
                .isEqualTo(9.8);
        assertThat(csaf.at("/vulnerabilities/0/cwe/name").asText())
                .isEqualTo(
                        "Improper Neutralization of Special Elements used in an OS Command ('OS Command Injection')");
    }

    @Test
    void theVerifyEndpointNamesTheSignerAndRefusesAChangedDocument() {
        var published = Advisories.publish(
                "ab-analyst", "ab-lead", Advisories.form("Verify me", "WHITE", Advisories.uniqueCve()));
        var url = DIR + published.path();
        var document = new String(bytes(Api.anonymous(), url), StandardCharsets.UTF_8);
        var signature = new String(bytes(Api.anonymous(), url + ".asc"), StandardCharsets.US_ASCII);
        var body =
                new ObjectMapper().createObjectNode().put("document", document).put("signature", signature);
        Api.anonymous()
                .body(body.toString())
                .post("/api/v1/advisories/verify")
                .then()
                .statusCode(200)
                .body("valid", equalTo(true))
                .body("cirt", equalTo("cert-ab"))
                .body("fingerprint", equalTo(published.version().getString("keyFingerprint")))
                .body("digestAlgorithm", equalTo(10));
        body.put("document", document.replaceFirst("Verify me", "Verify mf"));
        Api.anonymous()
                .body(body.toString())
                .post("/api/v1/advisories/verify")
                .then()
                .statusCode(200)
                .body("valid", equalTo(false))
                .body("reason", containsString("bad signature"));
        body.put("signature", "not a signature");
        Api.anonymous()
                .body(body.toString())
                .post("/api/v1/advisories/verify")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/signature"));
    }

    @Test
    void amberIsServedOnlyToTheOwnCirtAndPartnerTokensAndRedOnlyToTheOwnStaffNeverByRedirect() {
        var amber = Advisories.publish(
                "ab-analyst", "ab-lead", Advisories.form("Amber thing", "AMBER", Advisories.uniqueCve()));
        var red = Advisories.publish(
                "ab-analyst", "ab-lead", Advisories.form("Red thing", "RED", Advisories.uniqueCve()));
        var amberUrls = List.of(
                DIR + amber.path(),
                DIR + amber.path() + ".asc",
                DIR + amber.path() + ".sha256",
                DIR + "amber/index.txt",
                DIR + "amber/changes.csv",
                DIR + "amber/csaf-feed-tlp-amber.json",
                "/advisories/cert-ab/" + amber.path().replace(".json", ".html"));
        for (var url : amberUrls) {
            Api.anonymous().accept("*/*").get(url).then().statusCode(401).header("Location", (String) null);
            Api.as(Tokens.demoPartner("cert-cd")).accept("*/*").get(url).then().statusCode(200);
            Api.as(Tokens.demoPartner("cert-ab")).accept("*/*").get(url).then().statusCode(200);
            Api.asUser("ab-analyst").accept("*/*").get(url).then().statusCode(200);
            Api.asUser("cd-analyst").accept("*/*").get(url).then().statusCode(404);
        }
        var redUrl = DIR + red.path();
        Api.anonymous().accept("*/*").get(redUrl).then().statusCode(401);
        Api.as(Tokens.demoPartner("cert-cd")).accept("*/*").get(redUrl).then().statusCode(404);
        Api.as(Tokens.demoPartner("cert-ab")).accept("*/*").get(redUrl).then().statusCode(404);
        Api.asUser("cd-lead").accept("*/*").get(redUrl).then().statusCode(404);
        Api.asUser("ab-lead").accept("*/*").get(redUrl).then().statusCode(200);
        Api.asUser("platform-admin").accept("*/*").get(redUrl).then().statusCode(404);
        // WHITE lists neither
        var white = Api.anonymous()
                .accept("*/*")
                .get(DIR + "white/index.txt")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(white)
                .doesNotContain(amber.path().substring("amber/".length()))
                .doesNotContain(red.path().substring("red/".length()));
    }

    @Test
    void changesCsvIsNewestFirstAndIndexListsEveryCurrentDocument() {
        var paths = new ArrayList<String>();
        try {
            for (int i = 0; i < 3; i++) {
                paths.add(Advisories.publish(
                                "ab-analyst",
                                "ab-lead",
                                Advisories.form("Ordered " + i, "GREEN", Advisories.uniqueCve()))
                        .path());
                clock.advance(Duration.ofSeconds(2)); // release dates have second precision
            }
        } finally {
            clock.reset();
        }
        var changes = Api.asUser("ab-analyst")
                .accept("*/*")
                .get(DIR + "green/changes.csv")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        var lines = changes.lines().toList();
        assertThat(lines)
                .allMatch(l ->
                        l.matches("\"\\d{4}/[a-z0-9_+-]+\\.json\",\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\""));
        var dates = lines.stream().map(l -> l.split(",")[1]).toList();
        assertThat(dates).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        var rel = paths.stream().map(p -> p.substring("green/".length())).toList();
        assertThat(lines.get(0)).startsWith("\"" + rel.get(2) + "\"");
        assertThat(lines.get(1)).startsWith("\"" + rel.get(1) + "\"");
        assertThat(lines.get(2)).startsWith("\"" + rel.get(0) + "\"");
        var index = Api.asUser("ab-analyst")
                .accept("*/*")
                .get(DIR + "green/index.txt")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(index.lines().toList()).containsAll(rel);
        // GREEN: any token of the platform, not anonymous
        Api.asUser("cd-analyst")
                .accept("*/*")
                .get(DIR + "green/changes.csv")
                .then()
                .statusCode(200);
        Api.anonymous().accept("*/*").get(DIR + "green/changes.csv").then().statusCode(401);
    }

    @Test
    void everyRolieLinkResolvesAndItsHashesMatchTheDocument() throws Exception {
        Advisories.publish("ab-analyst", "ab-lead", Advisories.form("Rolie entry", "WHITE", Advisories.uniqueCve()));
        var metadata = Api.anonymous()
                .get(DIR + "provider-metadata.json")
                .then()
                .statusCode(200)
                .body("role", equalTo("csaf_trusted_provider"))
                .body("metadata_version", equalTo("2.0"))
                .extract()
                .jsonPath();
        String feedUrl =
                metadata.getString("distributions.find { it.directory_url.endsWith('/white/') }.rolie.feeds[0].url");
        var feed = Api.anonymous().get(feedUrl).then().statusCode(200).extract().jsonPath();
        List<Object> entries = feed.getList("feed.entry");
        assertThat(entries).isNotEmpty();
        assertThat(feed.getString("feed.link[0].href")).isEqualTo(feedUrl);
        for (int i = 0; i < entries.size(); i++) {
            List<String> rels = feed.getList("feed.entry[%d].link.rel".formatted(i));
            List<String> hrefs = feed.getList("feed.entry[%d].link.href".formatted(i));
            assertThat(rels).containsExactly("self", "hash", "hash", "signature");
            var document = bytes(Api.anonymous(), hrefs.get(0));
            assertThat(new String(bytes(Api.anonymous(), hrefs.get(1)), StandardCharsets.US_ASCII))
                    .startsWith(sha("SHA-256", document));
            assertThat(new String(bytes(Api.anonymous(), hrefs.get(2)), StandardCharsets.US_ASCII))
                    .startsWith(sha("SHA-512", document));
            assertThat(gpg.verify(document, new String(bytes(Api.anonymous(), hrefs.get(3)), StandardCharsets.US_ASCII))
                            .stdout())
                    .contains("VALIDSIG");
            assertThat(bytes(Api.anonymous(), feed.getString("feed.entry[%d].content.src".formatted(i))))
                    .isEqualTo(document);
        }
        importDirectoryKeys(gpg, DIR);
    }

    @Test
    void aChangeMakesANewVersionWithRevisionHistoryAndThePublishedVersionNeverChanges() throws Exception {
        var first = Advisories.publish(
                "ab-analyst", "ab-lead", Advisories.form("Versioned", "WHITE", Advisories.uniqueCve()));
        var id = first.advisoryId();
        var v1 = bytes(Api.asUser("ab-analyst"), "/api/v1/advisories/" + id + "/versions/1");
        var advisory = Api.asUser("ab-analyst")
                .get("/api/v1/advisories/" + id)
                .then()
                .statusCode(200)
                .extract();
        var etag = advisory.header("ETag");
        var doc = (com.fasterxml.jackson.databind.node.ObjectNode)
                new ObjectMapper().readTree(advisory.jsonPath().prettify()).get("document");
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc.get("document")).put("title", "Versioned (updated)");
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc.at("/document/tracking"))
                .putArray("revision_history")
                .addObject()
                .put("number", "2")
                .put("date", "2026-01-01T00:00:00Z")
                .put("summary", "Fixed versions corrected");
        Api.asUser("ab-analyst")
                .header("If-Match", "\"999\"")
                .body(doc.toString())
                .put("/api/v1/advisories/" + id)
                .then()
                .statusCode(412);
        Api.asUser("ab-analyst")
                .header("If-Match", etag)
                .body(doc.toString())
                .put("/api/v1/advisories/" + id)
                .then()
                .statusCode(200)
                .body("state", equalTo("draft"))
                .body("publishedVersion", equalTo(1))
                .body("document.document.tracking.version", equalTo("2"))
                .body("document.document.tracking.status", equalTo("draft"));
        // a lead must review again
        Api.asUser("ab-lead")
                .post("/api/v1/advisories/" + id + "/publication")
                .then()
                .statusCode(409);
        var second = Advisories.submitAndPublish("ab-analyst", "ab-lead", id);
        assertThat(second.version().getInt("number")).isEqualTo(2);
        assertThat(second.path()).isEqualTo(first.path());

        var served = bytes(Api.anonymous(), DIR + second.path());
        var csaf = new ObjectMapper().readTree(served);
        assertThat(csaf.at("/document/title").asText()).isEqualTo("Versioned (updated)");
        assertThat(csaf.at("/document/tracking/version").asText()).isEqualTo("2");
        assertThat(csaf.at("/document/tracking/revision_history/0/number").asText())
                .isEqualTo("1");
        assertThat(csaf.at("/document/tracking/revision_history/1/number").asText())
                .isEqualTo("2");
        assertThat(csaf.at("/document/tracking/revision_history/1/summary").asText())
                .isEqualTo("Fixed versions corrected");
        assertThat(csaf.at("/document/tracking/initial_release_date").asText())
                .isEqualTo(new ObjectMapper()
                        .readTree(v1)
                        .at("/document/tracking/initial_release_date")
                        .asText());
        assertThat(bytes(Api.asUser("ab-analyst"), "/api/v1/advisories/" + id + "/versions/1"))
                .isEqualTo(v1);
        var results = CsafValidatorCli.validate(List.of(v1, served));
        assertThat(results.get(0).get("errors")).as(results.toString()).isEmpty();
        assertThat(results.get(1).get("errors")).as(results.toString()).isEmpty();
        var v1Signature = Api.asUser("ab-analyst")
                .accept("*/*")
                .get("/api/v1/advisories/" + id + "/versions/1?part=signature")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        importDirectoryKeys(gpg, DIR);
        assertThat(gpg.verify(v1, v1Signature).stdout()).contains("VALIDSIG");

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew()
                        .run(() -> em.createNativeQuery("update advisory_version set title = 'tampered'")
                                .executeUpdate()))
                .satisfies(e -> assertThat(rootMessage(e)).contains("immutable"));
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew()
                        .run(() -> em.createNativeQuery("delete from advisory_version")
                                .executeUpdate()))
                .satisfies(e -> assertThat(rootMessage(e)).contains("immutable"));
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return String.valueOf(e.getMessage());
    }

    @Test
    void thePageEscapesEveryValueAndTheFileNameFollowsTheTrackingId() {
        var form = """
                {"trackingId": "Example Company - 2019-YH3234", "title": "<script>alert(1)</script> & more",
                 "summary": "<img src=x onerror=alert(2)>", "tlp": "WHITE",
                 "products": [{"vendor": "<b>V</b>", "name": "P", "versions": ["1"]}],
                 "references": [{"url": "https://x.example/?a=%3Ci%3E", "summary": "\\"quoted\\" <ref>"}]}
                """;
        var published = Advisories.publish("ab-analyst", "ab-lead", form);
        assertThat(published.path()).matches("white/\\d{4}/example_company_-_2019-yh3234\\.json");
        var html = Api.anonymous()
                .accept("text/html")
                .get("/advisories/cert-ab/" + published.path().replace(".json", ".html"))
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(html)
                .doesNotContain("<script>alert")
                .doesNotContain("<img")
                .doesNotContain("<b>V</b>")
                .doesNotContain("<ref>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more")
                .contains("&lt;img src=x onerror=alert(2)&gt;");
        Api.anonymous()
                .accept("*/*")
                .get(DIR + published.path())
                .then()
                .statusCode(200)
                .body(not(containsString("&lt;")));
    }

    @Test
    void twoLeadsPublishingAtOnceMakeOneVersion() throws Exception {
        var id = Advisories.createDraft("ab-analyst", Advisories.form("Race", "WHITE", Advisories.uniqueCve()))
                .getString("id");
        Api.asUser("ab-analyst")
                .post("/api/v1/advisories/" + id + "/submission")
                .then()
                .statusCode(200);
        var token = Tokens.user("ab-lead");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(() -> Api.as(token)
                    .post("/api/v1/advisories/" + id + "/publication")
                    .statusCode());
            var b = pool.submit(() -> Api.as(token)
                    .post("/api/v1/advisories/" + id + "/publication")
                    .statusCode());
            assertThat(List.of(a.get(), b.get())).containsExactlyInAnyOrder(201, 409);
        } finally {
            pool.shutdown();
        }
        Api.asUser("ab-analyst")
                .get("/api/v1/advisories/" + id + "/versions")
                .then()
                .statusCode(200)
                .body("number", equalTo(List.of(1)));
    }
}
