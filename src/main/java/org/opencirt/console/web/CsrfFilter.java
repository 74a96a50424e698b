package org.opencirt.console.web;

import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;

/**
 * Every request to the console that could change something (anything but GET, HEAD, OPTIONS) must carry the
 * session's CSRF token: the form field {@value CsrfTokens#FIELD} or the header {@value CsrfTokens#HEADER}.
 * Others get the 403 error page and change nothing. The API ({@code /api}) uses bearer tokens and is not
 * concerned; neither is the public report form, which has no session to protect.
 */
public class CsrfFilter {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    @Inject
    ConsoleSession session;

    @Inject
    CsrfTokens tokens;

    @ServerRequestFilter
    @WithFormRead
    public void verify(ResteasyReactiveContainerRequestContext context, RoutingContext routing) {
        var path = routing.normalizedPath();
        if (!ConsolePaths.isConsole(path) || SAFE.contains(context.getMethod())) {
            return;
        }
        var presented = context.getHeaderString(CsrfTokens.HEADER);
        if (presented == null && isForm(context.getMediaType())) {
            var value = ((ResteasyReactiveRequestContext) context.getServerRequestContext())
                    .getFormParameter(CsrfTokens.FIELD, true, false);
            presented = value == null ? null : value.toString();
        }
        if (!tokens.matches(session.sessionId(), presented)) {
            throw new ApiException(
                    ProblemType.FORBIDDEN,
                    "The form is missing its security token or it has expired; reload the page and try again");
        }
    }

    private static boolean isForm(MediaType type) {
        return type != null
                && (type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE)
                        || type.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE));
    }
}
