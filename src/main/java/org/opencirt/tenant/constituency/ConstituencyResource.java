package org.opencirt.tenant.constituency;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencirt.common.audit.Audited;
import org.opencirt.tenant.TenantContext;
import org.opencirt.tenant.constituency.ConstituencyService.AddEntries;
import org.opencirt.tenant.constituency.ConstituencyService.EntryView;

/** The caller's CIRT's constituency: its ASNs, networks and domains. */
@Path("/api/v1/constituency")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Constituency")
@SecurityRequirement(name = "bearer")
@Audited
public class ConstituencyResource {

    private final ConstituencyService constituency;
    private final TenantContext caller;

    ConstituencyResource(ConstituencyService constituency, TenantContext caller) {
        this.constituency = constituency;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({"analyst", "lead", "cirt-admin"})
    public List<EntryView> list() {
        return constituency.list(caller.tenantId());
    }

    @POST
    @RolesAllowed("cirt-admin")
    @Operation(summary = "Declare constituency entries", description = """
            kind: asn (AS64500), network (CIDR), domain. Feed indicators inside raise incidents. One call creates several \
            entries: Location names the constituency, which lists them.""")
    public Response add(AddEntries entries, UriInfo uri) {
        return Response.created(uri.getAbsolutePath())
                .entity(constituency.add(caller.tenantId(), entries))
                .build();
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed("cirt-admin")
    public Response remove(@PathParam("id") UUID id) {
        constituency.remove(caller.tenantId(), id);
        return Response.noContent().build();
    }
}
