package org.opencirt.incident.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.audit.SensitiveRead;
import org.opencirt.common.idempotency.Idempotent;
import org.opencirt.common.web.Created;
import org.opencirt.common.web.ETags;
import org.opencirt.incident.service.IncidentActivityService;
import org.opencirt.incident.service.IncidentCommands.AddComment;
import org.opencirt.incident.service.IncidentCommands.AddLink;
import org.opencirt.incident.service.IncidentCommands.AddTask;
import org.opencirt.incident.service.IncidentCommands.UpdateTask;
import org.opencirt.incident.service.IncidentViews.AttachmentView;
import org.opencirt.incident.service.IncidentViews.CommentView;
import org.opencirt.incident.service.IncidentViews.LinkView;
import org.opencirt.incident.service.IncidentViews.TaskView;
import org.opencirt.incident.service.IncidentViews.TimelineView;
import org.opencirt.tenant.TenantContext;

/** Tasks, comments, attachments, links and the timeline of an incident of the caller's CIRT. */
@Path("/api/v1/incidents/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({"analyst", "lead"})
@Tag(name = "Incidents")
@SecurityRequirement(name = "bearer")
@Audited
public class IncidentActivityResource {

    private final IncidentActivityService activity;
    private final TenantContext caller;

    IncidentActivityResource(IncidentActivityService activity, TenantContext caller) {
        this.activity = activity;
        this.caller = caller;
    }

    @GET
    @Path("/tasks")
    public List<TaskView> tasks(@PathParam("id") UUID id) {
        return activity.tasks(caller.tenantId(), id);
    }

    @POST
    @Idempotent
    @Path("/tasks")
    public Response addTask(@PathParam("id") UUID id, AddTask command, UriInfo uri) {
        var task = activity.addTask(caller.tenantId(), id, command, caller.actor());
        return Created.below(uri, task.id())
                .tag(ETags.of(task.version()))
                .entity(task)
                .build();
    }

    @GET
    @Path("/tasks/{taskId}")
    public Response task(@PathParam("id") UUID id, @PathParam("taskId") UUID taskId) {
        var task = activity.task(caller.tenantId(), id, taskId);
        return Response.ok(task).tag(ETags.of(task.version())).build();
    }

    @PATCH
    @Path("/tasks/{taskId}")
    @Operation(
            summary = "Change a task",
            description = "If-Match with the task's ETag is optional; a stale one answers 412.")
    public Response updateTask(
            @PathParam("id") UUID id,
            @PathParam("taskId") UUID taskId,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            UpdateTask change) {
        var task = activity.updateTask(caller.tenantId(), id, taskId, ETags.parse(ifMatch), change, caller.actor());
        return Response.ok(task).tag(ETags.of(task.version())).build();
    }

    @GET
    @Path("/comments")
    public List<CommentView> comments(@PathParam("id") UUID id) {
        return activity.comments(caller.tenantId(), id);
    }

    @POST
    @Idempotent
    @Path("/comments")
    @Operation(
            summary = "Comment",
            description = "visibility: internal (default) or shareable (may leave the CIRT with the incident).")
    public Response addComment(@PathParam("id") UUID id, AddComment command, UriInfo uri) {
        var comment = activity.addComment(caller.tenantId(), id, command, caller.actor());
        return Created.below(uri, comment.id()).entity(comment).build();
    }

    @GET
    @Path("/comments/{commentId}")
    public CommentView comment(@PathParam("id") UUID id, @PathParam("commentId") UUID commentId) {
        return activity.comment(caller.tenantId(), id, commentId);
    }

    @GET
    @Path("/attachments")
    public List<AttachmentView> attachments(@PathParam("id") UUID id) {
        return activity.attachments(caller.tenantId(), id);
    }

    @POST
    @Idempotent
    @Path("/attachments")
    @Consumes(MediaType.WILDCARD)
    @Operation(
            summary = "Attach a file",
            description = "The body is the file; its name goes in ?filename=. Stored by generated id with its SHA-256.")
    public Response addAttachment(
            @PathParam("id") UUID id,
            @RestQuery String filename,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            byte[] content,
            UriInfo uri) {
        var attachment = activity.addAttachment(
                caller.tenantId(), id, filename, contentType, content == null ? new byte[0] : content, caller.actor());
        return Created.below(uri, attachment.id()).entity(attachment).build();
    }

    @GET
    @Path("/attachments/{attachmentId}")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "Download an attachment", description = "Always as a download, never rendered inline.")
    @SensitiveRead
    public Response attachment(@PathParam("id") UUID id, @PathParam("attachmentId") UUID attachmentId) {
        var file = activity.attachmentContent(caller.tenantId(), id, attachmentId);
        return Response.ok(file.content(), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header("Content-Disposition", "attachment; filename*=UTF-8''" + encode(file.filename()))
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox")
                .build();
    }

    @GET
    @Path("/links")
    public List<LinkView> links(@PathParam("id") UUID id) {
        return activity.links(caller.tenantId(), id);
    }

    @POST
    @Idempotent
    @Path("/links")
    @Operation(summary = "Link to another incident of the CIRT", description = "kind: duplicate-of or related.")
    public Response addLink(@PathParam("id") UUID id, AddLink command, UriInfo uri) {
        var link = activity.addLink(caller.tenantId(), id, command, caller.actor());
        return Created.below(uri, link.id()).entity(link).build();
    }

    @GET
    @Path("/links/{linkId}")
    public LinkView link(@PathParam("id") UUID id, @PathParam("linkId") UUID linkId) {
        return activity.link(caller.tenantId(), id, linkId);
    }

    @GET
    @Path("/timeline")
    @Operation(summary = "Every change of the incident: who, when, what, before and after (append-only)")
    public List<TimelineView> timeline(@PathParam("id") UUID id) {
        return activity.timeline(caller.tenantId(), id);
    }

    private static String encode(String filename) {
        return URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
