package org.opencirt.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OperationsEndpointsTest {

    @Test
    void readinessReportsPostgresElasticsearchAndKeycloakUp() {
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("Database connections health check", "elasticsearch", "keycloak"))
                .body("checks.find { it.name == 'keycloak' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'elasticsearch' }.data.search", equalTo("ok"))
                .body("checks.find { it.name == 'elasticsearch' }.data.indices", equalTo("ready"))
                .body(
                        "checks.find { it.name == 'elasticsearch' }.data.cluster",
                        org.hamcrest.Matchers.oneOf("green", "yellow"))
                .body("checks.find { it.name == 'Database connections health check' }.status", equalTo("UP"));
    }

    @Test
    void livenessIsUpAndAsksNoDependency() {
        // a database, search or Keycloak outage must not make Kubernetes restart healthy replicas
        given().get("/q/health/live")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body(
                        "checks.findAll { it.name == 'Database connections health check' || it.name == 'elasticsearch'"
                                + " || it.name == 'keycloak' }",
                        org.hamcrest.Matchers.empty());
    }

    @Test
    void openApiDescribesTheTenantApi() {
        given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths.'/api/v1/tenants/me'.get.summary", containsString("caller's national CIRT"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void prometheusMetricsAreServed() {
        given().get("/api/v1/tenants/me");
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests_seconds_count"));
    }
}
