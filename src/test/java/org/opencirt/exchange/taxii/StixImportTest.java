package org.opencirt.exchange.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opencirt.exchange.service.StixBundles;
import org.opencirt.testing.Api;
import org.opencirt.testing.KeycloakUsers;
import org.opencirt.testing.Tokens;

/**
 * Importing STIX 2.1: partners push into a CIRT's TAXII inbox with real tokens (a remote partner's machine client,
 * a CIRT on this platform declared as partner), the status resource goes from pending to complete, the indicators
 * reach the receiving CIRT's indicator API with their TLP and provenance and no other CIRT; the analysts' upload
 * runs the same import. The receiving CIRT is onboarded here, so no other test's partners or grants reach it.
 */
@QuarkusTest
class StixImportTest {

    private static final String TAXII = "application/taxii+json;version=2.1";
    private static final String TLP1_GREEN = "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da";
    private static final String TLP2_RED = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";

    private static String receiver;
    private static String receiverAdmin;
    private static String receiverAnalyst;
    /** A remote partner of the receiver: its id and its client's token. */
    private static String remote;

    private static String remoteToken;
    /** The receiver's partner record naming cert-cd. */
    private static String cdPartner;

    @Inject
    KeycloakUsers users;

    @BeforeEach
    void aReceivingCirtWithARemotePartnerAndCertCdAsPartner() {
        if (receiver != null) {
            return;
        }
        var id = "cert-s" + UUID.randomUUID().toString().substring(0, 6);
        Api.asUser("platform-admin")
                .body("""
                {"id": "%1$s", "name": "STIX %1$s", "countryCode": "WS", "contactEmail": "cert@%1$s.example.org",
                 "constituency": "A receiving CIRT"}
                """.formatted(id))
                .post("/api/v1/tenants")
                .then()
                .statusCode(201);
        receiverAdmin = users.create(List.of("cirt-admin"), List.of(id));
        receiverAnalyst = users.create(List.of("analyst"), List.of(id));
        receiver = id;
        var created = Api.asUser(receiverAdmin)
                .body("{\"kind\": \"remote\", \"name\": \"Ports CERT\", \"country\": \"SN\"}")
                .post("/api/v1/partners")
                .then()
                .statusCode(201)
                .body("defaultTlp", equalTo("AMBER"))
                .extract()
                .jsonPath();
        remote = created.getString("id");
        remoteToken = Tokens.client(created.getString("clientId"), created.getString("clientSecret"));
        cdPartner = Api.asUser(receiverAdmin)
                .body("{\"kind\": \"cirt\", \"cirt\": \"cert-cd\"}")
                .post("/api/v1/partners")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static String inbox(String cirt) {
        return "/taxii2/%s/collections/%s/objects/".formatted(cirt, TaxiiCollections.id(cirt, "inbox"));
    }

    private static RequestSpecification taxii(String token) {
        return Api.as(token).accept(TAXII).contentType(TAXII);
    }

    private static String domain() {
        return "s%s.stix-import.info".formatted(UUID.randomUUID().toString().substring(0, 12));
    }

    private static String address() {
        var r = ThreadLocalRandom.current();
        return "45.%d.%d.%d".formatted(r.nextInt(1, 255), r.nextInt(1, 255), r.nextInt(1, 255));
    }

    private static String indicator(String id, String pattern, String markings) {
        return """
                {"type": "indicator", "spec_version": "2.1", "id": "%s", "created": "2026-12-01T10:00:00.000Z",
                 "modified": "2026-12-01T10:00:00.000Z", "pattern": "%s", "pattern_type": "stix",
                 "valid_from": "2026-12-01T10:00:00Z", "indicator_types": ["malicious-activity"]%s}""".formatted(id, pattern, markings == null ? "" : ", \"object_marking_refs\": [\"" + markings + "\"]");
    }

    private static String stixId(String type) {
        return type + "--" + UUID.randomUUID();
    }

    private static JsonPath completed(String token, String cirt, String status) {
        var result = new JsonPath[1];
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    var response = taxii(token).get("/taxii2/%s/status/%s/".formatted(cirt, status));
                    assertThat(response.statusCode()).isEqualTo(200);
                    result[0] = response.jsonPath();
                    return result[0].getString("status").equals("complete");
                });
        return result[0];
    }

    @Test
    void aRemotePartnersPushBecomesTheReceiversIndicatorsWithTheirTlpAndProvenanceAndNoOneElseSeesThem() {
        var unmarked = domain();
        var green = address();
        var network = "45.%d.7.0/24".formatted(ThreadLocalRandom.current().nextInt(1, 255));
        var also = domain();
        var simple = stixId("indicator");
        var greenId = stixId("indicator");
        var complex = stixId("indicator");
        var unknown = stixId("x-acme-widget");
        var malware = stixId("malware");
        var bad = stixId("indicator");
        var body = """
                {"objects": [%s, %s, %s, %s,
                  {"type": "x-acme-widget", "spec_version": "2.1", "id": "%s"},
                  {"type": "malware", "spec_version": "2.1", "id": "%s", "name": "Kit", "is_family": true},
                  %s]}""".formatted(
                        indicator(
                                simple,
                                "[domain-name:value = '%s'] OR [domain-name:value = '%s']".formatted(unmarked, also),
                                null),
                        indicator(
                                greenId,
                                "[ipv4-addr:value = '%s'] OR [ipv4-addr:value ISSUBSET '%s']".formatted(green, network),
                                TLP1_GREEN),
                        indicator(
                                complex,
                                "[ipv4-addr:value = '%s' AND domain-name:value = '%s']".formatted(address(), domain()),
                                null),
                        indicator(stixId("indicator"), "[process:name = 'evil.exe']", TLP2_RED),
                        unknown,
                        malware,
                        indicator(bad, "[domain-name:value = 'not a domain']", null));
        var accepted = taxii(remoteToken)
                .body(body)
                .post(inbox(receiver))
                .then()
                .statusCode(202)
                .contentType(TAXII)
                .body("total_count", equalTo(7))
                .extract()
                .jsonPath();
        assertThat(accepted.getString("status")).isIn("pending", "complete");
        var status = completed(remoteToken, receiver, accepted.getString("id"));

        assertThat(status.getInt("success_count")).isEqualTo(4);
        assertThat(status.getInt("failure_count")).isEqualTo(3);
        assertThat(status.getInt("pending_count")).isZero();
        assertThat(status.getList("successes.id", String.class)).contains(simple, greenId, complex);
        assertThat(status.getList("failures.id", String.class)).containsExactlyInAnyOrder(unknown, malware, bad);
        var messages = status.getList("failures.message", String.class);
        assertThat(messages)
                .anySatisfy(m ->
                        assertThat(m).contains("object 4 (" + unknown + ")").contains("x-acme-widget"));
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("object 6 (" + bad + ")"));
        assertThat(String.join(" ", messages)).doesNotContain("Exception").doesNotContain("org.opencirt");
        assertThat(status.getList("successes.version", String.class)).contains("2026-12-01T10:00:00.000Z");

        // the import as the receiver's analysts see it: the counts of what could not be matched or was skipped
        var imported = Api.asUser(receiverAnalyst)
                .get("/api/v1/stix/imports/" + accepted.getString("id"))
                .then()
                .statusCode(200)
                .body("channel", equalTo("taxii-inbox"))
                .body("partner.id", equalTo(remote))
                .body("partner.name", equalTo("Ports CERT"))
                .body("indicatorCount", equalTo(4))
                .body("notMatchableCount", equalTo(2))
                .body("skippedCount", equalTo(2))
                .extract()
                .jsonPath();
        assertThat(imported.getString("sentBy")).isNotBlank();

        // unmarked: the partner's default, AMBER; the source names the partner and the channel
        var source = Api.asUser(receiverAnalyst)
                .queryParam("value", unmarked)
                .get("/api/v1/indicators")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(source.getList("indicators.value", String.class)).containsExactly(unmarked);
        assertThat(source.getString("indicators[0].tlp")).isEqualTo("AMBER");
        assertThat(source.getString("indicators[0].sources[0].feed")).isEqualTo("partner:" + remote);
        assertThat(source.getList("indicators[0].sources[0].tags", String.class))
                .contains("via:taxii-inbox");
        // TLP 1.0 GREEN read as GREEN, and the ISSUBSET network as a cidr indicator
        Api.asUser(receiverAnalyst)
                .queryParam("value", green)
                .get("/api/v1/indicators")
                .then()
                .statusCode(200)
                .body("indicators[0].tlp", equalTo("GREEN"));
        Api.asUser(receiverAnalyst)
                .queryParam("value", network)
                .queryParam("type", "cidr")
                .get("/api/v1/indicators")
                .then()
                .statusCode(200)
                .body("indicators.value", org.hamcrest.Matchers.hasItem(network));

        // another CIRT never sees the AMBER ones
        Api.asUser("cd-analyst")
                .queryParam("value", unmarked)
                .get("/api/v1/indicators")
                .then()
                .statusCode(200)
                .body("indicators", org.hamcrest.Matchers.empty());
        Api.asUser("ab-analyst")
                .queryParam("value", also)
                .get("/api/v1/indicators")
                .then()
                .statusCode(200)
                .body("indicators", org.hamcrest.Matchers.empty());
        // nor the import, nor its status; the receiver's analysts read imports, its admins the status
        Api.asUser("cd-analyst")
                .get("/api/v1/stix/imports/" + accepted.getString("id"))
                .then()
                .statusCode(404);
        taxii(Tokens.user("cd-analyst"))
                .get("/taxii2/%s/status/%s/".formatted(receiver, accepted.getString("id")))
                .then()
                .statusCode(404)
                .contentType(TAXII);
        taxii(Tokens.user(receiverAnalyst))
                .get("/taxii2/%s/status/%s/".formatted(receiver, accepted.getString("id")))
                .then()
                .statusCode(404);
        taxii(Tokens.user(receiverAdmin))
                .get("/taxii2/%s/status/%s/".formatted(receiver, accepted.getString("id")))
                .then()
                .statusCode(200)
                .body("status", equalTo("complete"));
    }

    @Test
    void aCirtDeclaredAsPartnerPushesAndReadsItsStatusWhileOtherCirtsMeet404() {
        var value = domain();
        var accepted = taxii(Tokens.user("cd-analyst"))
                .body("{\"objects\": [%s]}"
                        .formatted(indicator(stixId("indicator"), "[domain-name:value = '%s']".formatted(value), null)))
                .post(inbox(receiver))
                .then()
                .statusCode(202)
                .extract()
                .jsonPath();
        var status = completed(Tokens.user("cd-analyst"), receiver, accepted.getString("id"));
        assertThat(status.getInt("success_count")).isEqualTo(1);
        Api.asUser(receiverAnalyst)
                .queryParam("value", value)
                .get("/api/v1/indicators")
                .then()
                .statusCode(200)
                .body("indicators[0].sources[0].feed", equalTo("partner:" + cdPartner));
        // cert-cd's partner-role users are not its analysts; cert-ab is no partner of the receiver
        taxii(Tokens.user("ab-analyst"))
                .get("/taxii2/%s/status/%s/".formatted(receiver, accepted.getString("id")))
                .then()
                .statusCode(404);
        taxii(Tokens.user("ab-analyst"))
                .body("{\"objects\": []}")
                .post(inbox(receiver))
                .then()
                .statusCode(404)
                .body("title", equalTo("Not found"));
        // the receiver's own analysts upload instead; nobody writes into a read-only collection
        taxii(Tokens.user(receiverAnalyst))
                .body("{\"objects\": []}")
                .post(inbox(receiver))
                .then()
                .statusCode(403)
                .body("description", containsString("/api/v1/stix/bundles"));
        taxii(remoteToken)
                .body("{\"objects\": []}")
                .post("/taxii2/%s/collections/%s/objects/"
                        .formatted(receiver, TaxiiCollections.id(receiver, "indicators")))
                .then()
                .statusCode(403)
                .body("description", containsString("can_write"));
        // a remote partner's client is of the receiving CIRT only
        taxii(remoteToken)
                .body("{\"objects\": []}")
                .post(inbox("cert-cd"))
                .then()
                .statusCode(404);
    }

    @Test
    void malformedWrongMediaTypeAndOversizedRequestsAreRefusedWholeBeforeAnythingIsStored() {
        var before = importCount();
        taxii(remoteToken)
                .body("{\"objects\": [{\"type\": \"indicator\"}, ")
                .post(inbox(receiver))
                .then()
                .statusCode(400)
                .contentType(TAXII)
                .body("http_status", equalTo("400"))
                .body("description", containsString("not valid JSON"));
        taxii(remoteToken)
                .body("{\"more\": false}")
                .post(inbox(receiver))
                .then()
                .statusCode(400)
                .body("description", containsString("no 'objects' array"));
        taxii(remoteToken)
                .body("[1, 2]")
                .post(inbox(receiver))
                .then()
                .statusCode(400)
                .body("description", not(containsString("Exception")));
        Api.as(remoteToken)
                .accept(TAXII)
                .contentType("application/json")
                .body("{\"objects\": []}")
                .post(inbox(receiver))
                .then()
                .statusCode(415)
                .contentType(TAXII)
                .body("description", containsString(TAXII));
        taxii(remoteToken)
                .contentType("application/taxii+json;version=2.0")
                .body("{\"objects\": []}")
                .post(inbox(receiver))
                .then()
                .statusCode(415);
        var oversize = new byte[10 * 1024 * 1024 + 1];
        java.util.Arrays.fill(oversize, (byte) ' ');
        var tooLarge = taxii(remoteToken).body(oversize).post(inbox(receiver));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.contentType()).as(tooLarge.asString()).isEqualTo(TAXII);
        assertThat(tooLarge.jsonPath().getString("http_status")).isEqualTo("413");
        assertThat(tooLarge.jsonPath().getString("description")).contains("10485760");
        assertThat(importCount()).isEqualTo(before);
    }

    @Test
    void tenThousandObjectsImportAndOneMoreIsRefused() {
        var prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
        var objects = new StringBuilder();
        for (var i = 0; i < StixBundles.MAX_OBJECTS; i++) {
            if (i > 0) {
                objects.append(',');
            }
            objects.append(indicator(
                    "indicator--%s".formatted(UUID.nameUUIDFromBytes((prefix + i).getBytes(StandardCharsets.UTF_8))),
                    "[domain-name:value = 'h%d.%s.info']".formatted(i, prefix),
                    null));
        }
        var tooMany = "{\"objects\": [%s, {\"type\": \"malware\"}]}".formatted(objects);
        taxii(remoteToken)
                .body(tooMany)
                .post(inbox(receiver))
                .then()
                .statusCode(413)
                .body("description", containsString("10000 objects"));
        var accepted = taxii(remoteToken)
                .body("{\"objects\": [%s]}".formatted(objects))
                .post(inbox(receiver))
                .then()
                .statusCode(202)
                .body("total_count", equalTo(10_000))
                .extract()
                .jsonPath();
        var status = completed(remoteToken, receiver, accepted.getString("id"));
        assertThat(status.getInt("success_count")).isEqualTo(10_000);
        Api.asUser(receiverAnalyst)
                .queryParam("value", "h9999.%s.info".formatted(prefix))
                .get("/api/v1/indicators")
                .then()
                .statusCode(200)
                .body("indicators[0].tlp", equalTo("AMBER"));
    }

    @Test
    void anAnalystUploadsABundleFromAPartnerWhoseDefaultLabelIsGreenAndListsTheImports() {
        var partner = Api.asUser(receiverAdmin)
                .body("{\"kind\": \"remote\", \"name\": \"Sector CERT %s\", \"defaultTlp\": \"RED\"}"
                        .formatted(UUID.randomUUID()))
                .post("/api/v1/partners")
                .then()
                .statusCode(201)
                .body("defaultTlp", equalTo("RED"))
                .extract()
                .<String>path("id");
        Api.asUser(receiverAdmin)
                .body("{\"defaultTlp\": \"GREEN\"}")
                .put("/api/v1/partners/%s/default-tlp".formatted(partner))
                .then()
                .statusCode(200)
                .body("defaultTlp", equalTo("GREEN"));
        var value = domain();
        var bundle = """
                {"type": "bundle", "id": "bundle--%s", "objects": [%s]}""".formatted(
                UUID.randomUUID(), indicator(stixId("indicator"), "[domain-name:value = '%s']".formatted(value), null));
        var created = Api.asUser(receiverAnalyst)
                .queryParam("partner", partner)
                .body(bundle)
                .post("/api/v1/stix/bundles")
                .then()
                .statusCode(201)
                .body("channel", equalTo("upload"))
                .extract();
        var location = created.header("Location");
        var id = created.path("id").toString();
        assertThat(location).endsWith("/api/v1/stix/imports/" + id);
        await().atMost(Duration.ofSeconds(90))
                .until(() -> "complete"
                        .equals(Api.asUser(receiverAnalyst).get(location).path("status")));
        // GREEN reaches the community: cert-cd's analysts see it too, from the partner, through an upload
        Api.asUser("cd-analyst")
                .queryParam("value", value)
                .get("/api/v1/indicators")
                .then()
                .statusCode(200)
                .body("indicators[0].tlp", equalTo("GREEN"))
                .body("indicators[0].sources[0].tags", org.hamcrest.Matchers.hasItem("via:upload"));
        var list = Api.asUser(receiverAnalyst)
                .get("/api/v1/stix/imports?size=1")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(list.getString("items[0].id")).isEqualTo(id);
        assertThat(list.getMap("items[0]")).doesNotContainKey("objects");
        Api.asUser("cd-analyst")
                .get("/api/v1/stix/imports")
                .then()
                .statusCode(200)
                .body("items.id", not(org.hamcrest.Matchers.hasItem(id)));
        // problem+json for what is not a bundle, and for a partner that is not the CIRT's
        Api.asUser(receiverAnalyst)
                .body("{\"type\": \"indicator\", \"objects\": []}")
                .post("/api/v1/stix/bundles")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("'type' is not 'bundle'"));
        Api.asUser("cd-analyst")
                .queryParam("partner", remote)
                .body(bundle)
                .post("/api/v1/stix/bundles")
                .then()
                .statusCode(400)
                .body("errors[0].message", equalTo("not one of your partners"));
    }

    private static long importCount() {
        return Api.asUser(receiverAdmin)
                .get("/api/v1/stix/imports")
                .then()
                .statusCode(200)
                .extract()
                .<Integer>path("total");
    }
}
