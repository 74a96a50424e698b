package org.opencirt.advisory.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencirt.advisory.service.VendorAdvisoryService;
import org.opencirt.advisory.service.VendorAdvisoryService.VendorAdvisorySummary;
import org.opencirt.advisory.service.VendorAdvisoryService.VendorAdvisoryView;
import org.opencirt.common.audit.Audited;
import org.opencirt.tenant.TenantContext;

/** The CSAF documents the caller's CIRT's {@code csaf-provider} feeds keep: read-only. */
@Path("/api/v1/vendor-advisories")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Advisories")
@SecurityRequirement(name = "bearer")
@Audited
public class VendorAdvisoryResource {

    private final VendorAdvisoryService advisories;
    private final TenantContext caller;

    VendorAdvisoryResource(VendorAdvisoryService advisories, TenantContext caller) {
        this.advisories = advisories;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({"analyst", "lead", "cirt-admin"})
    @Operation(
            summary =
                    "The CIRT's vendor advisories, newest first; q finds a CVE id or a part of the tracking id, title or publisher")
    public List<VendorAdvisorySummary> list(
            @QueryParam("q") String q, @QueryParam("limit") @DefaultValue("50") int limit) {
        return advisories.list(caller.tenantId(), q, limit);
    }

    @PUT
    @Path("/{id}/incidents/{incidentId}")
    @RolesAllowed({"analyst", "lead"})
    @Operation(summary = "Link the vendor advisory to an incident of the CIRT (again: nothing changes)")
    public void link(@PathParam("id") UUID id, @PathParam("incidentId") UUID incidentId) {
        advisories.link(caller.tenantId(), id, incidentId, caller.actor());
    }

    @DELETE
    @Path("/{id}/incidents/{incidentId}")
    @RolesAllowed({"analyst", "lead"})
    @Operation(summary = "Remove an analyst's link to an incident (an incident raised for a constituent stays: 409)")
    public void unlink(@PathParam("id") UUID id, @PathParam("incidentId") UUID incidentId) {
        advisories.unlink(caller.tenantId(), id, incidentId);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"analyst", "lead", "cirt-admin"})
    @Operation(summary = "One vendor advisory with its CSAF document as the provider served it")
    public VendorAdvisoryView get(@PathParam("id") UUID id) {
        return advisories.get(caller.tenantId(), id);
    }
}
