package org.opencirt.playbook.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
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
import org.opencirt.common.audit.ChangesNothing;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.web.Created;
import org.opencirt.playbook.service.PlaybookService;
import org.opencirt.playbook.service.PlaybookViews.Backtest;
import org.opencirt.playbook.service.PlaybookViews.BacktestResult;
import org.opencirt.playbook.service.PlaybookViews.DryRun;
import org.opencirt.playbook.service.PlaybookViews.DryRunResult;
import org.opencirt.playbook.service.PlaybookViews.PlaybookDetail;
import org.opencirt.playbook.service.PlaybookViews.PlaybookView;
import org.opencirt.playbook.service.PlaybookViews.Switch;
import org.opencirt.tenant.TenantContext;

/** Triage playbooks of the caller's CIRT; dry-runs and backtests. */
@Path("/api/v1/playbooks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Playbooks")
@SecurityRequirement(name = "bearer")
@Audited
public class PlaybookResource {

    private static final String YAML = "application/yaml";

    private final PlaybookService playbooks;
    private final TenantContext caller;

    PlaybookResource(PlaybookService playbooks, TenantContext caller) {
        this.playbooks = playbooks;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({"analyst", "lead", "cirt-admin"})
    @Operation(summary = "The CIRT's playbooks, shipped and its own, in the order they run")
    public List<PlaybookView> list() {
        return playbooks.list(caller.tenantId());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"analyst", "lead", "cirt-admin"})
    public PlaybookDetail get(@PathParam("id") String id) {
        return playbooks.get(caller.tenantId(), id);
    }

    @POST
    @RolesAllowed("cirt-admin")
    @Consumes({YAML, "text/yaml", MediaType.APPLICATION_JSON})
    @Operation(
            summary = "Add a playbook of the CIRT",
            description = "The body is a playbook in YAML, as in playbooks/*.yaml.")
    public Response create(String yaml, UriInfo uri) {
        var created = playbooks.create(caller.tenantId(), yaml, caller.actor());
        return Created.below(uri, created.id()).entity(created).build();
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed("cirt-admin")
    @Consumes({YAML, "text/yaml", MediaType.APPLICATION_JSON})
    @Operation(summary = "Replace a playbook of the CIRT (its version must grow)")
    public PlaybookView replace(@PathParam("id") String id, String yaml) {
        return playbooks.replace(caller.tenantId(), id, yaml);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed("cirt-admin")
    public Response delete(@PathParam("id") String id) {
        playbooks.delete(caller.tenantId(), id);
        return Response.noContent().build();
    }

    @PATCH
    @Path("/{id}")
    @RolesAllowed({"lead", "cirt-admin"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Switch a playbook on or off for the CIRT", description = "Body: {\"enabled\": false}")
    public PlaybookView setEnabled(@PathParam("id") String id, Switch change) {
        if (change == null || change.enabled() == null) {
            throw ApiException.invalid("/enabled", "must be true or false");
        }
        return playbooks.setEnabled(caller.tenantId(), id, change.enabled(), caller.actor());
    }

    @POST
    @Path("/dry-run")
    @RolesAllowed({"analyst", "lead", "cirt-admin"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "What a playbook would do to one incident (stored or given); changes nothing")
    @ChangesNothing
    public DryRunResult dryRun(DryRun request) {
        return playbooks.dryRun(caller.tenantId(), request);
    }

    @POST
    @Path("/backtest")
    @RolesAllowed({"lead", "cirt-admin"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A candidate playbook over the CIRT's incidents of the last N days; changes nothing")
    @ChangesNothing
    public BacktestResult backtest(Backtest request) {
        return playbooks.backtest(caller.tenantId(), request);
    }
}
