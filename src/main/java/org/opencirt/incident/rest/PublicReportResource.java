package org.opencirt.incident.rest;

import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.idempotency.Idempotent;
import org.opencirt.common.web.ClientAddresses;
import org.opencirt.incident.service.IncidentViews.ReportStatus;
import org.opencirt.incident.service.PublicReportService;
import org.opencirt.incident.service.PublicReportService.PublicReport;

/** Public reporting without an account: file a report, then read its state with the secret token. */
@Path("/api/v1/reports")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@PermitAll
@Tag(name = "Public reporting")
@Audited
public class PublicReportResource {

    /** The header that carries a report's status token (a header, so that it stays out of access logs). */
    public static final String TOKEN_HEADER = "X-Report-Token";

    private final PublicReportService reports;
    private final HttpServerRequest request;
    private final ClientAddresses clients;

    PublicReportResource(PublicReportService reports, HttpServerRequest request, ClientAddresses clients) {
        this.reports = reports;
        this.request = request;
        this.clients = clients;
    }

    @POST
    @Idempotent
    @Operation(
            summary = "Report an incident to a national CIRT, without an account",
            description = "Rate-limited per client address. Answers the reference and a secret status token: keep it.")
    public Response submit(PublicReport report, UriInfo uri) {
        var receipt = reports.submit(report, clients.of(request));
        // the report's status, which the reporter reads with the token of the answer
        return Response.created(uri.getAbsolutePathBuilder()
                        .path(receipt.reference())
                        .path("status")
                        .build())
                .entity(receipt)
                .build();
    }

    @GET
    @Path("/{reference}/status")
    @Operation(
            summary = "The state of a public report",
            description = "Needs the status token in the X-Report-Token header.")
    public ReportStatus status(@PathParam("reference") String reference, @HeaderParam(TOKEN_HEADER) String token) {
        return reports.status(reference, token);
    }
}
