package org.opencirt.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while Keycloak serves the realm's discovery document (tokens cannot be checked otherwise). */
@Readiness
@ApplicationScoped
class KeycloakHealthCheck implements HealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI discovery;

    KeycloakHealthCheck(@ConfigProperty(name = "quarkus.oidc.auth-server-url") String authServerUrl) {
        this.discovery = URI.create(authServerUrl.replaceAll("/+$", "") + "/.well-known/openid-configuration");
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("keycloak").withData("url", discovery.toString());
        try {
            var status = http.send(
                            HttpRequest.newBuilder(discovery)
                                    .timeout(TIMEOUT)
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            return response.status(status == 200).withData("status", status).build();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return response.down()
                    .withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
