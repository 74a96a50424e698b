package org.opencirt.exchange.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencirt.common.audit.Audited;
import org.opencirt.exchange.service.SharingDefaults;
import org.opencirt.exchange.service.SharingDefaults.DefaultView;
import org.opencirt.exchange.service.SharingDefaults.SetDefault;
import org.opencirt.tenant.TenantContext;

/** The caller's CIRT's default grants, one per TLP label, applied to each incident created with that label. */
@Path("/api/v1/sharing-defaults")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Exchange")
@SecurityRequirement(name = "bearer")
@Audited
public class SharingDefaultResource {

    private final SharingDefaults defaults;
    private final TenantContext caller;

    SharingDefaultResource(SharingDefaults defaults, TenantContext caller) {
        this.defaults = defaults;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({"analyst", "lead", "cirt-admin"})
    @Operation(summary = "The CIRT's sharing defaults, by TLP label")
    public List<DefaultView> list() {
        return defaults.list(caller.tenantId());
    }

    @GET
    @Path("/{tlp}")
    @RolesAllowed({"analyst", "lead", "cirt-admin"})
    @Operation(summary = "The sharing default of one TLP label", description = "404 when the CIRT has none.")
    public DefaultView get(@PathParam("tlp") String tlp) {
        return defaults.get(caller.tenantId(), tlp);
    }

    @PUT
    @Path("/{tlp}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("cirt-admin")
    @Operation(summary = "Set the sharing default of a TLP label", description = """
            Each incident created from now on with this label is shared with the audience, as a grant would \
            (community, group with group, or partners with partners; parts as for a grant). The label caps the \
            audience as it caps a grant (400 naming the rule). 201 when created, 200 when replaced.""")
    public Response set(@PathParam("tlp") String tlp, SetDefault body, UriInfo uri) {
        var saved = defaults.set(caller.tenantId(), caller.actor(), tlp, body);
        return saved.created()
                ? Response.created(uri.getAbsolutePath()).entity(saved.view()).build()
                : Response.ok(saved.view()).build();
    }

    @DELETE
    @Path("/{tlp}")
    @RolesAllowed("cirt-admin")
    @Operation(summary = "Remove the sharing default of a TLP label", description = "Incidents it shared stay shared.")
    public Response remove(@PathParam("tlp") String tlp) {
        defaults.remove(caller.tenantId(), tlp);
        return Response.noContent().build();
    }
}
