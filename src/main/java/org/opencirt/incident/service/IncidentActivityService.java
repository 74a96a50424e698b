package org.opencirt.incident.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.opencirt.common.crypto.DataKeys;
import org.opencirt.common.crypto.Digests;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.incident.model.CommentVisibility;
import org.opencirt.incident.model.TaskState;
import org.opencirt.incident.repository.Attachment;
import org.opencirt.incident.repository.AttachmentRepository;
import org.opencirt.incident.repository.Incident;
import org.opencirt.incident.repository.IncidentComment;
import org.opencirt.incident.repository.IncidentCommentRepository;
import org.opencirt.incident.repository.IncidentLink;
import org.opencirt.incident.repository.IncidentLinkRepository;
import org.opencirt.incident.repository.IncidentRepository;
import org.opencirt.incident.repository.IncidentTask;
import org.opencirt.incident.repository.IncidentTaskRepository;
import org.opencirt.incident.repository.TimelineRepository;
import org.opencirt.incident.service.IncidentCommands.AddComment;
import org.opencirt.incident.service.IncidentCommands.AddLink;
import org.opencirt.incident.service.IncidentCommands.AddTask;
import org.opencirt.incident.service.IncidentCommands.UpdateTask;
import org.opencirt.incident.service.IncidentViews.AttachmentContent;
import org.opencirt.incident.service.IncidentViews.AttachmentView;
import org.opencirt.incident.service.IncidentViews.CommentView;
import org.opencirt.incident.service.IncidentViews.LinkView;
import org.opencirt.incident.service.IncidentViews.TaskView;
import org.opencirt.incident.service.IncidentViews.TimelineView;

/** The work around an incident: tasks, comments, attachments, links, and reading its timeline. */
@ApplicationScoped
public class IncidentActivityService {

    /** The attachment table's content_type column holds this many characters. */
    static final int MAX_CONTENT_TYPE = 200;

    static final String OCTET_STREAM = "application/octet-stream";
    /** RFC 6838 type and subtype names, then parameters in printable ASCII. */
    private static final Pattern MEDIA_TYPE =
            Pattern.compile("[A-Za-z0-9][\\w!#$&^.+-]*+/[A-Za-z0-9][\\w!#$&^.+-]*+(?:;[\\x20-\\x7e]*+)?");

    private final IncidentService incidents;
    private final IncidentRepository incidentRows;
    private final IncidentTaskRepository tasks;
    private final IncidentCommentRepository comments;
    private final AttachmentRepository attachments;
    private final IncidentLinkRepository links;
    private final TimelineRepository timelineRows;
    private final Timeline timeline;
    private final IncidentConfig config;
    private final Clock clock;
    private final DataKeys keys;

    IncidentActivityService(
            IncidentService incidents,
            IncidentRepository incidentRows,
            IncidentTaskRepository tasks,
            IncidentCommentRepository comments,
            AttachmentRepository attachments,
            IncidentLinkRepository links,
            TimelineRepository timelineRows,
            Timeline timeline,
            IncidentConfig config,
            Clock clock,
            DataKeys keys) {
        this.keys = keys;
        this.incidents = incidents;
        this.incidentRows = incidentRows;
        this.tasks = tasks;
        this.comments = comments;
        this.attachments = attachments;
        this.links = links;
        this.timelineRows = timelineRows;
        this.timeline = timeline;
        this.config = config;
        this.clock = clock;
    }

    public List<TaskView> tasks(String tenant, UUID incidentId) {
        return tasks.listFor(incidents.require(tenant, incidentId).id).stream()
                .map(IncidentMapper::task)
                .toList();
    }

    /** One task of the incident: 404 when either is not the CIRT's. */
    public TaskView task(String tenant, UUID incidentId, UUID taskId) {
        var incident = incidents.require(tenant, incidentId);
        return tasks.findByIdOptional(taskId)
                .filter(t -> t.incidentId.equals(incident.id))
                .map(IncidentMapper::task)
                .orElseThrow(() -> ApiException.notFound("Task " + taskId));
    }

    @Transactional
    public TaskView addTask(String tenant, UUID incidentId, @NotNull @Valid AddTask command, String actor) {
        var incident = incidents.require(tenant, incidentId);
        var now = clock.instant();
        var task = new IncidentTask();
        task.id = UUID.randomUUID();
        task.incidentId = incident.id;
        task.tenant = tenant;
        task.title = command.title().strip();
        task.state = TaskState.OPEN;
        task.assignee = command.assignee();
        task.createdBy = actor;
        task.createdAt = now;
        task.updatedAt = now;
        tasks.persist(task);
        timeline.entry(incident, actor, "task-added", "tasks", null, task.title);
        timeline.touched(incident);
        tasks.flush();
        return IncidentMapper.task(task);
    }

    /** Changes a task; a stale {@code expectedVersion} answers 412. */
    @Transactional
    public TaskView updateTask(
            String tenant,
            UUID incidentId,
            UUID taskId,
            Long expectedVersion,
            @NotNull @Valid UpdateTask change,
            String actor) {
        var incident = incidents.require(tenant, incidentId);
        var task = tasks.findByIdOptional(taskId)
                .filter(t -> t.incidentId.equals(incident.id))
                .orElseThrow(() -> ApiException.notFound("Task " + taskId));
        if (expectedVersion != null && task.version != expectedVersion) {
            throw new ApiException(
                    ProblemType.PRECONDITION_FAILED,
                    "Task is at version %d, not %d".formatted(task.version, expectedVersion));
        }
        var before = IncidentMapper.task(task);
        task.title = Objects.requireNonNullElse(change.title(), task.title);
        task.state = Objects.requireNonNullElse(change.state(), task.state);
        task.assignee =
                change.assignee() == null ? task.assignee : change.assignee().isBlank() ? null : change.assignee();
        task.updatedAt = clock.instant();
        timeline.entry(
                incident,
                actor,
                "task-updated",
                "tasks",
                summary(before.title(), before.state(), before.assignee()),
                summary(task.title, task.state, task.assignee));
        timeline.touched(incident);
        tasks.flush();
        return IncidentMapper.task(task);
    }

    public List<CommentView> comments(String tenant, UUID incidentId) {
        return comments.listFor(incidents.require(tenant, incidentId).id).stream()
                .map(IncidentMapper::comment)
                .toList();
    }

    /** One comment of the incident: 404 when either is not the CIRT's. */
    public CommentView comment(String tenant, UUID incidentId, UUID commentId) {
        var incident = incidents.require(tenant, incidentId);
        return comments.findByIdOptional(commentId)
                .filter(c -> c.incidentId.equals(incident.id))
                .map(IncidentMapper::comment)
                .orElseThrow(() -> ApiException.notFound("Comment " + commentId));
    }

    @Transactional
    public CommentView addComment(String tenant, UUID incidentId, @NotNull @Valid AddComment command, String actor) {
        return comment(
                incidents.require(tenant, incidentId),
                command.body(),
                Objects.requireNonNullElse(command.visibility(), CommentVisibility.INTERNAL),
                actor);
    }

    /** Adds a comment to an incident already loaded in this transaction (e-mail replies). */
    @Transactional(Transactional.TxType.MANDATORY)
    CommentView comment(Incident incident, String body, CommentVisibility visibility, String actor) {
        var comment = new IncidentComment();
        comment.id = UUID.randomUUID();
        comment.incidentId = incident.id;
        comment.tenant = incident.tenant;
        comment.body = body;
        comment.visibility = visibility;
        comment.author = actor;
        comment.createdAt = clock.instant();
        comments.persist(comment);
        timeline.entry(incident, actor, "commented", "comments", null, visibility.wire());
        timeline.touched(incident);
        return IncidentMapper.comment(comment);
    }

    /** Records on an incident's timeline something that happened elsewhere (a referral sent or answered). */
    @Transactional
    public void recordEvent(String tenant, UUID incidentId, String action, String detail, String actor) {
        var incident = incidents.require(tenant, incidentId);
        timeline.entry(incident, actor, action, null, null, detail);
        timeline.touched(incident);
    }

    public List<AttachmentView> attachments(String tenant, UUID incidentId) {
        return attachments.listFor(incidents.require(tenant, incidentId).id).stream()
                .map(IncidentMapper::attachment)
                .toList();
    }

    /**
     * Stores a file under a generated id with its SHA-256.
     *
     * @throws ApiException 413 over the size limit, 422 over the count limit, 400 for a bad name
     */
    @Transactional
    public AttachmentView addAttachment(
            String tenant, UUID incidentId, String filename, String contentType, byte[] content, String actor) {
        return attach(incidents.require(tenant, incidentId), filename, contentType, content, actor);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    AttachmentView attach(Incident incident, String filename, String contentType, byte[] content, String actor) {
        var name = cleanFilename(filename);
        if (content.length > config.maxAttachmentBytes()) {
            throw new ApiException(
                    ProblemType.PAYLOAD_TOO_LARGE,
                    "Attachment '%s' is %d bytes; the limit is %d"
                            .formatted(name, content.length, config.maxAttachmentBytes()));
        }
        if (attachments.count("incidentId", incident.id) >= config.maxAttachments()) {
            throw new ApiException(
                    ProblemType.UNPROCESSABLE,
                    "An incident holds at most %d attachments".formatted(config.maxAttachments()));
        }
        var attachment = new Attachment();
        attachment.id = UUID.randomUUID();
        attachment.incidentId = incident.id;
        attachment.tenant = incident.tenant;
        attachment.filename = name;
        attachment.contentType = cleanContentType(contentType);
        attachment.size = content.length;
        attachment.sha256 = Digests.sha256Hex(content);
        attachment.content = content;
        attachment.createdBy = actor;
        attachment.createdAt = clock.instant();
        attachments.persist(attachment);
        timeline.entry(
                incident, actor, "attachment-added", "attachments", null, name + " (sha256 " + attachment.sha256 + ")");
        timeline.touched(incident);
        return IncidentMapper.attachment(attachment);
    }

    public AttachmentContent attachmentContent(String tenant, UUID incidentId, UUID attachmentId) {
        var incident = incidents.require(tenant, incidentId);
        var attachment = attachments
                .findInIncident(incident.id, attachmentId)
                .orElseThrow(() -> ApiException.notFound("Attachment " + attachmentId));
        return new AttachmentContent(attachment.filename, attachment.contentType, attachment.openContent(keys));
    }

    public List<LinkView> links(String tenant, UUID incidentId) {
        return links.listFor(incidents.require(tenant, incidentId).id).stream()
                .map(this::link)
                .toList();
    }

    /** One link of the incident: 404 when either is not the CIRT's. */
    public LinkView link(String tenant, UUID incidentId, UUID linkId) {
        var incident = incidents.require(tenant, incidentId);
        return links.findByIdOptional(linkId)
                .filter(l -> l.incidentId.equals(incident.id))
                .map(this::link)
                .orElseThrow(() -> ApiException.notFound("Link " + linkId));
    }

    /** Links an incident to another of the same CIRT; linking as duplicate does not change states. */
    @Transactional
    public LinkView addLink(String tenant, UUID incidentId, @NotNull @Valid AddLink command, String actor) {
        var incident = incidents.require(tenant, incidentId);
        if (incident.id.equals(command.target())) {
            throw ApiException.invalid("/target", "an incident cannot be linked to itself");
        }
        var target = incidentRows
                .findInTenant(tenant, command.target())
                .orElseThrow(() -> ApiException.invalid("/target", "no incident " + command.target()));
        var existing = links.find(
                        "incidentId = ?1 and targetId = ?2 and kind = ?3", incident.id, target.id, command.kind())
                .firstResultOptional();
        if (existing.isPresent()) {
            return link(existing.get());
        }
        var link = new IncidentLink();
        link.id = UUID.randomUUID();
        link.incidentId = incident.id;
        link.targetId = target.id;
        link.tenant = tenant;
        link.kind = command.kind();
        link.createdBy = actor;
        link.createdAt = clock.instant();
        links.persist(link);
        timeline.entry(incident, actor, "linked", "links", null, command.kind().wire() + " " + target.reference);
        timeline.touched(incident);
        return link(link);
    }

    public List<TimelineView> timeline(String tenant, UUID incidentId) {
        return timelineRows.listFor(incidents.require(tenant, incidentId).id).stream()
                .map(IncidentMapper::timeline)
                .toList();
    }

    private LinkView link(IncidentLink link) {
        var reference = incidentRows
                .findByIdOptional(link.targetId)
                .map(i -> i.reference)
                .orElse(null);
        return new LinkView(link.id, link.kind, link.targetId, reference, link.createdBy, link.createdAt);
    }

    private static String summary(String title, TaskState state, String assignee) {
        return "%s [%s]%s".formatted(title, state.wire(), assignee == null ? "" : " -> " + assignee);
    }

    /** A file name as a label: no path, no control characters, at most 255 characters. */
    static String cleanFilename(String filename) {
        // control characters first: '.' stops at a line break, so "a\r/b" would keep its path
        var bare = filename == null ? "" : filename.replaceAll("\\p{Cntrl}", "");
        var name = bare.substring(Math.max(bare.lastIndexOf('/'), bare.lastIndexOf('\\')) + 1)
                .strip();
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw ApiException.invalid("filename", "a file name is required");
        }
        if (name.length() <= 255) {
            return name;
        }
        // cut between code points: half of a surrogate pair would be stored as '?'
        return name.substring(0, Character.isHighSurrogate(name.charAt(254)) ? 254 : 255);
    }

    /**
     * The media type stored with a file: the sender's when it is one ({@code type/subtype}, parameters
     * kept) that fits the column, else {@code application/octet-stream}. It is only a label: downloads
     * are always served as octet-stream.
     */
    static String cleanContentType(String contentType) {
        var type = contentType == null ? "" : contentType.strip();
        return type.length() <= MAX_CONTENT_TYPE && MEDIA_TYPE.matcher(type).matches() ? type : OCTET_STREAM;
    }
}
