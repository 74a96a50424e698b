package org.opencirt.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opencirt.incident.repository.IncidentRepository;
import org.opencirt.testing.Api;

/** The public form and API, and raw e-mail, end to end. */
@QuarkusTest
class IntakeChannelsTest {

    @Inject
    IncidentRepository incidents;

    @Inject
    jakarta.persistence.EntityManager em;

    @Test
    void publicReporterGetsAReferenceAndReadsOnlyTheStatusWithTheToken() {
        var receipt = Api.anonymous()
                .body("""
                {"cirt": "cert-ab", "title": "My bank sent me a strange link",
                 "description": "The link was hxxps://secure-bank[.]example[.]com/login", "email": "citizen@example.org"}
                """)
                .post("/api/v1/reports")
                .then()
                .statusCode(201)
                .body("reference", matchesPattern("CERT-AB-\\d{4}-\\d{6}"))
                .extract();
        var reference = receipt.jsonPath().getString("reference");
        var token = receipt.jsonPath().getString("statusToken");
        assertThat(token).hasSizeGreaterThan(40);
        assertThat(receipt.header("Location")).endsWith("/api/v1/reports/%s/status".formatted(reference));
        Api.anonymous()
                .header("X-Report-Token", token)
                .get(receipt.header("Location"))
                .then()
                .statusCode(200)
                .body("reference", equalTo(reference));

        Api.anonymous()
                .header("X-Report-Token", token)
                .get("/api/v1/reports/%s/status".formatted(reference))
                .then()
                .statusCode(200)
                .body("state", equalTo("new"))
                .body("reference", equalTo(reference))
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("title")));
        Api.anonymous()
                .header("X-Report-Token", "wrong" + token)
                .get("/api/v1/reports/%s/status".formatted(reference))
                .then()
                .statusCode(404);
        Api.anonymous()
                .get("/api/v1/reports/%s/status".formatted(reference))
                .then()
                .statusCode(404);

        var incident = Api.asUser("ab-analyst")
                .get("/api/v1/incidents/by-reference/" + reference)
                .then()
                .statusCode(200)
                .body("channel", equalTo("public"))
                .body("createdBy", equalTo("public"))
                .body("reporter.email", equalTo("citizen@example.org"))
                .extract()
                .jsonPath();
        assertThat(incident.getList("observables.value", String.class))
                .contains("https://secure-bank.example.com/login");
        Api.asUser("cd-analyst")
                .get("/api/v1/incidents/by-reference/" + reference)
                .then()
                .statusCode(404);
    }

    @Test
    void theIdempotencyTableKeepsOnlyTheHashOfAPublicReportersStatusToken() throws Exception {
        var key = java.util.UUID.randomUUID().toString();
        var body = "{\"cirt\": \"cert-ab\", \"title\": \"Fake invoice\", \"description\": \"It came by mail\"}";
        var receipt = Api.anonymous()
                .header("Idempotency-Key", key)
                .body(body)
                .post("/api/v1/reports")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        var token = receipt.getString("statusToken");
        assertThat(token).isNotBlank();
        var tokenHash = java.util.HexFormat.of()
                .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(token.getBytes(StandardCharsets.UTF_8)));

        var stored = (String) em.createNativeQuery("select body from idempotency_key where key = ?1")
                .setParameter(1, key)
                .getSingleResult();
        assertThat(stored).doesNotContain(token).contains(tokenHash);

        // a replay answers the same report, without a token the service no longer has
        Api.anonymous()
                .header("Idempotency-Key", key)
                .body(body)
                .post("/api/v1/reports")
                .then()
                .statusCode(201)
                .header("Idempotent-Replayed", "true")
                .body("reference", equalTo(receipt.getString("reference")))
                .body("statusToken", org.hamcrest.Matchers.nullValue())
                .body("statusTokenSha256", equalTo(tokenHash));
    }

    @Test
    void publicReportToAnUnknownCirtOrWithBadFieldsIsRefused() {
        Api.anonymous()
                .body("{\"cirt\": \"cert-nowhere\", \"title\": \"x\", \"description\": \"y\"}")
                .post("/api/v1/reports")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/cirt"));
        Api.anonymous()
                .body("{\"cirt\": \"cert-ab\", \"title\": \"\", \"description\": \"y\", \"email\": \"no\"}")
                .post("/api/v1/reports")
                .then()
                .statusCode(400)
                .body("errors.pointer", org.hamcrest.Matchers.hasItems("/title", "/email"));
        Api.anonymous()
                .body("{\"cirt\": \"cert-ab\", \"title\": \"x\", \"description\": \"y\", \"tlp\": \"CLEAR\"}")
                .post("/api/v1/reports")
                .then()
                .statusCode(400)
                .body("errors[0].pointer", equalTo("/tlp"));
    }

    @Test
    void theReportingPageWorksWithoutJavaScriptAndEscapesWhatItEchoes() {
        Api.anonymous()
                .accept("text/html")
                .get("/report")
                .then()
                .statusCode(200)
                .body(containsString("<form method=\"post\" action=\"/report\">"))
                .body(containsString("CERT-AB, national CIRT of Republic A"));
        Api.anonymous()
                .accept("text/html")
                .contentType("application/x-www-form-urlencoded")
                .formParam("cirt", "cert-ab")
                .formParam("title", "<script>alert(1)</script>")
                .formParam("description", "")
                .post("/report")
                .then()
                .statusCode(200)
                .body(containsString("&lt;script&gt;alert(1)&lt;/script&gt;"))
                .body(org.hamcrest.Matchers.not(containsString("<script>alert(1)</script>")))
                .body(containsString("description"));
        var page = Api.anonymous()
                .accept("text/html")
                .contentType("application/x-www-form-urlencoded")
                .formParam("cirt", "cert-cd")
                .formParam("title", "Defaced website")
                .formParam("description", "Our site shows a hacker message")
                .post("/report")
                .then()
                .statusCode(200)
                .body(containsString("your report was received"))
                .extract()
                .asString();
        var reference = page.replaceAll("(?s).*Reference: <strong>(CERT-CD-\\d{4}-\\d{6})</strong>.*", "$1");
        Api.asUser("cd-analyst")
                .get("/api/v1/incidents/by-reference/" + reference)
                .then()
                .statusCode(200)
                .body("title", equalTo("Defaced website"));
    }

    private static byte[] resource(String name) throws Exception {
        try (var in = IntakeChannelsTest.class.getResourceAsStream("/email/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void anEmailBecomesAnIncidentWithItsAttachmentsAndObservables() throws Exception {
        var created = Api.asUser("ab-analyst")
                .contentType("message/rfc822")
                .body(resource("mixed-attachments.eml"))
                .post("/api/v1/intake/email")
                .then()
                .statusCode(201)
                .body("reply", equalTo(false))
                .body("incident.channel", equalTo("email"))
                .extract()
                .jsonPath();
        var id = created.getString("incident.id");
        assertThat(created.getString("incident.reporter.email")).contains("@");
        Api.asUser("ab-analyst")
                .get("/api/v1/incidents/%s/attachments".formatted(id))
                .then()
                .statusCode(200)
                .body("size()", org.hamcrest.Matchers.greaterThanOrEqualTo(2));
    }

    @Test
    void aReplyFromTheReporterWithTheReplyTokenIsAddedToThatIncident() {
        var incident = IncidentApiTest.create(
                "ab-analyst",
                "{\"title\": \"Compromised web server\", \"reporter\": {\"email\": \"admin@victim.example.org\"}}");
        var reference = incident.getString("reference");
        var token = incidents.findByReference("cert-ab", reference).orElseThrow().replyToken;
        var reply = """
                From: Web Admin <admin@victim.example.org>
                To: cert@cert-ab.example.org
                Subject: Re: [%s #%s] Compromised web server
                Message-ID: <reply-1@victim.example.org>
                Content-Type: text/plain; charset=utf-8

                We found a web shell calling 203.0.113[.]77 and removed it.
                """.formatted(reference, token).replace("\n", "\r\n");
        Api.asUser("ab-analyst")
                .contentType("message/rfc822")
                .body(reply.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/intake/email")
                .then()
                .statusCode(200)
                .body("reply", equalTo(true))
                .body("incident.reference", equalTo(reference))
                .body("incident.observables", hasItem(Map.of("type", "ipv4", "value", "203.0.113.77")));
        Api.asUser("ab-analyst")
                .get("/api/v1/incidents/%s/comments".formatted(incident.getString("id")))
                .then()
                .body("body[0]", containsString("web shell"));

        // the same mail taken by another CIRT does not reach into this one
        Api.asUser("cd-analyst")
                .contentType("message/rfc822")
                .body(reply.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/intake/email")
                .then()
                .statusCode(201)
                .body("reply", equalTo(false))
                .body("incident.reference", org.hamcrest.Matchers.startsWith("CERT-CD-"));
    }

    @Test
    void aMalformedEmailIsRefusedAndNothingIsStored() throws Exception {
        var before = incidents.count();
        Api.asUser("ab-analyst")
                .contentType("message/rfc822")
                .body(resource("missing-from.eml"))
                .post("/api/v1/intake/email")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("From"));
        Api.asUser("ab-analyst")
                .contentType("message/rfc822")
                .body("not a mail at all".getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/intake/email")
                .then()
                .statusCode(400);
        assertThat(incidents.count()).isEqualTo(before);
    }

    @Test
    void partnersCannotUploadEmail() {
        Api.as(org.opencirt.testing.Tokens.demoPartner("cert-ab"))
                .contentType("message/rfc822")
                .body("x".getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/intake/email")
                .then()
                .statusCode(403);
    }
}
