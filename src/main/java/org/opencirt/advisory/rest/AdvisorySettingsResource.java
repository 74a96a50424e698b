package org.opencirt.advisory.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencirt.advisory.service.AdvisorySettingsService;
import org.opencirt.advisory.service.AdvisorySettingsService.SettingsChange;
import org.opencirt.advisory.service.AdvisorySettingsService.SettingsView;
import org.opencirt.common.audit.Audited;
import org.opencirt.tenant.TenantContext;

/** The caller's CIRT's advisory settings: everyone in the CIRT reads them, the CIRT admin changes them. */
@Path("/api/v1/advisory-settings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Advisories")
@SecurityRequirement(name = "bearer")
@Audited
public class AdvisorySettingsResource {

    private final AdvisorySettingsService settings;
    private final TenantContext caller;

    AdvisorySettingsResource(AdvisorySettingsService settings, TenantContext caller) {
        this.settings = settings;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({"analyst", "lead", "cirt-admin"})
    @Operation(summary = "The CIRT's advisory settings")
    public SettingsView get() {
        return settings.get(caller.tenantId());
    }

    @PUT
    @RolesAllowed("cirt-admin")
    @Operation(
            summary = "Change the CIRT's advisory settings",
            description =
                    "singlePersonPublishing: whether an author of a version may publish it without a second lead (small CIRTs). "
                            + "Off by default; each version records whether four eyes were waived.")
    public SettingsView update(SettingsChange change) {
        return settings.update(caller.tenantId(), caller.actor(), change);
    }
}
