package org.opencirt.advisory.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opencirt.advisory.signing.OpenPgp;
import org.opencirt.advisory.signing.SigningConfig;
import org.opencirt.testing.Api;

/**
 * A CIRT's {@code csaf-provider} feed against a vendor's provider on a local port: the documents
 * whose hash, signature and validity hold become the CIRT's vendor advisories, searchable and
 * readable by its analysts only; a bad hash, a signature by another key and an invalid document
 * are counted with their reasons and never kept; the next run reads only what changed since.
 */
@QuarkusTest
class CsafProviderFeedTest {

    private ProviderMirror mirror;

    @AfterEach
    void close() {
        if (mirror != null) {
            mirror.close();
        }
    }

    private static String createFeed(String url) {
        var id = "csaf-" + UUID.randomUUID().toString().substring(0, 8);
        Api.asUser("ab-admin")
                .contentType("application/yaml")
                .body("""
                        id: %s
                        name: Vendor CSAF advisories
                        url: %s
                        format: csaf-provider
                        enabled: true
                        """.formatted(id, url))
                .post("/api/v1/feeds")
                .then()
                .statusCode(201);
        return id;
    }

    private static JsonPath runAndWait(String feedId) {
        var run = Api.asUser("ab-admin")
                .post("/api/v1/feeds/%s/runs".formatted(feedId))
                .then()
                .statusCode(202)
                .extract()
                .jsonPath();
        var url = "/api/v1/feeds/%s/runs/%s".formatted(feedId, run.getString("id"));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> !"running"
                        .equals(Api.asUser("ab-admin").get(url).then().extract().path("status")));
        return Api.asUser("ab-admin").get(url).then().statusCode(200).extract().jsonPath();
    }

    private static List<Map<String, Object>> search(String user, String q) {
        return Api.asUser(user)
                .queryParam("q", q)
                .get("/api/v1/vendor-advisories")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("");
    }

    @Test
    void trustedDocumentsAreKeptTheOthersCountedWithTheirReasonsAndTheNextRunReadsOnlyWhatChanged() throws Exception {
        mirror = ProviderMirror.complete(false);
        var marker = "VENDOR-" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        var good = ProviderMirror.document(marker + "-GOOD", "WHITE", "2026-05-01T08:00:00Z", "2026-05-01T08:00:00Z");
        // a vendor of this run's own name, so that what its constituents declare is this run's too
        var maker = "maker" + UUID.randomUUID().toString().substring(0, 8);
        ((com.fasterxml.jackson.databind.node.ObjectNode)
                        good.withObject("product_tree").withArray("branches").get(0))
                .put("name", maker);
        good.putArray("vulnerabilities")
                .addObject()
                .put("cve", "CVE-2026-31337")
                .putObject("product_status")
                .putArray("known_affected")
                .add("CSAFPID-1");
        var ministry = "Ministry of Tests " + maker;
        var university = "University of Tests " + maker;
        Api.asUser("ab-admin")
                .body("""
                        {"entries": [
                          {"kind": "product", "value": "cpe:2.3:h:%1$s:router:*:*:*:*:*:*:*:*", "label": "%2$s"},
                          {"kind": "product", "value": "cpe:2.3:h:%1$s:switch:*:*:*:*:*:*:*:*", "label": "%3$s"}]}
                        """.formatted(maker, ministry, university))
                .post("/api/v1/constituency")
                .then()
                .statusCode(201);
        mirror.publish("white", good);
        var badHash = mirror.publish(
                "white",
                ProviderMirror.document(marker + "-HASH", "WHITE", "2026-05-02T08:00:00Z", "2026-05-02T08:00:00Z"));
        mirror.put(badHash + ".sha256", "0".repeat(64) + "  x.json\n");
        mirror.put(badHash + ".sha512", "0".repeat(128) + "  x.json\n");
        var badSignature = mirror.publish(
                "white",
                ProviderMirror.document(marker + "-SIG", "WHITE", "2026-05-03T08:00:00Z", "2026-05-03T08:00:00Z"));
        var stranger = OpenPgp.generate(
                "Stranger <x@stranger.test>",
                SigningConfig.KeyAlgorithm.ED25519,
                Duration.ofDays(30),
                Instant.now().minusSeconds(60));
        mirror.put(badSignature + ".asc", ProviderMirror.sign(mirror.files.get(badSignature), stranger));
        var invalid = ProviderMirror.document(marker + "-BAD", "WHITE", "2026-05-04T08:00:00Z", "2026-05-04T08:00:00Z");
        invalid.withObject("document").put("csaf_version", "1.2");
        mirror.publish("white", invalid);
        mirror.finish();

        var feed = createFeed(mirror.metadataUrl());
        var first = runAndWait(feed);
        assertThat(first.getString("status")).isEqualTo("partial");
        // the WHITE folder's six documents (the AMBER folder needs a token the feed does not have)
        assertThat(first.getLong("parsed")).isEqualTo(6);
        assertThat(first.getLong("created")).isEqualTo(3);
        assertThat(first.getLong("invalid")).isEqualTo(3);
        // the ministry runs the affected router: one incident; the university's switch is not named
        assertThat(first.getLong("incidents")).isEqualTo(1);
        List<Map<String, Object>> samples = first.getList("invalidSamples");
        assertThat(samples)
                .anySatisfy(s ->
                        assertThat((String) s.get("excerpt")).endsWith(badHash.substring(badHash.lastIndexOf('/'))))
                .anySatisfy(s -> assertThat((String) s.get("reason")).contains("does not match"))
                .anySatisfy(s ->
                        assertThat((String) s.get("reason")).contains("signed by a key the platform does not know"))
                .anySatisfy(s -> assertThat((String) s.get("reason")).contains("csaf_version"));

        var found = search("ab-analyst", "cve-2026-31337");
        assertThat(found).singleElement().satisfies(a -> {
            assertThat(a.get("trackingId")).isEqualTo(marker + "-GOOD");
            assertThat(a.get("signedBy")).isEqualTo(mirror.key.fingerprint());
            assertThat(a.get("feedId")).isEqualTo(feed);
        });
        assertThat(search("ab-analyst", marker))
                .extracting(a -> a.get("trackingId"))
                .containsExactly(marker + "-GOOD");
        var id = (String) found.getFirst().get("id");
        var view = Api.asUser("ab-analyst")
                .get("/api/v1/vendor-advisories/" + id)
                .then()
                .statusCode(200)
                .body("document.document.tracking.id", equalTo(marker + "-GOOD"))
                .body("summary.cves", equalTo(List.of("CVE-2026-31337")))
                .body("incidents.constituent", equalTo(List.of(ministry)))
                .extract()
                .jsonPath();
        Api.asUser("ab-analyst")
                .get("/api/v1/incidents/" + view.getString("incidents[0].incidentId"))
                .then()
                .statusCode(200)
                .body("type", equalTo("vulnerable-system"))
                .body("tlp", equalTo("AMBER"))
                .body("channel", equalTo("feed"))
                .body("title", equalTo(ministry + " runs a product affected by " + marker + "-GOOD"))
                .body("observables.value", equalTo(List.of("CVE-2026-31337")));
        // another CIRT neither finds nor reads it
        assertThat(search("cd-analyst", marker)).isEmpty();
        Api.asUser("cd-analyst").get("/api/v1/vendor-advisories/" + id).then().statusCode(404);

        // an analyst links it to an incident of the CIRT, and removes that link; the raised one stays
        var incident = Api.asUser("ab-analyst")
                .body("{\"title\": \"Router seen exploited %s\"}".formatted(marker))
                .post("/api/v1/incidents")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        var link = "/api/v1/vendor-advisories/%s/incidents/%s".formatted(id, incident);
        Api.asUser("ab-analyst").put(link).then().statusCode(204);
        Api.asUser("ab-analyst").put(link).then().statusCode(204);
        Api.asUser("ab-analyst")
                .get("/api/v1/vendor-advisories/" + id)
                .then()
                .body("incidents.incidentId", org.hamcrest.Matchers.hasItem(incident))
                .body("incidents.find { it.incidentId == '%s' }.linkedBy".formatted(incident), equalTo("ab-analyst"))
                .body("incidents.size()", equalTo(2));
        // nor may another CIRT link it, or link it to another CIRT's incident
        Api.asUser("cd-analyst").put(link).then().statusCode(404);
        var theirs = Api.asUser("cd-analyst")
                .body("{\"title\": \"Elsewhere %s\"}".formatted(marker))
                .post("/api/v1/incidents")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        Api.asUser("ab-analyst")
                .put("/api/v1/vendor-advisories/%s/incidents/%s".formatted(id, theirs))
                .then()
                .statusCode(404);
        Api.asUser("ab-analyst")
                .delete("/api/v1/vendor-advisories/%s/incidents/%s"
                        .formatted(id, view.getString("incidents[0].incidentId")))
                .then()
                .statusCode(409);
        Api.asUser("ab-analyst").delete(link).then().statusCode(204);
        Api.asUser("ab-analyst")
                .get("/api/v1/vendor-advisories/" + id)
                .then()
                .body("incidents.incidentId", equalTo(List.of(view.getString("incidents[0].incidentId"))));

        // a new version of the good document, and nothing else changed: only it is read again
        var updated =
                ProviderMirror.document(marker + "-GOOD", "WHITE", "2026-05-01T08:00:00Z", "2026-06-01T08:00:00Z");
        updated.set("product_tree", good.get("product_tree"));
        updated.set("vulnerabilities", good.get("vulnerabilities"));
        updated.withObject("document").put("title", "Updated " + marker);
        updated.withObject("document").withObject("tracking").put("version", "2");
        updated.withObject("document")
                .withObject("tracking")
                .withArray("revision_history")
                .addObject()
                .put("number", "2")
                .put("date", "2026-06-01T08:00:00Z")
                .put("summary", "Update");
        mirror.publish("white", updated);
        mirror.finish();
        var second = runAndWait(feed);
        assertThat(second.getString("status")).isEqualTo("succeeded");
        assertThat(second.getLong("parsed")).isEqualTo(1);
        assertThat(second.getLong("updated")).isEqualTo(1);
        // the new version names the same product: the ministry already has its incident
        assertThat(second.getLong("incidents")).isZero();
        assertThat(search("ab-analyst", marker))
                .singleElement()
                .satisfies(a -> assertThat(a.get("title")).isEqualTo("Updated " + marker));
    }

    @Test
    void aProviderWithoutMetadataFailsTheRunWithAPlainReason() throws Exception {
        mirror = ProviderMirror.complete(false);
        mirror.files.remove("/.well-known/csaf/provider-metadata.json");
        var run = runAndWait(createFeed(mirror.metadataUrl()));
        assertThat(run.getString("status")).isEqualTo("failed");
        assertThat(run.getString("errorCode")).isEqualTo("csaf-provider");
        assertThat(run.getString("error")).contains("provider-metadata.json answers HTTP 404");
    }
}
