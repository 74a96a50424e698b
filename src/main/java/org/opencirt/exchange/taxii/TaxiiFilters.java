package org.opencirt.exchange.taxii;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.opencirt.common.problem.Problem;

/**
 * TAXII's own rules under {@code /taxii2/}: an {@code Accept} that does not allow the TAXII 2.1 media type gets
 * 406 before anything else, every answer is in that media type, and an error is a TAXII error message, not the
 * problem document of the rest of the API (whose one exception table still decides status and wording).
 */
public class TaxiiFilters {

    static final String PREFIX = "/taxii2";

    @ServerRequestFilter(preMatching = true)
    public Response notAcceptable(ContainerRequestContext request) {
        if (!underTaxii(request) || TaxiiMediaTypes.accepted(request.getHeaderString(HttpHeaders.ACCEPT))) {
            return null;
        }
        return Response.status(Response.Status.NOT_ACCEPTABLE)
                .type(TaxiiMediaTypes.TAXII)
                .entity(new TaxiiError(
                        "Not Acceptable", "This server answers in " + TaxiiMediaTypes.TAXII + " only", null, "406"))
                .build();
    }

    @ServerResponseFilter
    public void taxiiMediaType(ContainerRequestContext request, ContainerResponseContext response) {
        if (!underTaxii(request)) {
            return;
        }
        if (response.getEntity() instanceof Problem problem) {
            response.setEntity(
                    new TaxiiError(
                            problem.title(), problem.detail(), problem.errorId(), String.valueOf(problem.status())),
                    response.getEntityAnnotations(),
                    MediaType.valueOf(TaxiiMediaTypes.TAXII));
        }
        response.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, TaxiiMediaTypes.TAXII);
    }

    private static boolean underTaxii(ContainerRequestContext request) {
        return isTaxiiPath(request.getUriInfo().getPath());
    }

    /** Whether a request path is TAXII's: {@code /taxii2} or below it. */
    static boolean isTaxiiPath(String path) {
        return path != null && (path.equals(PREFIX) || path.startsWith(PREFIX + "/"));
    }
}
