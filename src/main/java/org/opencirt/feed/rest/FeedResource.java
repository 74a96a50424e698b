package org.opencirt.feed.rest;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.web.Created;
import org.opencirt.feed.service.FeedService;
import org.opencirt.feed.service.FeedService.FeedView;
import org.opencirt.feed.service.FeedService.RunView;
import org.opencirt.tenant.TenantContext;

/** Threat feeds: the platform's and the caller's CIRT's; runs and their history. */
@Path("/api/v1/feeds")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Threat feeds")
@SecurityRequirement(name = "bearer")
@Audited
public class FeedResource {

    private final FeedService feeds;
    private final TenantContext caller;
    private final SecurityIdentity identity;

    FeedResource(FeedService feeds, TenantContext caller, SecurityIdentity identity) {
        this.feeds = feeds;
        this.caller = caller;
        this.identity = identity;
    }

    @GET
    @RolesAllowed({"analyst", "lead", "cirt-admin", "platform-admin"})
    @Operation(summary = "The feeds the caller sees: the platform's global feeds and its CIRT's own")
    public List<FeedView> list() {
        return feeds.list(tenant());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"analyst", "lead", "cirt-admin", "platform-admin"})
    public FeedView get(@PathParam("id") String id) {
        return feeds.get(tenant(), id);
    }

    @POST
    @RolesAllowed("cirt-admin")
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "text/yaml"})
    @Operation(
            summary = "Add a feed of the caller's CIRT",
            description = "The body is a feed definition (JSON or YAML, as in threat-feeds/*.yaml).")
    public Response create(String definition, UriInfo uri) {
        var created = feeds.create(caller.tenantId(), definition, caller.actor());
        return Created.below(uri, created.id()).entity(created).build();
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed("cirt-admin")
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "text/yaml"})
    public FeedView update(@PathParam("id") String id, String definition) {
        return feeds.update(caller.tenantId(), id, definition);
    }

    @POST
    @Path("/{id}/runs")
    @RolesAllowed({"lead", "cirt-admin", "platform-admin"})
    @Operation(
            summary = "Run a feed now",
            description = "Answers 202 with the run; follow its progress at the Location.")
    public Response run(@PathParam("id") String id, UriInfo uri) {
        var run = feeds.runNow(tenant(), id);
        return Response.accepted(run)
                .location(uri.getAbsolutePathBuilder().path(run.id().toString()).build())
                .build();
    }

    @GET
    @Path("/{id}/runs")
    @RolesAllowed({"analyst", "lead", "cirt-admin", "platform-admin"})
    public List<RunView> runs(@PathParam("id") String id, @QueryParam("limit") @DefaultValue("20") int limit) {
        if (limit < 1 || limit > 200) {
            throw ApiException.invalid("limit", "must be between 1 and 200");
        }
        return feeds.runs(tenant(), id, limit);
    }

    @GET
    @Path("/{id}/runs/{runId}")
    @RolesAllowed({"analyst", "lead", "cirt-admin", "platform-admin"})
    @Operation(summary = "One run, with its counts so far while it is running")
    public RunView runStatus(@PathParam("id") String id, @PathParam("runId") UUID runId) {
        return feeds.run(tenant(), id, runId);
    }

    /** The caller's CIRT, or null for the platform admin, who belongs to none and sees every feed. */
    private String tenant() {
        return identity.hasRole("platform-admin") ? null : caller.tenantId();
    }
}
