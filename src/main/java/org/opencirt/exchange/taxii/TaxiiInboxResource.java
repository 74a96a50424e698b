package org.opencirt.exchange.taxii;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.exchange.service.StixImports;

/**
 * TAXII 2.1 writes: a partner's POST of objects into a CIRT's inbox (202 with a status resource) and the status
 * resources (docs/exchange.md, ADR 26). The import itself is {@link StixImports}'.
 */
@Path("/taxii2")
@Produces(TaxiiMediaTypes.TAXII)
@RolesAllowed({"analyst", "lead", "cirt-admin", TaxiiCaller.PARTNER_ROLE})
@Tag(name = "TAXII")
@SecurityRequirement(name = "bearer")
@Audited
public class TaxiiInboxResource {

    private final StixImports imports;
    private final TaxiiCaller caller;

    TaxiiInboxResource(StixImports imports, TaxiiCaller caller) {
        this.imports = imports;
        this.caller = caller;
    }

    @POST
    @Path("/{cirt}/collections/{id}/objects/")
    @Operation(summary = "Send STIX objects to a CIRT's inbox", description = """
            A TAXII envelope (or a STIX bundle) of at most 10,000 objects, in application/taxii+json;version=2.1, \
            within the root's max_content_length. Answers 202 with a status resource; the objects are imported \
            after the answer. The CIRT's remote partners (their clients) and the CIRTs on this platform it declared \
            as partners may write; other collections answer 403.""")
    public Response add(
            @PathParam("cirt") String cirt,
            @PathParam("id") String id,
            @jakarta.ws.rs.HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @jakarta.ws.rs.HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
            @RequestBody(content = @Content(mediaType = TaxiiMediaTypes.TAXII)) InputStream body) {
        var sender = imports.inboxSender(cirt, caller.cirt(), caller.actor(), caller.isStaff(), caller.partnerClaim());
        var kind = TaxiiCollections.byId(cirt, id).orElseThrow(() -> ApiException.notFound("Collection"));
        if (!kind.canWrite()) {
            throw new ApiException(ProblemType.FORBIDDEN, "This collection cannot be written to (can_write is false)");
        }
        if (!TaxiiMediaTypes.isTaxiiContent(contentType)) {
            throw new ApiException(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the objects as " + TaxiiMediaTypes.TAXII);
        }
        var bytes = imports.body(body, contentLength == null ? -1 : contentLength);
        var accepted = imports.accept(cirt, sender, bytes);
        return Response.accepted(TaxiiStatus.of(accepted)).build();
    }

    @GET
    @Path("/{cirt}/status/{statusId}/")
    @Operation(summary = "The status of an inbox request", description = """
            Pending while the objects are imported, then complete, with each object's outcome. The CIRT or partner \
            that sent the request and the receiving CIRT's admins may read it; anyone else meets 404.""")
    public TaxiiStatus status(@PathParam("cirt") String cirt, @PathParam("statusId") String statusId) {
        UUID id;
        try {
            id = UUID.fromString(statusId);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Status");
        }
        return TaxiiStatus.of(
                imports.status(cirt, id, caller.cirt(), caller.isStaff(), caller.isCirtAdmin(), caller.partnerClaim()));
    }
}
