package org.opencirt.tenant;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencirt.testing.Api;
import org.opencirt.testing.KeycloakUsers;
import org.opencirt.testing.Tokens;

@QuarkusTest
class TenantMeTest {

    @Inject
    KeycloakUsers users;

    @Test
    void analystOfCertAbGetsCertAb() {
        Api.asUser("ab-analyst")
                .get("/api/v1/tenants/me")
                .then()
                .statusCode(200)
                .body("id", equalTo("cert-ab"))
                .body("countryCode", equalTo("FR"));
    }

    @Test
    void analystOfCertCdGetsCertCd() {
        Api.asUser("cd-analyst")
                .get("/api/v1/tenants/me")
                .then()
                .statusCode(200)
                .body("id", equalTo("cert-cd"));
    }

    @Test
    void partnerClientGetsItsOwnCirt() {
        Api.as(Tokens.demoPartner("cert-cd"))
                .get("/api/v1/tenants/me")
                .then()
                .statusCode(200)
                .body("id", equalTo("cert-cd"));
    }

    @Test
    void requestWithoutTokenGets401Problem() {
        Api.anonymous()
                .get("/api/v1/tenants/me")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("status", equalTo(401))
                .body("type", equalTo("https://opencirt.org/problems/unauthorized"));
    }

    @Test
    void tokenOfAnotherApplicationWithoutTheApiAudienceGets401() {
        var otherApp = Tokens.client("other-app", "demo-other-app-secret");
        Api.as(otherApp)
                .get("/api/v1/tenants/me")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("title", equalTo("Authentication required"));
    }

    @Test
    void tamperedTokenGets401() {
        var token = Tokens.user("ab-analyst");
        var parts = token.split("\\.");
        var forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        Api.as(forged).get("/api/v1/tenants/me").then().statusCode(401);
    }

    @Test
    void tokenWithoutTenantClaimGets403() {
        var username = users.create(List.of("analyst"), List.of());
        Api.asUser(username)
                .get("/api/v1/tenants/me")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://opencirt.org/problems/no-tenant"))
                .body("detail", containsString("names no national CIRT"));
    }

    @Test
    void tokenNamingTwoTenantsGets403() {
        var username = users.create(List.of("analyst"), List.of("cert-ab", "cert-cd"));
        Api.asUser(username)
                .get("/api/v1/tenants/me")
                .then()
                .statusCode(403)
                .body("type", equalTo("https://opencirt.org/problems/no-tenant"))
                .body("detail", containsString("names 2 national CIRTs"));
    }

    @Test
    void platformAdminBelongsToNoCirt() {
        Api.asUser("platform-admin")
                .get("/api/v1/tenants/me")
                .then()
                .statusCode(403)
                .body("type", equalTo("https://opencirt.org/problems/no-tenant"));
    }
}
