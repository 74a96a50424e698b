package org.opencirt.common;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencirt.testing.Api;

@QuarkusTest
class ProblemDetailsTest {

    @Test
    void bodyOverTheLimitGets413Problem() {
        var eleven = "x".repeat(11 * 1024 * 1024);
        Api.asUser("platform-admin")
                .body("{\"name\": \"" + eleven + "\"}")
                .post("/api/v1/tenants")
                .then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413))
                .body("detail", containsString("limit is 10485760 bytes"));
    }

    @Test
    void wrongContentTypeGets415Problem() {
        Api.asUser("platform-admin")
                .contentType("text/plain")
                .body("hello")
                .post("/api/v1/tenants")
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body("type", equalTo("https://opencirt.org/problems/unsupported-media-type"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "/api/v1/incidents?limit=ten, limit",
        "/api/v1/statistics/top-indicators?days=30&limit=1e3, limit",
        "/api/v1/statistics/response-times?days=thirty, days",
        "/api/v1/advisories?limit=99999999999999999999, limit",
    })
    void aNumberParameterThatIsNoNumberGets400NamingIt(String path, String parameter) {
        Api.asUser("ab-analyst")
                .get(path)
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://opencirt.org/problems/validation"))
                .body("errors[0].pointer", equalTo(parameter))
                .body("errors[0].message", containsString("must be a whole number"));
    }

    @Test
    void unknownResourceGets404Problem() {
        Api.asUser("platform-admin")
                .get("/api/v1/tenants/no-such-cirt")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("National CIRT 'no-such-cirt' not found"))
                .body("instance", equalTo("/api/v1/tenants/no-such-cirt"));
    }

    @Test
    void unsupportedMethodGets405Problem() {
        Api.asUser("platform-admin")
                .delete("/api/v1/tenants/me")
                .then()
                .statusCode(405)
                .contentType("application/problem+json");
    }
}
