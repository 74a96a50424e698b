package org.opencirt.exchange.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencirt.exchange.service.SharedIncidents;
import org.opencirt.exchange.service.SharedIncidents.SharedIncident;
import org.opencirt.tenant.TenantContext;

/** The incidents other CIRTs shared with the caller's CIRT: read-only copies, marked with their source. */
@Path("/api/v1/shared/incidents")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"analyst", "lead", "cirt-admin"})
@Tag(name = "Exchange")
@SecurityRequirement(name = "bearer")
public class SharedIncidentResource {

    private final SharedIncidents shared;
    private final TenantContext caller;

    SharedIncidentResource(SharedIncidents shared, TenantContext caller) {
        this.shared = shared;
        this.caller = caller;
    }

    @GET
    @Operation(
            summary = "Incidents shared with your CIRT",
            description =
                    "Newest grant first. Each holds only the parts its grants chose; a revoked grant removes it at once.")
    public List<SharedIncident> list() {
        return shared.list(caller.tenantId());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One incident shared with your CIRT", description = "404 unless a grant still shares it.")
    public SharedIncident get(@PathParam("id") UUID id) {
        return shared.get(caller.tenantId(), id);
    }
}
