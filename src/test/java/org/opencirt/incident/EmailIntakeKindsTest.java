package org.opencirt.incident;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.Api;

/** Machines' mail at the e-mail intake: abuse reports become incidents of their kind, automatic replies nothing. */
@QuarkusTest
class EmailIntakeKindsTest {

    private static String resource(String path) {
        try (var in = EmailIntakeKindsTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anXarfReportOpensAnIncidentOfItsClassificationWithItsSourceAndTheOriginalMessage() {
        var id = Api.asUser("ab-analyst")
                .contentType("message/rfc822")
                .body(resource("/email/arf/xarf-login-attack.eml").getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/intake/email")
                .then()
                .statusCode(201)
                .body("outcome", equalTo("abuse-report"))
                .body("incident.type", equalTo("brute-force"))
                .extract()
                .<String>path("incident.id");
        Api.asUser("ab-analyst")
                .get("/api/v1/incidents/%s/attachments".formatted(id))
                .then()
                .statusCode(200)
                .body("filename", hasItem("original-message.eml"));
        Api.asUser("ab-analyst")
                .get("/api/v1/incidents/%s/observables".formatted(id))
                .then()
                .statusCode(200)
                .body("type", hasItem("ipv4"));
    }

    @Test
    void anArfSpamReportIsSpam() {
        Api.asUser("ab-analyst")
                .contentType("message/rfc822")
                .body(resource("/email/arf/arf-abuse-spam.eml").getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/intake/email")
                .then()
                .statusCode(201)
                .body("outcome", equalTo("abuse-report"))
                .body("incident.type", equalTo("spam"))
                .body("incident.tags", hasItems("arf"));
    }

    @Test
    void anOutOfOfficeReplyOpensNoIncident() {
        var marker = "ooo-" + UUID.randomUUID();
        Api.asUser("ab-analyst")
                .contentType("message/rfc822")
                .body("""
                        From: someone@isp.example\r
                        To: cert@cert-ab.example.org\r
                        Subject: Automatic reply: %s\r
                        Auto-Submitted: auto-replied\r
                        \r
                        I am away until Monday.\r
                        """.formatted(marker).getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/intake/email")
                .then()
                .statusCode(202)
                .body("outcome", equalTo("auto-reply"));
        Api.asUser("ab-analyst")
                .queryParam("q", marker)
                .get("/api/v1/incidents")
                .then()
                .statusCode(200)
                .body("total", equalTo(0));
    }
}
