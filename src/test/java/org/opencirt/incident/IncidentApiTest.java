package org.opencirt.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Year;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opencirt.incident.repository.IncidentRepository;
import org.opencirt.testing.Api;
import org.opencirt.testing.Tokens;

@QuarkusTest
public class IncidentApiTest {

    public static JsonPath create(String user, String body) {
        return Api.asUser(user)
                .body(body)
                .post("/api/v1/incidents")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
    }

    /** Moves an incident to a state through the API, as {@code user}. */
    public static void move(String user, Object incident, String to) {
        Api.asUser(user)
                .body("{\"to\": \"%s\"}".formatted(to))
                .post("/api/v1/incidents/%s/transitions".formatted(incident))
                .then()
                .statusCode(200);
    }

    @Test
    void analystCreatesAnIncidentWithAReferenceObservablesAndETag() {
        var response = Api.asUser("ab-analyst")
                .body("""
                {"title": "Phishing site hxxps://login-bank[.]example[.]com/verify",
                 "description": "Seen from 198.51.100[.]7; sample 44D88612FEA8A8F36DE82E1278ABB02F. <script>alert(1)</script>",
                 "category": "fraud", "type": "phishing", "severity": "high", "tlp": "AMBER+STRICT",
                 "tags": ["Banking", "banking", "campaign-7"],
                 "observables": [{"type": "domain", "value": "evil[.]example[.]net"}, {"value": "2001:DB8:0:0:0:0:0:1"}]}
                """)
                .post("/api/v1/incidents")
                .then()
                .statusCode(201)
                .header("Location", matchesPattern(".*/api/v1/incidents/[0-9a-f-]{36}"))
                .header("ETag", "\"1\"")
                .body(
                        "reference",
                        matchesPattern("CERT-AB-%d-\\d{6}".formatted(Year.now().getValue())))
                .body("state", equalTo("new"))
                .body("channel", equalTo("api"))
                .body("createdBy", equalTo("ab-analyst"))
                .body("tlp", equalTo("AMBER+STRICT"))
                .body("priority", equalTo("P3"))
                .body("tags", equalTo(java.util.List.of("banking", "campaign-7")))
                .body("description", containsString("<script>alert(1)</script>"))
                .body("allowedTransitions", hasItems("triaged", "rejected"))
                .extract()
                .jsonPath();
        var observables = response.getList("observables", Map.class);
        assertThat(observables)
                .contains(
                        Map.of("type", "domain", "value", "evil.example.net"),
                        Map.of("type", "ipv6", "value", "2001:db8::1"),
                        Map.of("type", "url", "value", "https://login-bank.example.com/verify"),
                        Map.of("type", "ipv4", "value", "198.51.100.7"),
                        Map.of("type", "md5", "value", "44d88612fea8a8f36de82e1278abb02f"));

        Api.asUser("ab-lead")
                .get("/api/v1/incidents/" + response.getString("id"))
                .then()
                .statusCode(200)
                .header("ETag", "\"1\"")
                .body("reference", equalTo(response.getString("reference")));
        Api.asUser("ab-lead")
                .get("/api/v1/incidents/by-reference/" + response.getString("reference"))
                .then()
                .statusCode(200)
                .body("id", equalTo(response.getString("id")));
    }

    @Test
    void referencesIncreasePerCirt() {
        var first = create("ab-analyst", "{\"title\": \"one\"}").getString("reference");
        var second = create("ab-analyst", "{\"title\": \"two\"}").getString("reference");
        var ofOtherCirt = create("cd-analyst", "{\"title\": \"three\"}").getString("reference");
        assertThat(Integer.parseInt(second.substring(second.length() - 6)))
                .isEqualTo(Integer.parseInt(first.substring(first.length() - 6)) + 1);
        assertThat(ofOtherCirt).startsWith("CERT-CD-");
    }

    @Test
    void partnerSubmissionLandsAsNewReportWithThePartnerAsReporter() {
        Api.as(Tokens.demoPartner("cert-ab"))
                .body("""
                {"title": "Scanning from our customer", "reporter": {"name": "Partner SOC", "email": "soc@partner.example.org"}}
                """)
                .post("/api/v1/incidents")
                .then()
                .statusCode(201)
                .body("state", equalTo("new"))
                .body("channel", equalTo("partner"))
                .body("reporterClient", equalTo("cert-ab-partner"))
                .body("reporter.name", equalTo("Partner SOC"));
    }

    @Test
    void aPartnerCannotSetTheFieldsTheReceivingCirtDecides() {
        var title = "Partner sets internals " + java.util.UUID.randomUUID();
        Api.as(Tokens.demoPartner("cert-ab"))
                .body("""
                {"title": "%s", "assignee": "ab-lead", "priority": "P1", "dueAt": "2030-01-01T00:00:00Z",
                 "state": "closed", "channel": "api", "playbookRuns": [], "reporterClient": "someone-else"}
                """.formatted(title))
                .post("/api/v1/incidents")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body(
                        "errors.pointer",
                        org.hamcrest.Matchers.containsInAnyOrder(
                                "/assignee",
                                "/channel",
                                "/dueAt",
                                "/playbookRuns",
                                "/priority",
                                "/reporterClient",
                                "/state"))
                .body("detail", containsString("A partner may set only"));
        assertThat(newestTitles("cert-ab")).doesNotContain(title);
    }

    @Test
    void unknownCategoryIsRefusedWithTheAllowedValues() {
        Api.asUser("ab-analyst")
                .body("{\"title\": \"x\", \"category\": \"phishing\"}")
                .post("/api/v1/incidents")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].pointer", equalTo("/category"))
                .body("errors[0].message", containsString("abusive-content"));
        Api.asUser("ab-analyst")
                .body("{\"title\": \"x\", \"category\": \"fraud\", \"type\": \"ddos\"}")
                .post("/api/v1/incidents")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/type"))
                .body("errors[0].message", containsString("phishing"));
        Api.asUser("ab-analyst")
                .body("{\"title\": \"x\", \"severity\": \"apocalyptic\"}")
                .post("/api/v1/incidents")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/severity"));
    }

    @Test
    void aTypeAloneImpliesItsCategory() {
        create("ab-analyst", "{\"title\": \"x\", \"type\": \"ddos\"}");
        Api.asUser("ab-analyst")
                .body("{\"title\": \"x\", \"type\": \"ddos\"}")
                .post("/api/v1/incidents")
                .then()
                .body("category", equalTo("availability"));
    }

    @Test
    void serverAssignedFieldsAreRefused() {
        Api.asUser("ab-analyst")
                .body("{\"title\": \"x\", \"id\": \"4b1e0c59-7b4a-4d4e-a1d5-1f0f3a9f1b10\"}")
                .post("/api/v1/incidents")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/id"));
        Api.asUser("ab-analyst")
                .body("{\"title\": \"x\", \"tenant\": \"cert-cd\"}")
                .post("/api/v1/incidents")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/tenant"));
    }

    @Inject
    IncidentRepository incidents;

    @Test
    void invalidObservablesAreAllNamedAndNothingIsStored() {
        Api.asUser("ab-analyst")
                .body("""
                {"title": "allinvalid", "observables": [{"type": "ipv4", "value": "999.1.1.1"}, {"type": "colour", "value": "red"},
                  {"value": "just words"}]}
                """)
                .post("/api/v1/incidents")
                .then()
                .statusCode(400)
                .body(
                        "errors.pointer",
                        containsInAnyOrder("/observables/0/value", "/observables/1/type", "/observables/2/value"));
        assertThat(newestTitles("cert-ab")).doesNotContain("allinvalid");
    }

    /** The titles of the CIRT's newest incidents (titles are sealed: SQL cannot compare them). */
    private java.util.List<String> newestTitles(String tenant) {
        java.util.List<org.opencirt.incident.repository.Incident> newest = incidents
                .find("tenant = ?1 order by createdAt desc", tenant)
                .page(0, 50)
                .list();
        return newest.stream().map(i -> i.title).toList();
    }

    @Test
    void tooManyObservablesAnswer422NamingTheLimit() {
        var id = create("ab-analyst", "{\"title\": \"crowded\"}").getString("id");
        var many = java.util.stream.IntStream.range(0, 1001)
                .mapToObj(i -> "{\"value\": \"10.%d.%d.1\"}".formatted(i / 250, i % 250))
                .collect(java.util.stream.Collectors.joining(","));
        Api.asUser("ab-analyst")
                .body("{\"observables\": [" + many + "]}")
                .post("/api/v1/incidents/%s/observables".formatted(id))
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("at most 1000 observables"));
        Api.asUser("ab-analyst")
                .get("/api/v1/incidents/%s/observables".formatted(id))
                .then()
                .body("size()", equalTo(0));
    }

    @Test
    void anAttachmentOverTheLimitAnswers413() {
        var id = create("ab-analyst", "{\"title\": \"big file\"}").getString("id");
        Api.asUser("ab-analyst")
                .contentType("application/octet-stream")
                .body(new byte[11 * 1024 * 1024])
                .post("/api/v1/incidents/%s/attachments?filename=big.bin".formatted(id))
                .then()
                .statusCode(413)
                .contentType("application/problem+json");
        Api.asUser("ab-analyst")
                .get("/api/v1/incidents/%s/attachments".formatted(id))
                .then()
                .body("size()", equalTo(0));
    }

    @Test
    void patchNeedsIfMatchAndAStaleVersionIsRefused() {
        var incident = create("ab-analyst", "{\"title\": \"locking\"}");
        var id = incident.getString("id");
        Api.asUser("ab-analyst")
                .body("{\"severity\": \"critical\"}")
                .patch("/api/v1/incidents/" + id)
                .then()
                .statusCode(428)
                .contentType("application/problem+json");

        Api.asUser("ab-analyst")
                .header("If-Match", "\"1\"")
                .body("{\"severity\": \"critical\", \"assignee\": \"ab-lead\"}")
                .patch("/api/v1/incidents/" + id)
                .then()
                .statusCode(200)
                .header("ETag", "\"2\"")
                .body("severity", equalTo("critical"))
                .body("assignee", equalTo("ab-lead"));

        Api.asUser("ab-lead")
                .header("If-Match", "\"1\"")
                .body("{\"severity\": \"low\"}")
                .patch("/api/v1/incidents/" + id)
                .then()
                .statusCode(412)
                .body("detail", containsString("version 2, not 1"));
        Api.asUser("ab-lead").get("/api/v1/incidents/" + id).then().body("severity", equalTo("critical"));

        Api.asUser("ab-lead")
                .header("If-Match", "\"2\"")
                .body("{\"assignee\": \"\"}")
                .patch("/api/v1/incidents/" + id)
                .then()
                .statusCode(200)
                .body("assignee", equalTo(null))
                .body("severity", equalTo("critical"));
    }

    @Test
    void lifecycleAllowsOnlyItsTransitionsAndRecordsThemOnTheTimeline() {
        var id = create("ab-analyst", "{\"title\": \"lifecycle\"}").getString("id");
        Api.asUser("ab-analyst")
                .body("{\"to\": \"closed\"}")
                .post("/api/v1/incidents/%s/transitions".formatted(id))
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body(
                        "detail",
                        containsString(
                                "allowed next states: [triaged, in-progress, waiting, rejected, duplicate, false-positive]"));
        for (var state : new String[] {"triaged", "in-progress", "waiting", "resolved", "closed", "in-progress"}) {
            Api.asUser("ab-analyst")
                    .body("{\"to\": \"%s\", \"reason\": \"step\"}".formatted(state))
                    .post("/api/v1/incidents/%s/transitions".formatted(id))
                    .then()
                    .statusCode(200)
                    .body("state", equalTo(state));
        }
        var timeline = Api.asUser("ab-analyst")
                .get("/api/v1/incidents/%s/timeline".formatted(id))
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(timeline.getList("action", String.class))
                .containsSubsequence("created", "state-changed", "reopened");
        assertThat(timeline.getList("findAll { it.field == 'state' }.after", String.class))
                .containsExactly("triaged", "in-progress", "waiting", "resolved", "closed", "in-progress");
        assertThat(timeline.getList("actor", String.class)).containsOnly("ab-analyst");
    }

    @Test
    void observablesAreAddedInBulkWithoutDuplicates() {
        var id = create("ab-analyst", "{\"title\": \"bulk\", \"observables\": [{\"value\": \"203.0.113.9\"}]}")
                .getString("id");
        Api.asUser("ab-analyst")
                .body("""
                {"observables": [{"value": "203.0.113[.]9"}, {"value": "hxxp://bad[.]example[.]org/a"}, {"type": "asn", "value": "as64500"},
                 {"type": "cve", "value": "cve-2024-3094"}, {"type": "filename", "value": "invoice.pdf.exe"}]}
                """)
                .post("/api/v1/incidents/%s/observables".formatted(id))
                .then()
                .statusCode(200)
                .body("alreadyPresent", equalTo(1))
                .body("added", hasSize(4))
                .body("total", equalTo(5));
        Api.asUser("ab-analyst")
                .get("/api/v1/incidents/%s/observables".formatted(id))
                .then()
                .body(
                        "value",
                        hasItems(
                                "203.0.113.9",
                                "http://bad.example.org/a",
                                "AS64500",
                                "CVE-2024-3094",
                                "invoice.pdf.exe"));
    }

    @Test
    void tasksCommentsLinksAndAttachmentsWork() {
        var id = create("ab-analyst", "{\"title\": \"work\"}").getString("id");
        var other = create("ab-analyst", "{\"title\": \"same thing\"}").getString("id");
        var base = "/api/v1/incidents/" + id;

        var added = Api.asUser("ab-analyst")
                .body("{\"title\": \"Call the ISP\"}")
                .post(base + "/tasks")
                .then()
                .statusCode(201)
                .body("state", equalTo("open"))
                .extract();
        var task = added.jsonPath();
        readsBack(added.header("Location"), task.getString("id"));
        Api.asUser("ab-lead")
                .header("If-Match", "\"" + task.getLong("version") + "\"")
                .body("{\"state\": \"done\"}")
                .patch(base + "/tasks/" + task.getString("id"))
                .then()
                .statusCode(200)
                .body("state", equalTo("done"));

        var comment = Api.asUser("ab-analyst")
                .body("{\"body\": \"<img src=x onerror=alert(1)>\", \"visibility\": \"shareable\"}")
                .post(base + "/comments")
                .then()
                .statusCode(201)
                .body("visibility", equalTo("shareable"))
                .extract();
        readsBack(comment.header("Location"), comment.path("id"));
        Api.asUser("ab-analyst").get(base + "/comments").then().body("body", hasItem("<img src=x onerror=alert(1)>"));

        var link = Api.asUser("ab-analyst")
                .body("{\"kind\": \"duplicate-of\", \"target\": \"%s\"}".formatted(other))
                .post(base + "/links")
                .then()
                .statusCode(201)
                .body("kind", equalTo("duplicate-of"))
                .extract();
        readsBack(link.header("Location"), link.path("id"));
        Api.asUser("cd-analyst").get(link.header("Location")).then().statusCode(404);
        Api.asUser("ab-analyst")
                .body("{\"kind\": \"related\", \"target\": \"%s\"}".formatted(id))
                .post(base + "/links")
                .then()
                .statusCode(400);

        var file = "MZ\u0000fake executable".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        var attachment = Api.asUser("ab-analyst")
                .contentType("application/octet-stream")
                .body(file)
                .post(base + "/attachments?filename=../../etc/sample.exe")
                .then()
                .statusCode(201)
                .body("filename", equalTo("sample.exe"))
                .body("size", equalTo(file.length))
                .extract()
                .jsonPath();
        assertThat(attachment.getString("sha256")).hasSize(64);
        var downloaded = Api.asUser("ab-lead")
                .accept("*/*")
                .get(base + "/attachments/" + attachment.getString("id"))
                .then()
                .statusCode(200)
                .header("Content-Disposition", containsString("attachment"))
                .header("X-Content-Type-Options", "nosniff")
                .extract()
                .asByteArray();
        assertThat(downloaded).isEqualTo(file);

        var actions = Api.asUser("ab-analyst")
                .get(base + "/timeline")
                .then()
                .extract()
                .jsonPath()
                .getList("action", String.class);
        assertThat(actions).contains("task-added", "task-updated", "commented", "linked", "attachment-added");
    }

    /** A 201's Location is where the created object reads back, for the CIRT's other users too. */
    private static void readsBack(String location, String id) {
        assertThat(location).endsWith("/" + id);
        Api.asUser("ab-lead").get(location).then().statusCode(200).body("id", equalTo(id));
    }

    @Test
    void idempotencyKeyReplaysTheFirstAnswerAndRefusesAnotherBody() {
        var key = java.util.UUID.randomUUID().toString();
        var first = Api.asUser("ab-analyst")
                .header("Idempotency-Key", key)
                .body("{\"title\": \"idempotent\"}")
                .post("/api/v1/incidents")
                .then()
                .statusCode(201)
                .extract();
        Api.asUser("ab-analyst")
                .header("Idempotency-Key", key)
                .body("{\"title\": \"idempotent\"}")
                .post("/api/v1/incidents")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .header("Location", endsWith(first.jsonPath().getString("id")))
                .body("reference", equalTo(first.jsonPath().getString("reference")));
        Api.asUser("ab-analyst")
                .header("Idempotency-Key", key)
                .body("{\"title\": \"something else\"}")
                .post("/api/v1/incidents")
                .then()
                .statusCode(422)
                .body("detail", containsString("another request body"));
        // The same key of another caller is another key.
        Api.asUser("ab-lead")
                .header("Idempotency-Key", key)
                .body("{\"title\": \"idempotent\"}")
                .post("/api/v1/incidents")
                .then()
                .statusCode(201)
                .body("reference", not(equalTo(first.jsonPath().getString("reference"))));
    }
}
