package org.opencirt.exchange.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.audit.SharedRead;
import org.opencirt.exchange.service.SharedIncidentAdoptions;
import org.opencirt.exchange.service.SharedIncidents;
import org.opencirt.exchange.service.SharedIncidents.SharedIncident;
import org.opencirt.tenant.TenantContext;

/** The incidents other CIRTs shared with the caller's CIRT: read-only copies, marked with their source. */
@Path("/api/v1/shared/incidents")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"analyst", "lead", "cirt-admin"})
@Tag(name = "Exchange")
@SecurityRequirement(name = "bearer")
@Audited
public class SharedIncidentResource {

    private final SharedIncidents shared;
    private final SharedIncidentAdoptions adoptions;
    private final TenantContext caller;

    SharedIncidentResource(SharedIncidents shared, SharedIncidentAdoptions adoptions, TenantContext caller) {
        this.shared = shared;
        this.adoptions = adoptions;
        this.caller = caller;
    }

    @GET
    @SharedRead
    @Operation(
            summary = "Incidents shared with your CIRT",
            description =
                    "Newest grant first. Each holds only the parts its grants chose; a revoked grant removes it at once.")
    public List<SharedIncident> list() {
        return shared.list(caller.tenantId());
    }

    @GET
    @SharedRead
    @Path("/{id}")
    @Operation(summary = "One incident shared with your CIRT", description = "404 unless a grant still shares it.")
    public SharedIncident get(@PathParam("id") UUID id) {
        return shared.get(caller.tenantId(), id);
    }

    @POST
    @Path("/{id}/adoption")
    @RolesAllowed({"analyst", "lead"})
    @Operation(
            summary = "Open an incident of your own from a shared incident",
            description = "The new incident holds the shared parts only, keeps the label and names its source; both"
                    + " timelines record the link. 404 unless a grant still shares it, 409 when your CIRT already"
                    + " opened one from it.")
    public Response adopt(@PathParam("id") UUID id, @Context UriInfo uri) {
        var opened = adoptions.open(caller.tenantId(), caller.actor(), id);
        return Response.created(uri.getBaseUriBuilder()
                        .path("api/v1/incidents")
                        .path(opened.incident().toString())
                        .build())
                .entity(opened)
                .build();
    }
}
