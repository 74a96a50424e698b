package org.opencirt.tenant;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
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
import org.opencirt.common.web.Created;
import org.opencirt.tenant.TenantApi.CreateTenant;
import org.opencirt.tenant.TenantApi.TenantCreated;
import org.opencirt.tenant.TenantApi.TenantView;
import org.opencirt.tenant.TenantApi.UpdateTenant;

@Path("/api/v1/tenants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "National CIRTs")
@SecurityRequirement(name = "bearer")
@Audited
public class TenantResource {

    private final TenantService service;
    private final TenantContext context;
    private final SecurityIdentity identity;

    TenantResource(TenantService service, TenantContext context, SecurityIdentity identity) {
        this.service = service;
        this.context = context;
        this.identity = identity;
    }

    @GET
    @Path("/me")
    @Authenticated
    @Operation(summary = "The caller's national CIRT, as named by the access token")
    public TenantView me() {
        return service.get(context.tenantId());
    }

    @GET
    @RolesAllowed("platform-admin")
    @Operation(summary = "All national CIRTs on the platform")
    public List<TenantView> list() {
        return service.list();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed("platform-admin")
    @Operation(summary = "One national CIRT")
    public TenantView get(@PathParam("id") String id) {
        return service.get(id);
    }

    @POST
    @RolesAllowed("platform-admin")
    @Operation(
            summary = "Onboard a national CIRT: stores it and provisions its Keycloak group and partner client",
            description =
                    "Idempotent: the same body again answers 200 and repairs Keycloak; the same id with other values answers 409.")
    public Response create(CreateTenant request, UriInfo uri) {
        var creation = service.create(request);
        TenantCreated body = creation.body();
        if (!creation.created()) {
            return Response.ok(body).build();
        }
        return Created.below(uri, body.tenant().id()).entity(body).build();
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed({"platform-admin", "cirt-admin"})
    @Operation(summary = "Change a national CIRT's name, contact or constituency description")
    public TenantView update(@PathParam("id") String id, UpdateTenant change) {
        return service.update(id, change, identity, context);
    }
}
