package org.opencirt.console.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.opencirt.common.problem.Problem;

/**
 * The console answers errors with an HTML page in the analyst's language, not with problem+json: every
 * problem document on a console path (from the one exception table in {@code common.problem}) is rendered
 * here instead. A foreign CIRT's incident is a 404 page like one that does not exist.
 */
public class ErrorPages {

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance error(Languages.Language language, int status, String detail, String errorId);
    }

    @ServerResponseFilter
    public void toHtml(ContainerResponseContext response, RoutingContext routing) {
        if (!(response.getEntity() instanceof Problem problem) || !ConsolePaths.isConsole(routing.normalizedPath())) {
            return;
        }
        var cookie = routing.request().getCookie(Languages.COOKIE);
        var language = Languages.resolve(
                cookie == null ? null : cookie.getValue(), routing.request().getHeader("Accept-Language"));
        // the detail of a validation problem is the list of its fields
        var detail = problem.errors() == null || problem.errors().isEmpty()
                ? problem.detail()
                : problem.errors().stream()
                        .map(e -> e.pointer() + ": " + e.message())
                        .reduce((a, b) -> a + "; " + b)
                        .orElse("");
        var html = Templates.error(language, problem.status(), detail, problem.errorId())
                .setLocale(language.locale())
                .render();
        response.setEntity(html, null, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
        response.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, "text/html;charset=UTF-8");
    }
}
