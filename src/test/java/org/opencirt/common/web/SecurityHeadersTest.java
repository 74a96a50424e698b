package org.opencirt.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.Api;

/** The security headers are on every kind of response, not only the console's pages. */
@QuarkusTest
class SecurityHeadersTest {

    @Test
    void everyKindOfResponseCarriesTheSecurityHeaders() {
        var responses = new java.util.LinkedHashMap<String, Response>();
        responses.put("public report form", Api.anonymous().accept("text/html").get("/report"));
        responses.put(
                "CSAF provider metadata", Api.anonymous().get("/.well-known/csaf/cert-ab/provider-metadata.json"));
        responses.put("CSAF index.txt", Api.anonymous().accept("*/*").get("/.well-known/csaf/cert-ab/white/index.txt"));
        responses.put("API 401 problem", Api.anonymous().get("/api/v1/tenants/me"));
        responses.put("API 404 problem", Api.asUser("ab-analyst").get("/api/v1/incidents/" + UUID.randomUUID()));
        responses.put(
                "API 400 problem", Api.asUser("ab-analyst").body("{not json").post("/api/v1/incidents"));
        responses.put("unknown path 404", Api.anonymous().accept("*/*").get("/no-such-page"));
        responses.put(
                "console redirect to login", Api.anonymous().accept("text/html").get("/console"));
        responses.put("OpenAPI document", Api.anonymous().accept("*/*").get("/q/openapi"));
        responses.put("health", Api.anonymous().get("/q/health/ready"));
        assertThat(responses.get("API 404 problem").contentType()).startsWith("application/problem+json");
        assertThat(responses.get("API 400 problem").statusCode()).isEqualTo(400);
        responses.forEach((kind, response) -> {
            var csp = response.header("Content-Security-Policy");
            assertThat(csp)
                    .as(kind)
                    .contains("default-src 'self'")
                    .contains("script-src 'self'")
                    .contains("frame-ancestors 'none'")
                    .contains("object-src 'none'")
                    .doesNotContain("unsafe-inline")
                    .doesNotContain("unsafe-eval");
            assertThat(response.header("X-Content-Type-Options")).as(kind).isEqualTo("nosniff");
            assertThat(response.header("Referrer-Policy")).as(kind).isEqualTo("same-origin");
            // plain http and an http public URL: no HSTS, which a browser would pin to a host that has no TLS
            assertThat(response.header("Strict-Transport-Security")).as(kind).isNull();
        });
    }

    @Test
    void theConsoleAllowsFormsToKeycloakAndIsNeverCached() {
        var response = Api.anonymous().accept("text/html").get("/console");
        assertThat(response.header("Content-Security-Policy")).contains("form-action 'self' http://localhost:");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(Api.anonymous().accept("text/html").get("/report").header("Content-Security-Policy"))
                .endsWith("form-action 'self'");
    }

    @Test
    void swaggerUiHasItsOwnPolicyThatStillForbidsFraming() {
        var response =
                Api.anonymous().accept("text/html").redirects().follow(true).get("/q/swagger-ui/");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header("Content-Security-Policy"))
                .contains("script-src 'self' 'unsafe-inline'")
                .contains("frame-ancestors 'none'");
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void cookiesGetHttpOnlySameSiteLaxAndSecureUnderHttps() {
        assertThat(SecurityHeaders.harden("a=1; Path=/", true))
                .isEqualTo("a=1; Path=/; HttpOnly; SameSite=Lax; Secure");
        assertThat(SecurityHeaders.harden("a=1; Path=/", false)).isEqualTo("a=1; Path=/; HttpOnly; SameSite=Lax");
        assertThat(SecurityHeaders.harden("a=1; HttpOnly; SameSite=Strict; Secure", true))
                .isEqualTo("a=1; HttpOnly; SameSite=Strict; Secure");
    }
}
