package org.opencirt.common.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.Api;

/**
 * Behind a TLS-terminating proxy that the operator configured as trusted, a request that reached the proxy over
 * https gets Secure cookies and HSTS, though it reaches the service over plain HTTP.
 */
@QuarkusTest
@TestProfile(BehindTlsProxyTest.TrustedProxy.class)
class BehindTlsProxyTest {

    /** The loopback address (where the test client connects from) is the trusted proxy. */
    public static class TrustedProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.http.proxy.proxy-address-forwarding",
                    "true",
                    "quarkus.http.proxy.allow-x-forwarded",
                    "true",
                    "quarkus.http.proxy.trusted-proxies",
                    "127.0.0.0/8,[::1]");
        }
    }

    @Test
    void aRequestThatCameOverHttpsThroughTheProxyGetsSecureCookiesAndHsts() {
        var response = Api.anonymous()
                .accept("text/html")
                .header("X-Forwarded-Proto", "https")
                .get("/console");
        assertThat(response.statusCode()).isEqualTo(302);
        var cookies = response.headers().getValues("Set-Cookie");
        assertThat(cookies)
                .isNotEmpty()
                .allSatisfy(cookie -> assertThat(cookie.toLowerCase(java.util.Locale.ROOT))
                        .contains("; secure")
                        .contains("; httponly")
                        .contains("samesite="));
        assertThat(response.header("Strict-Transport-Security")).isEqualTo("max-age=31536000");
        assertThat(Api.anonymous()
                        .header("X-Forwarded-Proto", "https")
                        .get("/api/v1/tenants/me")
                        .header("Strict-Transport-Security"))
                .isEqualTo("max-age=31536000");
    }

    @Test
    void aRequestThatCameOverPlainHttpGetsNeither() {
        var response = Api.anonymous()
                .accept("text/html")
                .header("X-Forwarded-Proto", "http")
                .get("/console");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().getValues("Set-Cookie"))
                .isNotEmpty()
                .allSatisfy(cookie -> assertThat(cookie.toLowerCase(java.util.Locale.ROOT))
                        .doesNotContain("secure")
                        .contains("; httponly"));
        assertThat(response.header("Strict-Transport-Security")).isNull();
    }
}
