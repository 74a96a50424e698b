package org.opencirt.console.incident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.opencirt.common.Tlp;
import org.opencirt.common.WireEnum;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.problem.ApiException;
import org.opencirt.console.exchange.ExchangeViews.ShareSection;
import org.opencirt.console.exchange.ShareSections;
import org.opencirt.console.incident.WorkspaceViews.EffectRow;
import org.opencirt.console.incident.WorkspaceViews.EvaluationRow;
import org.opencirt.console.incident.WorkspaceViews.ObservableRow;
import org.opencirt.console.incident.WorkspaceViews.RunRow;
import org.opencirt.console.incident.WorkspaceViews.Workspace;
import org.opencirt.console.web.Chrome;
import org.opencirt.console.web.ConsoleSession;
import org.opencirt.incident.model.CommentVisibility;
import org.opencirt.incident.model.IncidentState;
import org.opencirt.incident.model.Priority;
import org.opencirt.incident.model.Severity;
import org.opencirt.incident.model.TaskState;
import org.opencirt.incident.service.IncidentActivityService;
import org.opencirt.incident.service.IncidentCommands.AddComment;
import org.opencirt.incident.service.IncidentCommands.AddTask;
import org.opencirt.incident.service.IncidentCommands.Transition;
import org.opencirt.incident.service.IncidentCommands.UpdateIncident;
import org.opencirt.incident.service.IncidentCommands.UpdateTask;
import org.opencirt.incident.service.IncidentService;
import org.opencirt.incident.service.IncidentViews.MatchView;
import org.opencirt.playbook.service.PlaybookService;
import org.opencirt.playbook.service.PlaybookViews.RunView;

/**
 * The incident workspace: details, observables with the indicators they matched, playbook runs and what they
 * changed, tasks, comments, attachments, timeline; state changes offer only the allowed transitions. Every
 * change is a form (CSRF token) that answers 303 back to the workspace. Another CIRT's incident is a 404 page.
 */
@Audited
@Path("/console/incidents/{id}")
@RolesAllowed({"analyst", "lead"})
@Produces(MediaType.TEXT_HTML)
public class IncidentPage {

    /** Notices a form may ask the workspace to show after it (query {@code done}); anything else shows none. */
    static final Set<String> NOTICES =
            Set.of("transition", "fields", "comment", "task", "attachment", "grant", "revoke");

    private static final ObjectMapper RUN_LOG =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance incident(Chrome chrome, Workspace ws, ShareSection share);
    }

    private final ConsoleSession session;
    private final IncidentService incidents;
    private final IncidentActivityService activity;
    private final PlaybookService playbooks;
    private final ShareSections sharing;

    IncidentPage(
            ConsoleSession session,
            IncidentService incidents,
            IncidentActivityService activity,
            PlaybookService playbooks,
            ShareSections sharing) {
        this.session = session;
        this.incidents = incidents;
        this.activity = activity;
        this.playbooks = playbooks;
        this.sharing = sharing;
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance workspace(@PathParam("id") UUID id, @RestQuery String done) {
        var tenant = session.tenantId();
        var incident = incidents.get(tenant, id);
        var matches = incidents.matches(tenant, id);
        var byValue = new LinkedHashMap<String, List<MatchView>>();
        for (var match : matches) {
            byValue.computeIfAbsent(match.observable(), k -> new ArrayList<>()).add(match);
        }
        var observables = incident.observables().stream()
                .map(o -> new ObservableRow(o.type().wireName(), o.value(), byValue.getOrDefault(o.value(), List.of())))
                .toList();
        var shown = incident.observables().stream().map(o -> o.value()).toList();
        var unattached =
                matches.stream().filter(m -> !shown.contains(m.observable())).toList();
        var ws = new Workspace(
                incident,
                incident.allowedTransitions().stream().map(IncidentState::wire).toList(),
                observables,
                unattached,
                playbooks.runs(tenant, id, 20).stream().map(IncidentPage::run).toList(),
                activity.tasks(tenant, id),
                activity.comments(tenant, id),
                activity.attachments(tenant, id),
                activity.timeline(tenant, id),
                WireEnum.wireValues(Severity.class),
                WireEnum.wireValues(Priority.class),
                WireEnum.wireValues(Tlp.class),
                WireEnum.wireValues(TaskState.class),
                done != null && NOTICES.contains(done) ? done : null);
        var share =
                sharing.incident(tenant, id, incident.tlp(), session.hasRole("lead") || session.hasRole("cirt-admin"));
        return session.render(Templates.incident(session.chrome("queue"), ws, share));
    }

    @POST
    @Path("/transition")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response transition(
            @PathParam("id") UUID id, @RestForm String to, @RestForm String reason, @RestForm Long version) {
        var target = wire(IncidentState.class, "to", to);
        incidents.transition(
                session.tenantId(), id, version, new Transition(target, blankToNull(reason)), session.actor());
        return back(id, "transition", "state");
    }

    @POST
    @Path("/fields")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response fields(
            @PathParam("id") UUID id,
            @RestForm String severity,
            @RestForm String priority,
            @RestForm String tlp,
            @RestForm String assignee,
            @RestForm Long version) {
        if (version == null) {
            throw ApiException.invalid("version", "is required");
        }
        var change = new UpdateIncident(
                null,
                null,
                null,
                null,
                wireOrNull(Severity.class, "severity", severity),
                wireOrNull(Priority.class, "priority", priority),
                wireOrNull(Tlp.class, "tlp", tlp),
                null,
                null,
                null,
                null,
                null,
                assignee == null ? null : assignee.strip(),
                null);
        incidents.update(session.tenantId(), id, version, change, session.actor());
        return back(id, "fields", "details");
    }

    @POST
    @Path("/comments")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response comment(@PathParam("id") UUID id, @RestForm String body, @RestForm String visibility) {
        activity.addComment(
                session.tenantId(),
                id,
                new AddComment(body, wireOrNull(CommentVisibility.class, "visibility", visibility)),
                session.actor());
        return back(id, "comment", "comments");
    }

    @POST
    @Path("/tasks")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response addTask(@PathParam("id") UUID id, @RestForm String title, @RestForm String assignee) {
        activity.addTask(session.tenantId(), id, new AddTask(title, blankToNull(assignee)), session.actor());
        return back(id, "task", "tasks");
    }

    @POST
    @Path("/tasks/{taskId}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response updateTask(
            @PathParam("id") UUID id,
            @PathParam("taskId") UUID taskId,
            @RestForm String state,
            @RestForm Long version) {
        activity.updateTask(
                session.tenantId(),
                id,
                taskId,
                version,
                new UpdateTask(null, wire(TaskState.class, "state", state), null),
                session.actor());
        return back(id, "task", "tasks");
    }

    @POST
    @Path("/attachments")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(hidden = true)
    public Response attach(@PathParam("id") UUID id, @RestForm("file") FileUpload file) throws IOException {
        if (file == null || file.fileName() == null || file.fileName().isBlank()) {
            throw ApiException.invalid("file", "choose a file");
        }
        var type = file.contentType() == null ? "application/octet-stream" : file.contentType();
        activity.addAttachment(
                session.tenantId(),
                id,
                file.fileName(),
                type,
                Files.readAllBytes(file.uploadedFile()),
                session.actor());
        return back(id, "attachment", "attachments");
    }

    /** An attachment, always as a download, never rendered by the browser. */
    @GET
    @Path("/attachments/{attachmentId}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(hidden = true)
    public Response download(@PathParam("id") UUID id, @PathParam("attachmentId") UUID attachmentId) {
        var content = activity.attachmentContent(session.tenantId(), id, attachmentId);
        var ascii = content.filename().replaceAll("[^A-Za-z0-9._-]", "_");
        return Response.ok(content.content(), MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"%s\"; filename*=UTF-8''%s"
                                .formatted(
                                        ascii,
                                        java.net.URLEncoder.encode(
                                                        content.filename(), java.nio.charset.StandardCharsets.UTF_8)
                                                .replace("+", "%20")))
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    private static Response back(UUID id, String notice, String anchor) {
        return Response.seeOther(URI.create("/console/incidents/%s?done=%s#%s".formatted(id, notice, anchor)))
                .build();
    }

    static RunRow run(RunView run) {
        var evaluations = new ArrayList<EvaluationRow>();
        try {
            var log = run.evaluations() == null ? null : RUN_LOG.readTree(run.evaluations());
            if (log != null && log.isArray()) {
                for (var evaluation : log) {
                    var effects = new ArrayList<EffectRow>();
                    for (var action : evaluation.path("actions")) {
                        for (var effect : action.path("effects")) {
                            effects.add(effect(effect));
                        }
                        if (action.hasNonNull("error")) {
                            effects.add(new EffectRow(
                                    "error",
                                    action.path("action").asText() + ": "
                                            + action.get("error").asText()));
                        }
                    }
                    evaluations.add(new EvaluationRow(
                            evaluation.path("playbook").asText(),
                            evaluation.path("version").asInt(),
                            evaluation.hasNonNull("matched")
                                    ? evaluation.get("matched").asBoolean()
                                    : null,
                            evaluation.hasNonNull("error")
                                    ? evaluation.get("error").asText()
                                    : null,
                            effects));
                }
            }
        } catch (JsonProcessingException e) {
            evaluations.add(new EvaluationRow("?", 0, null, "unreadable run log", List.of()));
        }
        return new RunRow(
                run.trigger(),
                run.incidentVersion(),
                run.startedAt() == null ? Instant.EPOCH : run.startedAt(),
                evaluations);
    }

    private static EffectRow effect(JsonNode effect) {
        var kind = effect.path("kind").asText();
        if (kind.equals("change")) {
            return new EffectRow(
                    kind,
                    "%s: %s → %s"
                            .formatted(
                                    effect.path("field").asText(),
                                    text(effect.get("before")),
                                    text(effect.get("after"))));
        }
        return new EffectRow(kind, kind + ": " + text(effect.get("detail")));
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return "-";
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    private static <E extends Enum<E> & WireEnum> E wire(Class<E> type, String field, String value) {
        try {
            return WireEnum.fromWire(type, value);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid(field, e.getMessage());
        }
    }

    private static <E extends Enum<E> & WireEnum> E wireOrNull(Class<E> type, String field, String value) {
        return value == null || value.isBlank() ? null : wire(type, field, value);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
