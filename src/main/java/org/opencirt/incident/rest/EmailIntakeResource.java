package org.opencirt.incident.rest;

import io.quarkus.security.identity.SecurityIdentity;
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
import org.opencirt.common.audit.Audited;
import org.opencirt.common.idempotency.Idempotent;
import org.opencirt.incident.service.EmailIntakeService;
import org.opencirt.tenant.TenantContext;

/** Raw e-mail intake: what a mail gateway forwards, or an analyst uploading a .eml file. */
@Path("/api/v1/intake/email")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"analyst", "lead", "reporter"})
@Tag(name = "Incidents")
@SecurityRequirement(name = "bearer")
@Audited
public class EmailIntakeResource {

    /** What the mail gateway (role {@code reporter}) gets back: the reference, nothing of the incident. */
    public record EmailReceipt(String reference) {}

    /** What a message that opened no incident was: {@code bounce} or {@code auto-reply}. */
    public record EmailOutcome(String outcome) {}

    private final EmailIntakeService intake;
    private final TenantContext caller;
    private final SecurityIdentity identity;

    EmailIntakeResource(EmailIntakeService intake, TenantContext caller, SecurityIdentity identity) {
        this.intake = intake;
        this.caller = caller;
        this.identity = identity;
    }

    @POST
    @Idempotent
    @Consumes("message/rfc822")
    @Operation(summary = "Take a raw e-mail", description = """
            201 with a new incident (an ARF or X-ARF report: of its classification, the original message attached), or 200 \
            when the subject carries an incident's reply token and the sender is its reporter or a member of the CIRT, or a \
            notification's reference (the mail is added to its incidents). 202 with the outcome for a bounce (the contacts \
            of the failed addresses are marked) or an automatic reply (nothing done). The mail gateway (role reporter) gets \
            only the reference.""")
    public Response email(byte[] raw, UriInfo uri) {
        var result = intake.intake(caller.tenantId(), raw == null ? new byte[0] : raw, caller.actor());
        if (result.incident() == null) {
            // a bounce or an automatic reply: taken, and no incident
            return Response.accepted(new EmailOutcome(result.outcome())).build();
        }
        if (!identity.hasRole("analyst") && !identity.hasRole("lead")) {
            // the gateway creates and appends, and reads nothing back: not even the incident's id (the Location of a
            // new
            // incident names it by the reference the gateway is told anyway)
            var receipt = new EmailReceipt(result.incident().reference());
            return result.reply()
                    ? Response.ok(receipt).build()
                    : Response.created(uri.getBaseUriBuilder()
                                    .path("api/v1/incidents/by-reference")
                                    .path(receipt.reference())
                                    .build())
                            .entity(receipt)
                            .build();
        }
        if (result.reply()) {
            return Response.ok(result).build();
        }
        var location = uri.getBaseUriBuilder()
                .path("api/v1/incidents")
                .path(result.incident().id().toString())
                .build();
        return Response.created(location).entity(result).build();
    }
}
