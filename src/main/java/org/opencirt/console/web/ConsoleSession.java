package org.opencirt.console.web;

import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.opencirt.tenant.TenantContext;
import org.opencirt.tenant.TenantService;

/**
 * The logged-in analyst of a console request. The CIRT comes from the verified ID token's {@code cirt}
 * claim through {@link TenantContext}, exactly as for the API; roles from the access token.
 */
@RequestScoped
public class ConsoleSession {

    private final TenantContext tenant;
    private final SecurityIdentity identity;
    private final JsonWebToken idToken;
    private final TenantService tenants;
    private final CsrfTokens csrf;
    private final HttpServerRequest request;

    ConsoleSession(
            TenantContext tenant,
            SecurityIdentity identity,
            JsonWebToken idToken,
            TenantService tenants,
            CsrfTokens csrf,
            HttpServerRequest request) {
        this.tenant = tenant;
        this.identity = identity;
        this.idToken = idToken;
        this.tenants = tenants;
        this.csrf = csrf;
        this.request = request;
    }

    /** The caller's CIRT; 403 when the login names none (a platform admin) or several. */
    public String tenantId() {
        return tenant.tenantId();
    }

    /** The login name, recorded as actor in timelines. */
    public String actor() {
        return tenant.actor();
    }

    public boolean hasRole(String role) {
        return identity.hasRole(role);
    }

    /** The language of this request (cookie, then Accept-Language). */
    public Languages.Language language() {
        var cookie = request.getCookie(Languages.COOKIE);
        return Languages.resolve(cookie == null ? null : cookie.getValue(), request.getHeader("Accept-Language"));
    }

    /** The id of the login session, to which CSRF tokens are bound. */
    public String sessionId() {
        Object sid = idToken.getClaim("sid");
        if (sid == null) {
            sid = idToken.getSubject() + "|" + idToken.getIssuedAtTime();
        }
        return sid instanceof JsonString s ? s.getString() : sid.toString();
    }

    public String csrfToken() {
        return csrf.tokenFor(sessionId());
    }

    /** The layout data for a page whose navigation entry is {@code active}. */
    public Chrome chrome(String active) {
        var id = tenantId();
        return new Chrome(
                language(),
                Languages.ALL,
                actor(),
                id,
                tenants.get(id).name(),
                csrfToken(),
                hasRole("analyst") || hasRole("lead"),
                hasRole("lead"),
                hasRole("cirt-admin"),
                active,
                request.path(),
                false);
    }

    /**
     * The layout data of a page the platform admin opens, who belongs to no CIRT: the platform instead of a CIRT, and
     * a navigation without the CIRT's pages.
     */
    public Chrome platformChrome(String active) {
        return new Chrome(
                language(),
                Languages.ALL,
                actor(),
                null,
                null,
                csrfToken(),
                false,
                false,
                false,
                active,
                request.path(),
                true);
    }

    /** A page in the request's language. */
    public TemplateInstance render(TemplateInstance page) {
        return page.setLocale(language().locale());
    }
}
