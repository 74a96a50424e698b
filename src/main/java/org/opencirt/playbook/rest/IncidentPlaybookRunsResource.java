package org.opencirt.playbook.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
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
import org.opencirt.common.audit.Audited;
import org.opencirt.common.problem.ApiException;
import org.opencirt.playbook.service.PlaybookService;
import org.opencirt.playbook.service.PlaybookViews.RunView;
import org.opencirt.tenant.TenantContext;

/** What the playbooks did on an incident of the caller's CIRT. */
@Path("/api/v1/incidents/{id}/playbook-runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Playbooks")
@SecurityRequirement(name = "bearer")
@Audited
public class IncidentPlaybookRunsResource {

    private final PlaybookService playbooks;
    private final TenantContext caller;

    IncidentPlaybookRunsResource(PlaybookService playbooks, TenantContext caller) {
        this.playbooks = playbooks;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({"analyst", "lead"})
    @Operation(
            summary =
                    "The playbook passes over an incident, newest first: each playbook evaluated, each action's before and after")
    public List<RunView> runs(@PathParam("id") UUID id, @QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > 200) {
            throw ApiException.invalid("limit", "must be between 1 and 200");
        }
        return playbooks.runs(caller.tenantId(), id, limit);
    }
}
