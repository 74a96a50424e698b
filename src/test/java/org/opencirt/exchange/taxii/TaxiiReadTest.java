package org.opencirt.exchange.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opencirt.common.Tlp;
import org.opencirt.indicator.model.Indicator;
import org.opencirt.indicator.model.IndicatorIds;
import org.opencirt.indicator.model.SourceTlp;
import org.opencirt.indicator.service.IndicatorService;
import org.opencirt.testing.Api;
import org.opencirt.testing.KeycloakUsers;
import org.opencirt.testing.Tokens;

/**
 * A TAXII 2.1 client written from the specification, reading the collections of a CIRT's root: objects, one
 * object, versions and the manifest, with every filter and header, as the root's own users and as a partner CIRT.
 * The sharing CIRT ("X") is onboarded here; CERT-CD is its partner, CERT-AB shares nothing with it.
 */
@QuarkusTest
class TaxiiReadTest {

    private static final String TAXII = "application/taxii+json;version=2.1";

    private static String x;
    private static String xAnalyst;
    private static String xLead;
    private static String partner;

    @Inject
    KeycloakUsers users;

    @Inject
    IndicatorService indicators;

    @BeforeEach
    void aCirtSharingWithCertCd() {
        if (x != null) {
            return;
        }
        var id = "cert-t" + UUID.randomUUID().toString().substring(0, 6);
        Api.asUser("platform-admin")
                .body("""
                {"id": "%1$s", "name": "TAXII read %1$s", "countryCode": "WS", "contactEmail": "cert@%1$s.example.org",
                 "constituency": "A sharing CIRT"}
                """.formatted(id))
                .post("/api/v1/tenants")
                .then()
                .statusCode(201);
        var admin = users.create(List.of("cirt-admin"), List.of(id));
        xLead = users.create(List.of("lead"), List.of(id));
        xAnalyst = users.create(List.of("analyst"), List.of(id));
        partner = Api.asUser(admin)
                .body("{\"kind\": \"cirt\", \"cirt\": \"cert-cd\"}")
                .post("/api/v1/partners")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        x = id;
    }

    private static RequestSpecification taxii(String user) {
        return Api.as(Tokens.user(user)).accept(TAXII);
    }

    private static String collection(String cirt, String name) {
        return "/taxii2/%s/collections/%s/".formatted(cirt, TaxiiCollections.id(cirt, name));
    }

    private static void taxiiError(Response response, int status) {
        response.then()
                .statusCode(status)
                .contentType(equalTo(TAXII))
                .body("http_status", equalTo(String.valueOf(status)))
                .body("$", not(org.hamcrest.Matchers.hasKey("type")));
        assertThat(response.asString()).doesNotContain("org.opencirt", "Exception");
    }

    private static String random() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private String incident(String user, String title, String tlp, String domain) {
        return Api.asUser(user)
                .body("""
                        {"title": "%s", "tlp": "%s", "type": "phishing", "observables": [{"value": "%s"}]}""".formatted(title, tlp, domain))
                .post("/api/v1/incidents")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private String grantToCd(String incident) {
        return Api.asUser(xLead)
                .body(
                        "{\"objectType\": \"incident\", \"objectId\": \"%s\", \"audience\": \"partners\", \"partners\": [\"%s\"]}"
                                .formatted(incident, partner))
                .post("/api/v1/grants")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** X's own feed states the values, TLP:GREEN: every CIRT may see them, partners through X's root. */
    private void xFeedStates(String feed, List<String> values, Instant lastSeen) throws Exception {
        indicators.write(
                values.stream().map(v -> statement(x, feed, v, lastSeen)).toList(), false);
        indicators.refresh();
    }

    private static Indicator statement(String owner, String feed, String value, Instant lastSeen) {
        return new Indicator(
                IndicatorIds.idOf("ipv4", value),
                owner,
                SourceTlp.visibility(owner, Tlp.GREEN),
                Tlp.GREEN.wire(),
                "ipv4",
                value,
                value,
                null,
                "malicious-code",
                "c2-server",
                70,
                0,
                feed,
                "ref-" + value,
                List.of("botnet"),
                "C2 seen by " + feed,
                Instant.parse("2026-01-01T00:00:00Z"),
                lastSeen,
                Instant.now().plus(Duration.ofDays(30)));
    }

    private static List<String> addresses(int count) {
        var random = new java.util.Random();
        var prefix = "%d.%d.%d.".formatted(11 + random.nextInt(100), random.nextInt(256), random.nextInt(256));
        var values = new ArrayList<String>();
        for (int i = 1; i <= count; i++) {
            values.add(prefix + i);
        }
        return values;
    }

    /** Reads every page of a collection's indicators for a user, following next; checks the page headers. */
    private static List<Map<String, Object>> allPages(String user, String path, Map<String, String> filters) {
        var objects = new ArrayList<Map<String, Object>>();
        String next = null;
        var pages = 0;
        do {
            var request = taxii(user).queryParams(filters);
            if (next != null) {
                request.queryParam("next", next);
            }
            var response = request.get(path + "objects/");
            response.then().statusCode(200).contentType(equalTo(TAXII));
            var json = response.jsonPath();
            List<Map<String, Object>> page = json.getList("objects");
            if (page != null && !page.isEmpty()) {
                assertThat(page.size()).isLessThanOrEqualTo(Integer.parseInt(filters.getOrDefault("limit", "100")));
                assertThat(response.header("X-TAXII-Date-Added-First")).isNotBlank();
                assertThat(response.header("X-TAXII-Date-Added-Last")).isNotBlank();
                assertThat(response.header("X-TAXII-Date-Added-First"))
                        .isLessThanOrEqualTo(response.header("X-TAXII-Date-Added-Last"));
                objects.addAll(page);
            }
            next = json.getBoolean("more") ? json.getString("next") : null;
            assertThat(++pages).isLessThan(200);
        } while (next != null);
        return objects;
    }

    private void openXsRootToCd() {
        grantToCd(incident(xAnalyst, "Opens the root " + random(), "GREEN", "opens-" + random() + ".example"));
    }

    @Test
    void pagingThroughTheIndicatorsNeitherSkipsNorRepeatsAndHoldsOnlyWhatXShares() throws Exception {
        openXsRootToCd();
        var values = addresses(7);
        xFeedStates("x-c2", values, Instant.now());
        // CERT-AB's feed lists other values, GREEN too: never in X's root
        var abValue = addresses(1).getFirst();
        indicators.write(List.of(statement("cert-ab", "ab-feed", abValue, Instant.now())), false);
        indicators.refresh();

        var path = collection(x, "indicators");
        var objects = allPages("cd-analyst", path, Map.of("match[type]", "indicator", "limit", "2"));
        var names = objects.stream().map(o -> (String) o.get("name")).toList();
        // every value of X's feed once (other tests of this class add more of X's values)
        assertThat(names.stream().filter(values::contains).toList()).containsExactlyInAnyOrderElementsOf(values);
        assertThat(new HashSet<>(objects.stream().map(o -> o.get("id")).toList()))
                .hasSize(objects.size());
        assertThat(names).doesNotContain(abValue);
        for (var object : objects) {
            assertThat(object.get("type")).isEqualTo("indicator");
            assertThat(object.get("spec_version")).isEqualTo("2.1");
            assertThat(object.get("pattern")).isEqualTo("[ipv4-addr:value = '%s']".formatted(object.get("name")));
            assertThat(object.get("object_marking_refs"))
                    .isEqualTo(List.of("marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"));
        }

        // X's own analyst sees them too, in its own root, with the observables and relationships
        var own = allPages(xAnalyst, path, Map.of("match[type]", "indicator,ipv4-addr,relationship", "limit", "300"));
        var types = own.stream().map(o -> (String) o.get("type")).collect(java.util.stream.Collectors.toSet());
        assertThat(types).containsExactlyInAnyOrder("indicator", "ipv4-addr", "relationship");
        assertThat(own.stream().filter(o -> "ipv4-addr".equals(o.get("type"))).map(o -> o.get("value")))
                .containsAll(values);
    }

    @Test
    void addedAfterIsTheServersTimeAndSightingsDoNotBringTheFeedAgain() throws Exception {
        openXsRootToCd();
        var path = collection(x, "indicators");
        var values = addresses(3);
        xFeedStates("x-scanners", values, Instant.now());
        var first = taxii("cd-analyst")
                .queryParam("match[type]", "indicator")
                .queryParam("limit", "1000")
                .get(path + "manifest/");
        first.then().statusCode(200);
        var manifest = first.jsonPath();
        assertThat(manifest.getList("objects.media_type")).containsOnly("application/stix+json;version=2.1");
        var last = first.header("X-TAXII-Date-Added-Last");
        assertThat(manifest.getList("objects.date_added")).last().isEqualTo(last);
        // a date_added is the server's, not the feed's first_seen (2026-01-01)
        assertThat(Instant.parse(last)).isAfter(Instant.now().minus(Duration.ofMinutes(5)));

        // the next feed run sees the same values again: nothing new for a poller
        xFeedStates("x-scanners", values, Instant.now().plusSeconds(60));
        taxii("cd-analyst")
                .queryParam("added_after", last)
                .get(path + "objects/")
                .then()
                .statusCode(200)
                .body("more", equalTo(false))
                .body(
                        "objects",
                        org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.nullValue(), org.hamcrest.Matchers.empty()));

        // a new source of one value (another feed of X) brings that one indicator again, as a new version
        xFeedStates("x-other", List.of(values.get(1)), Instant.now());
        var again = taxii("cd-analyst")
                .queryParam("added_after", last)
                .queryParam("match[type]", "indicator")
                .get(path + "objects/");
        again.then().statusCode(200);
        assertThat(again.jsonPath().getList("objects.name")).containsExactly(values.get(1));
        assertThat(again.jsonPath().getList("objects[0].external_references.source_name"))
                .containsExactlyInAnyOrder("opencirt-feed:x-scanners", "opencirt-feed:x-other");
    }

    @Test
    void oneObjectItsVersionsAndEveryMatchFilter() throws Exception {
        openXsRootToCd();
        var path = collection(x, "indicators");
        var values = addresses(2);
        xFeedStates("x-filters", values, Instant.now());
        var page = taxii("cd-analyst")
                .queryParam("match[type]", "indicator")
                .queryParam("limit", "1000")
                .get(path + "objects/")
                .jsonPath();
        List<Map<String, Object>> all = page.getList("objects");
        var mine = all.stream().filter(o -> values.contains(o.get("name"))).toList();
        assertThat(mine).hasSize(2);
        var id = (String) mine.getFirst().get("id");
        var otherId = (String) mine.getLast().get("id");
        var modified = (String) mine.getFirst().get("modified");

        taxii("cd-analyst")
                .get(path + "objects/" + id + "/")
                .then()
                .statusCode(200)
                .contentType(equalTo(TAXII))
                .body("objects.id", equalTo(List.of(id)))
                .body("more", equalTo(false));
        for (var version : List.of("first", "last", "all", modified, "first,2020-01-01T00:00:00.000Z")) {
            taxii("cd-analyst")
                    .queryParam("match[version]", version)
                    .get(path + "objects/" + id + "/")
                    .then()
                    .statusCode(200)
                    .body("objects[0].modified", equalTo(modified));
        }
        taxiiError(
                taxii("cd-analyst")
                        .queryParam("match[version]", "2020-01-01T00:00:00.000Z")
                        .get(path + "objects/" + id + "/"),
                404);
        taxii("cd-analyst")
                .get(path + "objects/" + id + "/versions/")
                .then()
                .statusCode(200)
                .contentType(equalTo(TAXII))
                .header("X-TAXII-Date-Added-First", org.hamcrest.Matchers.notNullValue())
                .body("versions", equalTo(List.of(modified)))
                .body("more", equalTo(false));

        // comma means OR inside one filter, filters AND together
        var both = taxii("cd-analyst")
                .queryParam("match[id]", id + "," + otherId)
                .get(path + "objects/")
                .jsonPath();
        assertThat(both.getList("objects.id")).containsExactlyInAnyOrder(id, otherId);
        var typed = taxii("cd-analyst")
                .queryParam("match[id]", id + "," + otherId)
                .queryParam("match[type]", "relationship")
                .get(path + "objects/")
                .jsonPath();
        assertThat(typed.getList("objects")).isNullOrEmpty();
        var indicatorsAndAddresses = taxii("cd-analyst")
                .queryParam("match[type]", "indicator,ipv4-addr")
                .queryParam("limit", "1000")
                .get(path + "objects/")
                .jsonPath();
        assertThat(indicatorsAndAddresses.getList("objects.type", String.class))
                .contains("indicator", "ipv4-addr")
                .doesNotContain("relationship");
        taxii("cd-analyst")
                .queryParam("match[spec_version]", "2.0")
                .get(path + "objects/")
                .then()
                .statusCode(200)
                .body(
                        "objects",
                        org.hamcrest.Matchers.anyOf(org.hamcrest.Matchers.nullValue(), org.hamcrest.Matchers.empty()));
        taxii("cd-analyst")
                .queryParam("match[spec_version]", "2.0,2.1")
                .queryParam("match[id]", id)
                .get(path + "objects/")
                .then()
                .statusCode(200)
                .body("objects.id", equalTo(List.of(id)));
    }

    @Test
    void aGrantMadeLaterComesAfterAnEarlierPollAndARevokedOneComesAsARevokedVersion() {
        openXsRootToCd();
        var path = collection(x, "incidents");
        var before = taxii("cd-analyst").queryParam("limit", "1000").get(path + "manifest/");
        before.then().statusCode(200);
        var mark = before.header("X-TAXII-Date-Added-Last");
        assertThat(mark).isNotNull();

        var domain = "later-" + random() + ".example";
        var incident = incident(xAnalyst, "Shared later", "AMBER", domain);
        var grant = grantToCd(incident);
        var after = taxii("cd-analyst").queryParam("added_after", mark).get(path + "objects/");
        after.then().statusCode(200);
        var objects = after.jsonPath();
        assertThat(objects.getList("objects.id", String.class)).contains("incident--" + incident);
        assertThat(objects.getList("objects.value", String.class)).contains(domain);
        var shared = objects.getList("objects", Map.class).stream()
                .filter(o -> ("incident--" + incident).equals(o.get("id")))
                .findFirst()
                .orElseThrow();
        assertThat(shared.get("name")).isEqualTo("Shared later");
        assertThat(shared.get("object_marking_refs"))
                .isEqualTo(List.of("marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"));
        var sharedMark = after.header("X-TAXII-Date-Added-Last");

        Api.asUser(xLead).delete("/api/v1/grants/" + grant).then().statusCode(204);
        var revoked = taxii("cd-analyst")
                .queryParam("added_after", sharedMark)
                .queryParam("match[id]", "incident--" + incident)
                .get(path + "objects/");
        revoked.then().statusCode(200);
        var version = revoked.jsonPath();
        assertThat(version.getList("objects")).hasSize(1);
        assertThat(version.getBoolean("objects[0].revoked")).isTrue();
        assertThat(version.getString("objects[0].description")).isNull();
        assertThat(Instant.parse(version.getString("objects[0].modified")))
                .isAfter(Instant.parse(shared.get("modified").toString()));
        // the observables shared before are no longer served
        assertThat(version.getList("objects.type")).containsExactly("incident");
    }

    @Test
    void aCirtWithNoShareGets404OnTheRootAndEveryObjectUrl() {
        openXsRootToCd();
        var incident = incident(xAnalyst, "Not for AB", "GREEN", "not-for-ab-" + random() + ".example");
        grantToCd(incident);
        taxiiError(taxii("ab-analyst").get("/taxii2/%s/".formatted(x)), 404);
        for (var name : List.of("indicators", "incidents", "advisories", "inbox")) {
            var path = collection(x, name);
            taxiiError(taxii("ab-analyst").get(path + "objects/"), 404);
            taxiiError(taxii("ab-analyst").get(path + "manifest/"), 404);
            taxiiError(taxii("ab-analyst").get(path + "objects/incident--" + incident + "/"), 404);
            taxiiError(taxii("ab-analyst").get(path + "objects/incident--" + incident + "/versions/"), 404);
        }
    }

    @Test
    void aPartnerOfXNeverSeesAnotherCirtsObjectsInObjectsManifestVersionsOrErrors() {
        openXsRootToCd();
        // CERT-AB shares an incident with the whole community: CERT-CD sees it in AB's root, never in X's
        var ab = incident("ab-analyst", "AB's own", "GREEN", "ab-own-" + random() + ".example");
        Api.asUser("ab-lead")
                .body("{\"objectType\": \"incident\", \"objectId\": \"%s\", \"audience\": \"community\"}".formatted(ab))
                .post("/api/v1/grants")
                .then()
                .statusCode(201);
        var path = collection(x, "incidents");
        var objects = taxii("cd-analyst").queryParam("limit", "1000").get(path + "objects/");
        assertThat(objects.asString()).doesNotContain(ab);
        assertThat(taxii("cd-analyst")
                        .queryParam("limit", "1000")
                        .get(path + "manifest/")
                        .asString())
                .doesNotContain(ab);
        var notHere = taxii("cd-analyst").get(path + "objects/incident--" + ab + "/");
        taxiiError(notHere, 404);
        assertThat(notHere.asString()).doesNotContain(ab).doesNotContain("cert-ab");
        taxiiError(taxii("cd-analyst").get(path + "objects/incident--" + ab + "/versions/"), 404);
        // an incident of X not shared with CERT-CD is not there either
        var unshared = incident(xAnalyst, "X keeps this", "GREEN", "x-keeps-" + random() + ".example");
        taxiiError(taxii("cd-analyst").get(path + "objects/incident--" + unshared + "/"), 404);
        assertThat(taxii("cd-analyst")
                        .queryParam("limit", "1000")
                        .get(path + "manifest/")
                        .asString())
                .doesNotContain(unshared);
        // while X's own analyst sees it in X's own view
        taxii(xAnalyst)
                .get(path + "objects/incident--" + unshared + "/")
                .then()
                .statusCode(200)
                .body("objects[0].name", equalTo("X keeps this"));
        // and in AB's root, CERT-CD sees AB's community incident
        taxii("cd-analyst")
                .get(collection("cert-ab", "incidents") + "objects/incident--" + ab + "/")
                .then()
                .statusCode(200)
                .body("objects[0].created_by_ref", equalTo(org.opencirt.exchange.stix.StixIds.identity("cert-ab")));
    }

    @Test
    void theInboxCannotBeReadUnknownCollectionsAre404AndBadFiltersAre400() {
        var inbox = collection("cert-cd", "inbox");
        taxiiError(taxii("cd-analyst").get(inbox + "objects/"), 403);
        taxiiError(taxii("cd-analyst").get(inbox + "manifest/"), 403);
        taxiiError(
                taxii("cd-analyst").get("/taxii2/cert-cd/collections/%s/objects/".formatted(UUID.randomUUID())), 404);
        var indicatorsPath = collection("cert-cd", "indicators");
        for (var bad : List.of(
                Map.of("added_after", "yesterday"),
                Map.of("match[version]", "newest"),
                Map.of("match[id]", "not-an-id"),
                Map.of("match[type]", "Indicator!"),
                Map.of("limit", "0"),
                Map.of("limit", "many"),
                Map.of("next", "forged.cursor"))) {
            var response = taxii("cd-analyst").queryParams(bad).get(indicatorsPath + "objects/");
            taxiiError(response, 400);
            var parameter = bad.keySet().iterator().next();
            // the description names the parameter (a next is checked as the search cursor it carries)
            assertThat(response.jsonPath().getString("description"))
                    .startsWith(parameter.equals("next") ? "cursor" : parameter);
        }
        taxiiError(Api.asUser("cd-analyst").accept("application/json").get(indicatorsPath + "objects/"), 406);
        // a next is bound to its query: another query cannot use it
        var incidents = collection("cert-cd", "incidents");
        incident("cd-analyst", "Paging " + random(), "GREEN", "paging-" + random() + ".example");
        incident("cd-analyst", "Paging " + random(), "GREEN", "paging-" + random() + ".example");
        var page = taxii("cd-analyst")
                .queryParam("limit", "1")
                .get(incidents + "objects/")
                .jsonPath();
        assertThat(page.getBoolean("more")).isTrue();
        taxiiError(
                taxii("cd-analyst")
                        .queryParam("limit", "2")
                        .queryParam("next", page.getString("next"))
                        .get(incidents + "objects/"),
                400);
    }

    @Test
    void anOwnIncidentPagesByItsLastChange() {
        var path = collection("cert-cd", "incidents");
        var first = incident("cd-analyst", "CD first " + random(), "GREEN", "cd-first-" + random() + ".example");
        var second = incident("cd-analyst", "CD second " + random(), "GREEN", "cd-second-" + random() + ".example");
        var seen = new LinkedHashSet<String>();
        String next = null;
        var mark = Instant.now().minus(Duration.ofMinutes(1)).toString();
        do {
            var request = taxii("cd-analyst").queryParam("added_after", mark).queryParam("limit", "1");
            if (next != null) {
                request.queryParam("next", next);
            }
            JsonPath page = request.get(path + "objects/")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            for (var id : page.getList("objects.id", String.class)) {
                if (id.startsWith("incident--")) {
                    assertThat(seen.add(id)).as("%s once", id).isTrue();
                }
            }
            next = page.getBoolean("more") ? page.getString("next") : null;
        } while (next != null);
        assertThat(seen).contains("incident--" + first, "incident--" + second);
    }

    @Test
    void aPublishedAdvisoryIsAReportForItsCirtAndForAPartnerOnceSharedThenRevoked() {
        var title = "TAXII advisory " + random();
        var cve =
                "CVE-2026-%d".formatted(100000 + Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 900000L));
        var id = Api.asUser("ab-analyst")
                .body("""
                        {"title": "%s", "summary": "Summary of it", "tlp": "GREEN", "severity": "High",
                         "products": [{"vendor": "Example Networks", "name": "Router OS", "versions": ["1.0.0"], "fixedVersions": ["1.0.2"]}],
                         "vulnerabilities": [{"cve": "%s", "title": "Injection", "description": "Details.", "cwe": "CWE-78",
                                              "cvssVector": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}],
                         "recommendations": "Update to 1.0.2."}""".formatted(title, cve))
                .post("/api/v1/advisories/from-form")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        Api.asUser("ab-analyst")
                .post("/api/v1/advisories/" + id + "/submission")
                .then()
                .statusCode(200);
        Api.asUser("ab-lead")
                .post("/api/v1/advisories/" + id + "/publication")
                .then()
                .statusCode(201);
        var reportId = org.opencirt.exchange.stix.StixIds.report(UUID.fromString(id));
        var path = collection("cert-ab", "advisories");

        // CERT-AB's own analyst: the report, pointing to the CSAF document
        var own = taxii("ab-analyst").get(path + "objects/" + reportId + "/");
        own.then().statusCode(200).contentType(equalTo(TAXII));
        var report = own.jsonPath();
        assertThat(report.getString("objects[0].type")).isEqualTo("report");
        assertThat(report.getString("objects[0].name")).isEqualTo(title);
        assertThat(report.getList("objects[0].external_references.external_id")).contains(cve);
        assertThat(report.getString("objects[0].external_references[0].url")).contains("/.well-known/csaf/cert-ab/");

        // CERT-CD: not before a grant reaches it (another test may open AB's root: the object is what counts)
        var before = taxii("cd-analyst").get(path + "objects/" + reportId + "/");
        assertThat(before.statusCode()).isEqualTo(404);
        var grant = Api.asUser("ab-lead")
                .body("{\"objectType\": \"advisory\", \"objectId\": \"%s\", \"audience\": \"community\"}".formatted(id))
                .post("/api/v1/grants")
                .then()
                .statusCode(201)
                .extract()
                .<String>path("id");
        var shared = taxii("cd-analyst").get(path + "objects/" + reportId + "/");
        shared.then().statusCode(200);
        assertThat(shared.jsonPath().getString("objects[0].name")).isEqualTo(title);
        var mark = shared.header("X-TAXII-Date-Added-Last");
        Api.asUser("ab-lead").delete("/api/v1/grants/" + grant).then().statusCode(204);
        var revoked = taxii("cd-analyst")
                .queryParam("added_after", mark)
                .queryParam("match[id]", reportId)
                .get(path + "objects/");
        revoked.then().statusCode(200);
        assertThat(revoked.jsonPath().getBoolean("objects[0].revoked")).isTrue();
    }
}
