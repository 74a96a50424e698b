package org.opencirt.notification.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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
import org.opencirt.common.problem.InvalidParameterException;
import org.opencirt.notification.service.NotificationService;
import org.opencirt.notification.service.NotificationService.MessageView;
import org.opencirt.notification.service.NotificationService.RunView;
import org.opencirt.tenant.TenantContext;

/** The caller's CIRT's notifications to its constituents: runs (and dry runs) and the messages sent. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Constituency")
@SecurityRequirement(name = "bearer")
@Audited
public class NotificationResource {

    private static final int MAX_LIMIT = 200;

    private final NotificationService notifications;
    private final TenantContext caller;

    NotificationResource(NotificationService notifications, TenantContext caller) {
        this.notifications = notifications;
        this.caller = caller;
    }

    @POST
    @Path("/notification-runs")
    @RolesAllowed({"lead", "cirt-admin"})
    @Operation(summary = "Notify the constituents now", description = """
            Each contact due by its cadence gets one message about its constituent's open events it has not \
            heard of, within what the sources let go to the affected party. dryRun=true: the messages it would \
            send, with their text, and nothing sent. 201 with the run; 409 while another run of the CIRT is under way.""")
    public Response run(@QueryParam("dryRun") @DefaultValue("false") boolean dryRun, UriInfo uri) {
        var run = notifications.run(caller.tenantId(), "manual", caller.actor(), dryRun);
        return Response.created(uri.getBaseUriBuilder()
                        .path("/api/v1/notification-runs/{id}")
                        .build(run.id()))
                .entity(run)
                .build();
    }

    @GET
    @Path("/notification-runs")
    @RolesAllowed({"analyst", "lead", "cirt-admin"})
    @Operation(summary = "The CIRT's notification runs, newest first (limit 1 to 200)")
    public List<RunView> runs(@QueryParam("limit") @DefaultValue("50") int limit) {
        return notifications.runs(caller.tenantId(), limited(limit));
    }

    @GET
    @Path("/notification-runs/{id}")
    @RolesAllowed({"analyst", "lead", "cirt-admin"})
    @Operation(summary = "One notification run with its messages")
    public RunView get(@PathParam("id") UUID id) {
        return notifications.get(caller.tenantId(), id);
    }

    @GET
    @Path("/notifications")
    @RolesAllowed({"analyst", "lead", "cirt-admin"})
    @Operation(summary = "The messages sent about a constituent of the CIRT, newest first (limit 1 to 200)")
    public List<MessageView> ofConstituent(
            @QueryParam("constituent") UUID constituent, @QueryParam("limit") @DefaultValue("50") int limit) {
        if (constituent == null) {
            throw new InvalidParameterException("", "a constituent's id");
        }
        return notifications.ofConstituent(caller.tenantId(), constituent, limited(limit));
    }

    private static int limited(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidParameterException(String.valueOf(limit), "a limit from 1 to " + MAX_LIMIT);
        }
        return limit;
    }
}
