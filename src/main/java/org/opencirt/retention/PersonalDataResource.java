package org.opencirt.retention;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.audit.NoChangeDigest;
import org.opencirt.tenant.TenantContext;

/**
 * A reporter's personal data on request: its export and its erasure, a lead's actions. Both are audited
 * without a digest of the body, since a digest of an address could be guessed back (docs/retention.md).
 */
@Path("/api/v1/personal-data")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("lead")
@Tag(name = "Retention")
@SecurityRequirement(name = "bearer")
@Audited
public class PersonalDataResource {

    private final PersonalData personalData;
    private final TenantContext caller;

    PersonalDataResource(PersonalData personalData, TenantContext caller) {
        this.personalData = personalData;
        this.caller = caller;
    }

    @POST
    @Path("/export")
    @NoChangeDigest
    @Operation(
            summary = "Everything the CIRT holds about one reporter",
            description =
                    "The incidents they reported or that name their address, the comments naming it, and the"
                            + " attachments of their incidents (described; each downloads on its own). At most 1,000 incidents.")
    public PersonalData.Export export(PersonalData.Subject subject) {
        return personalData.export(caller.tenantId(), subject);
    }

    @POST
    @Path("/erasure")
    @NoChangeDigest
    @Operation(
            summary = "Pseudonymise one reporter now",
            description = "Replaces their name and address by their pseudonym in every incident of the CIRT that"
                    + " holds it, removes their raw e-mails and observables of their address; answers what changed.")
    public PersonalData.Erasure erase(PersonalData.Subject subject) {
        return personalData.erase(caller.tenantId(), subject, caller.actor());
    }
}
