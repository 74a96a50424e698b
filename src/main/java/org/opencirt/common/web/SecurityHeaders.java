package org.opencirt.common.web;

import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.impl.ServerCookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one place that sets the browser-facing security headers, on every response of the service: console pages,
 * the public report form, the CSAF directory, advisory pages, API answers and their errors, 404s included. A
 * Content-Security-Policy without inline script and with {@code frame-ancestors 'none'}, {@code nosniff}, a
 * Referrer-Policy, and under https (the request's own, a configured proxy's {@code X-Forwarded-Proto}, or an https
 * public URL) HSTS. Every cookie the service sets leaves {@code HttpOnly}, {@code SameSite=Lax} unless stricter,
 * and {@code Secure} under https: the OIDC session and state cookies as well as the console's own.
 */
@ApplicationScoped
public class SecurityHeaders {

    private static final String BASE_POLICY =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                    + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";
    /** Swagger UI's page starts itself with an inline script: only there, on a page that holds no user data of its own. */
    private static final String SWAGGER_POLICY =
            "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
                    + "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private final PublicUrl publicUrl;
    private final String consolePolicy;
    private final String hsts;
    private final String swaggerPath;

    SecurityHeaders(
            PublicUrl publicUrl,
            WebConfig config,
            @ConfigProperty(name = "opencirt.keycloak.url") String keycloakUrl,
            @ConfigProperty(name = "quarkus.swagger-ui.path", defaultValue = "/q/swagger-ui") String swaggerPath) {
        this.publicUrl = publicUrl;
        // the console's forms lead to Keycloak (logout ends the Keycloak session too)
        this.consolePolicy = BASE_POLICY + " " + keycloakUrl;
        this.hsts = "max-age=" + config.hstsMaxAge().toSeconds();
        this.swaggerPath = swaggerPath;
    }

    @RouteFilter(1000) // before every other filter, some of which answer by themselves (RequestSizeLimit)
    void secure(RoutingContext routing) {
        var path = routing.normalizedPath();
        var https = routing.request().isSSL() || publicUrl.https();
        routing.addHeadersEndHandler(v -> {
            var headers = routing.response().headers();
            var policy = policyFor(path);
            if (policy != null) {
                headers.set("Content-Security-Policy", policy);
            }
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "same-origin");
            headers.set("X-Frame-Options", "DENY");
            if (isConsole(path)) {
                headers.set("Cache-Control", "no-store");
            }
            if (https) {
                headers.set("Strict-Transport-Security", hsts);
            }
            hardenCookies(routing, https);
        });
        routing.next();
    }

    /** The policy of a path; none for Quarkus's development UI, which exists only in dev mode. */
    String policyFor(String path) {
        if (isConsole(path)) {
            return consolePolicy;
        }
        if (path.equals(swaggerPath) || path.startsWith(swaggerPath + "/")) {
            return SWAGGER_POLICY;
        }
        if (path.startsWith("/q/dev-ui")) {
            return null;
        }
        return BASE_POLICY;
    }

    private static boolean isConsole(String path) {
        return path.equals("/console") || path.startsWith("/console/");
    }

    /**
     * Cookies reach the response two ways: Vert.x's cookie jar (OIDC), written after this handler, and raw
     * {@code Set-Cookie} headers (JAX-RS {@code NewCookie}), already there.
     */
    private static void hardenCookies(RoutingContext routing, boolean https) {
        var changed = new ArrayList<Cookie>();
        for (var cookie : routing.request().cookies()) {
            if (cookie instanceof ServerCookie server && server.isChanged()) {
                changed.add(cookie);
            }
        }
        for (var cookie : changed) {
            cookie.setHttpOnly(true);
            if (cookie.getSameSite() == null) {
                cookie.setSameSite(CookieSameSite.LAX);
            }
            if (https) {
                cookie.setSecure(true);
            }
        }
        var headers = routing.response().headers();
        var raw = headers.getAll("Set-Cookie");
        if (!raw.isEmpty()) {
            var hardened = raw.stream().map(header -> harden(header, https)).toList();
            headers.remove("Set-Cookie");
            hardened.forEach(header -> headers.add("Set-Cookie", header));
        }
    }

    /** One {@code Set-Cookie} value with the missing attributes added. */
    static String harden(String header, boolean https) {
        var attributes = new ArrayList<String>();
        for (var part : header.split(";")) {
            attributes.add(part.strip().toLowerCase(Locale.ROOT));
        }
        var out = new StringBuilder(header.strip());
        if (!attributes.contains("httponly")) {
            out.append("; HttpOnly");
        }
        if (attributes.stream().noneMatch(a -> a.startsWith("samesite="))) {
            out.append("; SameSite=Lax");
        }
        if (https && !attributes.contains("secure")) {
            out.append("; Secure");
        }
        return out.toString();
    }
}
