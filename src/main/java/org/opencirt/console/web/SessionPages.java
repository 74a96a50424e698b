package org.opencirt.console.web;

import io.quarkus.oidc.OidcConfigurationMetadata;
import io.quarkus.oidc.OidcSession;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
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
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.opencirt.common.audit.ChangesNothing;
import org.opencirt.common.web.PublicUrl;

/**
 * Language choice, logout, and the page after logout. Logging in is the OIDC code flow that Quarkus runs
 * for every {@code /console} path. Logging out is only a POST with the session's CSRF token (checked by
 * {@link CsrfFilter}): it removes the session cookie here and sends the browser to Keycloak's end-session endpoint,
 * which ends the Keycloak session too and comes back to {@code /console/signed-out}. There is no OIDC logout path,
 * so no GET (a link or an image on another site) can end a session.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
public class SessionPages {

    static final String SIGNED_OUT_PATH = "/console/signed-out";

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance signedout(Languages.Language language);
    }

    private final HttpServerRequest request;
    private final OidcSession oidcSession;
    private final OidcConfigurationMetadata provider;
    private final PublicUrl publicUrl;

    SessionPages(
            HttpServerRequest request,
            OidcSession oidcSession,
            OidcConfigurationMetadata provider,
            PublicUrl publicUrl) {
        this.request = request;
        this.oidcSession = oidcSession;
        this.provider = provider;
        this.publicUrl = publicUrl;
    }

    @POST
    @Path("/language")
    @ChangesNothing // a cookie of the browser
    @Authenticated
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response language(@RestForm String lang, @RestForm("return") String returnTo) {
        var language = Languages.byCode(lang).orElse(Languages.ALL.getFirst());
        var cookie = new NewCookie.Builder(Languages.COOKIE)
                .value(language.code())
                .path("/")
                .maxAge((int) Duration.ofDays(365).toSeconds())
                .sameSite(NewCookie.SameSite.LAX)
                .httpOnly(true)
                .build();
        return Response.seeOther(URI.create(ConsolePaths.safeReturn(returnTo)))
                .cookie(cookie)
                .build();
    }

    @POST
    @Path("/logout")
    @ChangesNothing // ends the session; logins and logouts are Keycloak's to record
    @Authenticated
    @Operation(hidden = true)
    public Uni<Response> logout() {
        var endSession = UriBuilder.fromUri(provider.getEndSessionUri())
                .queryParam("id_token_hint", oidcSession.getIdToken().getRawToken())
                .queryParam("post_logout_redirect_uri", publicUrl.base() + SIGNED_OUT_PATH)
                .build();
        return oidcSession
                .logout()
                .replaceWith(() -> Response.seeOther(endSession).build());
    }

    @GET
    @Path("/signed-out") // SIGNED_OUT_PATH
    @PermitAll
    @Operation(hidden = true)
    public TemplateInstance signedOut() {
        var cookie = request.getCookie(Languages.COOKIE);
        var language =
                Languages.resolve(cookie == null ? null : cookie.getValue(), request.getHeader("Accept-Language"));
        return Templates.signedout(language).setLocale(language.locale());
    }
}
