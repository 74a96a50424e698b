package org.opencirt.testing;

import static io.restassured.RestAssured.given;

import org.eclipse.microprofile.config.ConfigProvider;

/** Access tokens from the real Keycloak of the local stack, for the demo users and clients. */
public final class Tokens {

    /** The password of every demo user in the realm file. */
    public static final String DEMO_PASSWORD = "demo";

    private Tokens() {}

    public static String keycloakUrl() {
        return ConfigProvider.getConfig().getValue("opencirt.keycloak.url", String.class);
    }

    private static String tokenEndpoint() {
        return keycloakUrl() + "/realms/opencirt/protocol/openid-connect/token";
    }

    /** A token for a user, through the password grant of the local-only {@code opencirt-cli} client. */
    public static String user(String username) {
        return user(username, DEMO_PASSWORD);
    }

    public static String user(String username, String password) {
        return given().formParam("grant_type", "password")
                .formParam("client_id", "opencirt-cli")
                .formParam("username", username)
                .formParam("password", password)
                .when()
                .post(tokenEndpoint())
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    /** A token for a machine client, through the client-credentials grant. */
    public static String client(String clientId, String secret) {
        return given().formParam("grant_type", "client_credentials")
                .formParam("client_id", clientId)
                .formParam("client_secret", secret)
                .when()
                .post(tokenEndpoint())
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    /** A demo partner client's token ({@code cert-ab-partner} has secret {@code demo-cert-ab-partner-secret}). */
    public static String demoPartner(String tenantId) {
        return client(tenantId + "-partner", "demo-" + tenantId + "-partner-secret");
    }
}
