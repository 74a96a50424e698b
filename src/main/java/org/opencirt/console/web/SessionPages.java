package org.opencirt.console.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Language choice, logout, and the page after logout. Logging in is the OIDC code flow that Quarkus runs
 * for every {@code /console} path; logging out is a form (with its CSRF token) that leads to the OIDC
 * logout path, which ends the Keycloak session too and comes back to {@code /console/signed-out}.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class SessionPages {

    /** Where quarkus.oidc.console.logout.path points. */
    static final String OIDC_LOGOUT_PATH = "/console/session/end";

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance signedout(Languages.Language language);
    }

    private final HttpServerRequest request;

    SessionPages(HttpServerRequest request) {
        this.request = request;
    }

    @POST
    @Path("/language")
    @Authenticated
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response language(@RestForm String lang, @RestForm("return") String returnTo) {
        var language = Languages.byCode(lang).orElse(Languages.ALL.getFirst());
        var cookie = new NewCookie.Builder(Languages.COOKIE).value(language.code()).path("/")
                .maxAge((int) Duration.ofDays(365).toSeconds()).sameSite(NewCookie.SameSite.LAX).httpOnly(true).build();
        return Response.seeOther(URI.create(ConsolePaths.safeReturn(returnTo))).cookie(cookie).build();
    }

    @POST
    @Path("/logout")
    @Authenticated
    @Operation(hidden = true)
    public Response logout() {
        return Response.seeOther(URI.create(OIDC_LOGOUT_PATH)).build();
    }

    @GET
    @Path("/signed-out")
    @PermitAll
    @Operation(hidden = true)
    public TemplateInstance signedOut() {
        var cookie = request.getCookie(Languages.COOKIE);
        var language = Languages.resolve(cookie == null ? null : cookie.getValue(), request.getHeader("Accept-Language"));
        return Templates.signedout(language).setLocale(language.locale());
    }
}
