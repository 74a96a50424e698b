package org.opencirt.exchange.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencirt.common.WireEnum;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.problem.InvalidParameterException;
import org.opencirt.common.web.Created;
import org.opencirt.exchange.model.SharedObjectType;
import org.opencirt.exchange.service.GrantService;
import org.opencirt.exchange.service.GrantService.CreateGrant;
import org.opencirt.exchange.service.GrantService.GrantView;
import org.opencirt.tenant.TenantContext;

/** Grants: the caller's CIRT shares an incident, an advisory or a feed's indicators with the community, a group or named partners. */
@Path("/api/v1/grants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Exchange")
@SecurityRequirement(name = "bearer")
@Audited
public class GrantResource {

    private final GrantService grants;
    private final TenantContext caller;

    GrantResource(GrantService grants, TenantContext caller) {
        this.grants = grants;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({"analyst", "lead", "cirt-admin"})
    @Operation(
            summary = "The grants of one object",
            description =
                    "objectType (incident, advisory or feed) and objectId name it (a feed: feed, its id); revoked grants too.")
    public List<GrantView> list(
            @QueryParam("objectType") String objectType,
            @QueryParam("objectId") String objectId,
            @QueryParam("feed") String feed) {
        var type = type(objectType);
        if (type == SharedObjectType.FEED) {
            return grants.list(caller.tenantId(), type, null, feed);
        }
        return grants.list(caller.tenantId(), type, id(objectId));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"analyst", "lead", "cirt-admin"})
    public GrantView get(@PathParam("id") UUID id) {
        return grants.get(caller.tenantId(), id);
    }

    @POST
    @RolesAllowed({"lead", "cirt-admin"})
    @Operation(summary = "Share an object", description = """
            audience community (every CIRT on the platform), group (with group) or partners (with partners). The object's TLP \
            caps it: CLEAR and GREEN go to any audience, AMBER to a group or named partners, AMBER+STRICT and RED to none \
            (400 naming the rule). For an incident, parts says what recipients see (default summary, classification, \
            observables; never comments or attachments unless named). A feed (objectType feed) is named by feed, its id: \
            its indicators, those it adds later included, reach the grant's partners or group (its label caps it, as \
            each indicator's own label does).""")
    public Response grant(CreateGrant grant, UriInfo uri) {
        var created = grants.grant(caller.tenantId(), caller.actor(), grant);
        return Created.below(uri, created.id()).entity(created).build();
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({"lead", "cirt-admin"})
    @Operation(summary = "Revoke a grant", description = "The grant stays listed, with who revoked it and when.")
    public Response revoke(@PathParam("id") UUID id) {
        grants.revoke(caller.tenantId(), caller.actor(), id);
        return Response.noContent().build();
    }

    private static SharedObjectType type(String text) {
        try {
            return WireEnum.fromWire(SharedObjectType.class, text == null ? "" : text);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(
                    String.valueOf(text), "one of " + WireEnum.wireValues(SharedObjectType.class));
        }
    }

    private static UUID id(String text) {
        try {
            return UUID.fromString(text == null ? "" : text.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(String.valueOf(text), "an id");
        }
    }
}
