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
import org.opencirt.common.audit.Audited;
import org.opencirt.common.audit.SharedRead;
import org.opencirt.exchange.service.SharedAdvisories;
import org.opencirt.exchange.service.SharedAdvisories.SharedAdvisory;
import org.opencirt.tenant.TenantContext;

/** The advisories other CIRTs shared with the caller's CIRT: read-only copies of the CSAF documents, marked with their source. */
@Path("/api/v1/shared/advisories")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"analyst", "lead", "cirt-admin"})
@Tag(name = "Exchange")
@SecurityRequirement(name = "bearer")
@Audited
public class SharedAdvisoryResource {

    private final SharedAdvisories shared;
    private final TenantContext caller;

    SharedAdvisoryResource(SharedAdvisories shared, TenantContext caller) {
        this.shared = shared;
        this.caller = caller;
    }

    @GET
    @SharedRead
    @Operation(
            summary = "Advisories shared with your CIRT",
            description = "Newest grant first, without the documents; a revoked grant removes one at once.")
    public List<SharedAdvisory> list() {
        return shared.list(caller.tenantId());
    }

    @GET
    @SharedRead
    @Path("/{id}")
    @Operation(
            summary = "One advisory shared with your CIRT, with its CSAF document",
            description = "404 unless a grant still shares it.")
    public SharedAdvisory get(@PathParam("id") UUID id) {
        return shared.get(caller.tenantId(), id);
    }
}
