package org.opencirt.incident.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencirt.common.idempotency.Idempotent;
import org.opencirt.incident.service.EmailIntakeService;
import org.opencirt.tenant.TenantContext;

/** Raw e-mail intake: what a mail gateway forwards, or an analyst uploading a .eml file. */
@Path("/api/v1/intake/email")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"analyst", "lead", "reporter"})
@Tag(name = "Incidents")
@SecurityRequirement(name = "bearer")
public class EmailIntakeResource {

    private final EmailIntakeService intake;
    private final TenantContext caller;

    EmailIntakeResource(EmailIntakeService intake, TenantContext caller) {
        this.intake = intake;
        this.caller = caller;
    }

    @POST
    @Idempotent
    @Consumes("message/rfc822")
    @Operation(summary = "Take a raw e-mail", description = "201 with a new incident, or 200 when the subject names an existing incident's reference (the mail is added to it).")
    public Response email(byte[] raw, UriInfo uri) {
        var result = intake.intake(caller.tenantId(), raw == null ? new byte[0] : raw, caller.actor());
        if (result.reply()) {
            return Response.ok(result).build();
        }
        var location = uri.getBaseUriBuilder().path("api/v1/incidents").path(result.incident().id().toString()).build();
        return Response.created(location).entity(result).build();
    }
}
