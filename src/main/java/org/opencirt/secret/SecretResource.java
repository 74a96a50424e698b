package org.opencirt.secret;

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
import org.opencirt.common.audit.NoChangeDigest;
import org.opencirt.secret.SecretService.SecretView;
import org.opencirt.tenant.TenantContext;

/**
 * The caller's CIRT's secrets, write-only: feeds and playbook webhooks of the CIRT name them as
 * {@code secret:NAME}. No call ever answers a value.
 */
@Path("/api/v1/secrets")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("cirt-admin")
@Tag(name = "Secrets")
@SecurityRequirement(name = "bearer")
@Audited
public class SecretResource {

    private final SecretService secrets;
    private final TenantContext caller;

    SecretResource(SecretService secrets, TenantContext caller) {
        this.secrets = secrets;
        this.caller = caller;
    }

    /** The body of a write: the value, which is never answered back. */
    public record SecretValue(String value) {}

    @GET
    @Operation(summary = "The CIRT's secrets: name, created, updated, last used; never a value")
    public List<SecretView> list() {
        return secrets.list(caller.tenantId());
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "One secret of the CIRT: name, created, updated, last used; never its value")
    public SecretView get(@PathParam("name") String name) {
        return secrets.get(caller.tenantId(), name);
    }

    @PUT
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Create or replace a secret of the CIRT",
            description = "201 when created, 200 when replaced; the answer never holds the value.")
    @NoChangeDigest
    public Response put(@PathParam("name") String name, SecretValue body, UriInfo uri) {
        var written = secrets.put(caller.tenantId(), name, body == null ? null : body.value());
        return written.created()
                ? Response.created(uri.getAbsolutePath())
                        .entity(written.secret())
                        .build()
                : Response.ok(written.secret()).build();
    }

    @DELETE
    @Path("/{name}")
    @Operation(
            summary = "Delete a secret of the CIRT",
            description = "Feeds and webhooks that name it fail cleanly from then on.")
    public Response delete(@PathParam("name") String name) {
        secrets.delete(caller.tenantId(), name);
        return Response.noContent().build();
    }
}
