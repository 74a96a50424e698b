package org.opencirt.advisory.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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
import org.opencirt.advisory.service.SigningKeyService;
import org.opencirt.advisory.service.SigningKeyService.KeyView;
import org.opencirt.common.audit.Audited;
import org.opencirt.tenant.TenantContext;

/** The OpenPGP keys that sign the caller's CIRT's advisories. Private parts never leave the service. */
@Path("/api/v1/signing-keys")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Advisories")
@SecurityRequirement(name = "bearer")
@Audited
public class SigningKeyResource {

    private final SigningKeyService keys;
    private final TenantContext caller;

    SigningKeyResource(SigningKeyService keys, TenantContext caller) {
        this.keys = keys;
        this.caller = caller;
    }

    public record ImportKey(String secretKey, String passphrase) {}

    @GET
    @RolesAllowed({"analyst", "lead", "cirt-admin"})
    @Operation(summary = "The CIRT's keys, active and retired (a key is generated on first use)")
    public List<KeyView> list() {
        keys.active(caller.tenantId());
        return keys.list(caller.tenantId());
    }

    @GET
    @Path("/{fingerprint}")
    @RolesAllowed({"analyst", "lead", "cirt-admin"})
    @Operation(summary = "One key of the CIRT by its fingerprint")
    public KeyView key(@PathParam("fingerprint") String fingerprint) {
        return keys.key(caller.tenantId(), fingerprint);
    }

    @POST
    @Path("/rotation")
    @RolesAllowed("cirt-admin")
    @Operation(
            summary = "Generate a new active key",
            description = "The old key is retired and stays published; what it signed keeps verifying.")
    public Response rotate(UriInfo uri) {
        return created(keys.rotate(caller.tenantId()), uri);
    }

    @POST
    @Path("/import")
    @RolesAllowed("cirt-admin")
    @Operation(
            summary = "Import an OpenPGP v4 secret key as the active key",
            description =
                    "Armored; the passphrase, if any, is removed: the key is stored encrypted under the platform's KEK.")
    public Response importKey(ImportKey request, UriInfo uri) {
        return created(
                keys.importKey(
                        caller.tenantId(),
                        request == null ? null : request.secretKey(),
                        request == null ? null : request.passphrase()),
                uri);
    }

    private static Response created(KeyView key, UriInfo uri) {
        return Response.created(uri.getBaseUriBuilder()
                        .path("api/v1/signing-keys")
                        .path(key.fingerprint())
                        .build())
                .entity(key)
                .build();
    }
}
