package org.opencirt.exchange.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import org.opencirt.common.web.Created;
import org.opencirt.exchange.service.PartnerService;
import org.opencirt.exchange.service.PartnerService.CreateGroup;
import org.opencirt.exchange.service.PartnerService.GroupView;
import org.opencirt.exchange.service.PartnerService.Members;
import org.opencirt.tenant.TenantContext;

/** The caller's CIRT's sharing groups: named sets of its partners. */
@Path("/api/v1/sharing-groups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Exchange")
@SecurityRequirement(name = "bearer")
@Audited
public class SharingGroupResource {

    private final PartnerService partners;
    private final TenantContext caller;

    SharingGroupResource(PartnerService partners, TenantContext caller) {
        this.partners = partners;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({"analyst", "lead", "cirt-admin"})
    public List<GroupView> list() {
        return partners.groups(caller.tenantId());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"analyst", "lead", "cirt-admin"})
    public GroupView get(@PathParam("id") UUID id) {
        return partners.group(caller.tenantId(), id);
    }

    @POST
    @RolesAllowed("cirt-admin")
    @Operation(summary = "Create a sharing group", description = "A name and the ids of the CIRT's partners in it.")
    public Response create(CreateGroup group, UriInfo uri) {
        var created = partners.createGroup(caller.tenantId(), caller.actor(), group);
        return Created.below(uri, created.id()).entity(created).build();
    }

    @PUT
    @Path("/{id}/members")
    @RolesAllowed("cirt-admin")
    @Operation(
            summary = "Replace a group's members",
            description = "The group's active grants share with the new members from now on.")
    public GroupView setMembers(@PathParam("id") UUID id, Members members) {
        return partners.setMembers(caller.tenantId(), id, members);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed("cirt-admin")
    @Operation(summary = "Remove a sharing group", description = "Refused (409) while a grant shares with it.")
    public Response remove(@PathParam("id") UUID id) {
        partners.removeGroup(caller.tenantId(), id);
        return Response.noContent().build();
    }
}
