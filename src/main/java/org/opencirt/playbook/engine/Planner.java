package org.opencirt.playbook.engine;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.opencirt.incident.model.CommentVisibility;
import org.opencirt.incident.model.LinkKind;
import org.opencirt.incident.service.IncidentActivityService;
import org.opencirt.incident.service.IncidentCommands.AddComment;
import org.opencirt.incident.service.IncidentCommands.AddLink;
import org.opencirt.incident.service.IncidentCommands.AddTask;
import org.opencirt.incident.service.IncidentCommands.UpdateIncident;
import org.opencirt.incident.service.IncidentService;
import org.opencirt.incident.service.IncidentViews.IncidentView;
import org.opencirt.playbook.definition.Action;
import org.opencirt.playbook.definition.Playbook;
import org.opencirt.playbook.definition.Templates;
import org.opencirt.playbook.notify.Notifier;
import org.opencirt.playbook.notify.WebhookQuota;
import org.opencirt.playbook.repository.PlaybookRepositories;
import org.opencirt.playbook.service.PlaybookCatalog;
import org.opencirt.secret.SecretReferences;
import org.opencirt.tenant.TenantDirectory;

/**
 * Works out what an action does to an incident, without doing it: the field changes (one
 * update), and the steps beside them (tasks, comments, links, notifications). The engine then
 * applies the plan; a dry-run or a backtest only shows it. Every action is idempotent: what is
 * already so (a tag, a task title, the same comment, a link) is not done again.
 */
@ApplicationScoped
public class Planner {

    /** Why a plan is made: to apply it, to show it for one incident, or to count it over many. */
    public enum Mode {
        /** For real: turns of a rotation are taken. */
        EXECUTE,
        /** Looks things up (members, tasks, duplicates) but takes nothing. */
        DRY_RUN,
        /** No lookups per incident: tasks, comments and links are counted as they would be added. */
        BACKTEST
    }

    /** A step beside the field changes, run under the playbook's actor. */
    @FunctionalInterface
    public interface Step {
        void run(String actor);
    }

    /** What an action does: its effects, the field update (null when none) and the other steps. */
    public record Plan(List<Effect> effects, UpdateIncident update, List<Step> steps, boolean stop) {

        static Plan nothing() {
            return new Plan(List.of(), null, List.of(), false);
        }
    }

    private final IncidentService incidents;
    private final IncidentActivityService activity;
    private final TenantDirectory directory;
    private final PlaybookRepositories.Runs runs;
    private final Notifier notifier;
    private final WebhookQuota webhooks;
    private final PlaybookCatalog catalog;

    Planner(
            IncidentService incidents,
            IncidentActivityService activity,
            TenantDirectory directory,
            PlaybookRepositories.Runs runs,
            Notifier notifier,
            WebhookQuota webhooks,
            PlaybookCatalog catalog) {
        this.webhooks = webhooks;
        this.catalog = catalog;
        this.incidents = incidents;
        this.activity = activity;
        this.directory = directory;
        this.runs = runs;
        this.notifier = notifier;
    }

    /** The plan of one action of a playbook for an incident of a CIRT. */
    public Plan plan(String tenant, Playbook playbook, Action action, IncidentView incident, Mode mode, Instant now) {
        return switch (action) {
            case Action.SetClassification c ->
                fields(Map.of(
                        "category", new Change(incident.category(), c.category()),
                        "type",
                                new Change(
                                        incident.type(),
                                        c.type() != null
                                                ? c.type()
                                                : Objects.equals(incident.category(), c.category())
                                                        ? incident.type()
                                                        : null)));
            case Action.SetSeverity s ->
                fields(Map.of(
                        "severity",
                                new Change(
                                        incident.severity(), s.severity() != null ? s.severity() : incident.severity()),
                        "priority",
                                new Change(
                                        incident.priority(),
                                        s.priority() != null ? s.priority() : incident.priority())));
            case Action.RaiseTlp r ->
                fields(Map.of(
                        "tlp",
                        new Change(incident.tlp(), r.to().compareTo(incident.tlp()) > 0 ? r.to() : incident.tlp())));
            case Action.Assign a -> assign(tenant, a, incident, mode);
            case Action.AddTags t -> {
                var tags = new LinkedHashSet<>(incident.tags());
                tags.addAll(t.tags());
                yield fields(Map.of("tags", new Change(incident.tags(), List.copyOf(tags))));
            }
            case Action.SetDueDate d -> {
                var delay = d.forSeverity(incident.severity());
                var from = incident.reportedAt() != null ? incident.reportedAt() : now;
                yield delay == null
                        ? Plan.nothing()
                        : fields(Map.of("dueAt", new Change(incident.dueAt(), from.plus(delay))));
            }
            case Action.AddTasks t -> tasks(tenant, t, incident, mode);
            case Action.AddComment c ->
                comment(
                        tenant,
                        playbook,
                        incident,
                        mode,
                        Templates.render(c.text(), Facts.templateValues(incident, playbook.id()), Templates::plain),
                        c.visibility() == null ? CommentVisibility.INTERNAL : c.visibility(),
                        "comment");
            case Action.LinkDuplicates l -> duplicates(tenant, l, incident, mode, now);
            case Action.Escalate e -> escalate(tenant, playbook, e, incident, mode);
            case Action.Notify n ->
                n.email() != null
                        ? email(tenant, playbook, n.email(), incident, mode)
                        : webhook(tenant, playbook, n.webhook(), incident);
            case Action.Stop s -> new Plan(List.of(Effect.added("stop", s.reason())), null, List.of(), true);
        };
    }

    private record Change(Object before, Object after) {}

    /** Field changes, leaving out those that change nothing. */
    private static Plan fields(Map<String, Change> changes) {
        var effects = new ArrayList<Effect>();
        var values = new LinkedHashMap<String, Object>();
        for (var name : List.of("category", "type", "severity", "priority", "tlp", "assignee", "tags", "dueAt")) {
            var change = changes.get(name);
            if (change != null && !Objects.equals(change.before(), change.after())) {
                effects.add(Effect.change(name, change.before(), change.after()));
                values.put(name, change.after());
            }
        }
        if (values.isEmpty()) {
            return Plan.nothing();
        }
        @SuppressWarnings("unchecked")
        var update = new UpdateIncident(
                null,
                null,
                values.containsKey("category") ? Objects.requireNonNullElse((String) values.get("category"), "") : null,
                values.containsKey("type") ? Objects.requireNonNullElse((String) values.get("type"), "") : null,
                (org.opencirt.incident.model.Severity) values.get("severity"),
                (org.opencirt.incident.model.Priority) values.get("priority"),
                (org.opencirt.common.Tlp) values.get("tlp"),
                null,
                (List<String>) values.get("tags"),
                null,
                null,
                null,
                (String) values.get("assignee"),
                (Instant) values.get("dueAt"));
        return new Plan(effects, update, List.of(), false);
    }

    private Plan assign(String tenant, Action.Assign assign, IncidentView incident, Mode mode) {
        if (incident.assignee() != null && !Boolean.TRUE.equals(assign.replace())) {
            return Plan.nothing();
        }
        String who;
        if (assign.user() != null) {
            who = assign.user();
            if (mode != Mode.BACKTEST && !isMember(tenant, who)) {
                throw new IllegalStateException("'%s' is not an analyst or lead of this CIRT".formatted(who));
            }
        } else if (mode == Mode.BACKTEST) {
            who = "(next %s in turn)".formatted(assign.role());
        } else {
            var members = directory.members(tenant, assign.role());
            if (members.isEmpty()) {
                throw new IllegalStateException("this CIRT has nobody with role '%s'".formatted(assign.role()));
            }
            var turn = mode == Mode.EXECUTE ? takeTurn(tenant, assign.role()) : runs.currentTurn(tenant, assign.role());
            who = members.get((int) (turn % members.size())).username();
        }
        return fields(Map.of("assignee", new Change(incident.assignee(), who)));
    }

    private long takeTurn(String tenant, String role) {
        return QuarkusTransaction.requiringNew().call(() -> runs.nextTurn(tenant, role));
    }

    private boolean isMember(String tenant, String username) {
        return directory.members(tenant, "analyst").stream()
                        .anyMatch(m -> m.username().equals(username))
                || directory.members(tenant, "lead").stream()
                        .anyMatch(m -> m.username().equals(username));
    }

    private Plan tasks(String tenant, Action.AddTasks add, IncidentView incident, Mode mode) {
        var present = mode == Mode.BACKTEST || incident.id() == null
                ? List.<String>of()
                : activity.tasks(tenant, incident.id()).stream()
                        .map(t -> t.title())
                        .toList();
        var effects = new ArrayList<Effect>();
        var steps = new ArrayList<Step>();
        for (var title : add.tasks()) {
            if (!present.contains(title)) {
                effects.add(Effect.added("task", title));
                steps.add(actor -> activity.addTask(tenant, incident.id(), new AddTask(title, null), actor));
            }
        }
        return new Plan(effects, null, steps, false);
    }

    private Plan comment(
            String tenant,
            Playbook playbook,
            IncidentView incident,
            Mode mode,
            String body,
            CommentVisibility visibility,
            String kind) {
        if (mode != Mode.BACKTEST
                && incident.id() != null
                && activity.comments(tenant, incident.id()).stream()
                        .anyMatch(c ->
                                c.author().equals(playbook.actor()) && c.body().equals(body))) {
            return Plan.nothing();
        }
        return new Plan(
                List.of(Effect.added(kind, body)),
                null,
                List.of(actor -> activity.addComment(tenant, incident.id(), new AddComment(body, visibility), actor)),
                false);
    }

    private Plan duplicates(String tenant, Action.LinkDuplicates link, IncidentView incident, Mode mode, Instant now) {
        if (mode == Mode.BACKTEST || incident.id() == null) {
            return new Plan(
                    List.of(Effect.added(
                            "link", "looks for open incidents sharing an observable (not evaluated here)")),
                    null,
                    List.of(),
                    false);
        }
        var days = link.days() == null ? 30 : link.days();
        var sharing = incidents.openSharingObservables(tenant, incident.id(), now.minus(Duration.ofDays(days)));
        if (sharing.isEmpty()) {
            return Plan.nothing();
        }
        var linked = activity.links(tenant, incident.id()).stream()
                .map(l -> l.target())
                .toList();
        var kind = "duplicate".equals(link.mode()) ? LinkKind.DUPLICATE_OF : LinkKind.RELATED;
        var targets = kind == LinkKind.DUPLICATE_OF ? sharing.subList(0, 1) : sharing;
        var effects = new ArrayList<Effect>();
        var steps = new ArrayList<Step>();
        for (var target : targets) {
            if (!linked.contains(target.id())) {
                effects.add(Effect.added("link", kind.wire() + " " + target.reference()));
                steps.add(actor -> activity.addLink(tenant, incident.id(), new AddLink(kind, target.id()), actor));
            }
        }
        return new Plan(effects, null, steps, false);
    }

    private Plan escalate(
            String tenant, Playbook playbook, Action.Escalate escalate, IncidentView incident, Mode mode) {
        var values = Facts.templateValues(incident, playbook.id());
        var message = Templates.render(escalate.message(), values, Templates::plain);
        var leads = mode == Mode.BACKTEST ? List.<String>of() : addresses(tenant, "lead");
        var subject = Templates.oneLine("[%s] escalated: %s".formatted(values.get("reference"), values.get("title")));
        var effects = new ArrayList<Effect>();
        effects.add(Effect.added("email", "to the leads %s: %s".formatted(leads, subject)));
        var comment = comment(
                tenant,
                playbook,
                incident,
                mode,
                "Escalated to the leads: " + message,
                CommentVisibility.INTERNAL,
                "comment");
        effects.addAll(comment.effects());
        var steps = new ArrayList<Step>(comment.steps());
        var sent = threaded(tenant, incident, subject, mode);
        steps.add(actor -> notifier.email(leads, sent, message));
        return new Plan(effects, null, steps, false);
    }

    private Plan email(String tenant, Playbook playbook, Action.Notify.Email email, IncidentView incident, Mode mode) {
        var values = Facts.templateValues(incident, playbook.id());
        var subject = Templates.render(email.subject(), values, Templates::oneLine);
        var body = Templates.render(email.body(), values, Templates::plain);
        var to = email.to() != null
                ? List.of(email.to())
                : mode == Mode.BACKTEST ? List.<String>of() : addresses(tenant, email.toRole());
        var label = email.to() != null ? email.to() : "role %s %s".formatted(email.toRole(), to);
        var sent = threaded(tenant, incident, subject, mode);
        return new Plan(
                List.of(Effect.added("email", "to %s: %s".formatted(label, subject))),
                null,
                List.of(actor -> notifier.email(to, sent, body)),
                false);
    }

    private Plan webhook(String tenant, Playbook playbook, Action.Notify.Webhook webhook, IncidentView incident) {
        // a shipped playbook is the operator's file; any other is the CIRT's own (its id cannot be a shipped one's)
        var origin = catalog.isShipped(playbook.id())
                ? SecretReferences.Origin.platformFile(null)
                : SecretReferences.Origin.cirt(tenant);
        var payload = new LinkedHashMap<String, Object>();
        payload.put("playbook", playbook.id());
        payload.put("playbookVersion", playbook.version());
        var summary = new LinkedHashMap<String, Object>();
        summary.put("id", incident.id() == null ? null : incident.id().toString());
        summary.put("reference", incident.reference());
        summary.put("title", incident.title());
        summary.put("category", incident.category());
        summary.put("type", incident.type());
        summary.put("severity", incident.severity().wire());
        summary.put("priority", incident.priority().wire());
        summary.put("tlp", incident.tlp().wire());
        summary.put("state", incident.state().wire());
        payload.put("incident", summary);
        return new Plan(
                List.of(Effect.added("webhook", "POST " + webhook.url())),
                null,
                List.of(actor -> {
                    webhooks.take(tenant);
                    notifier.webhook(webhook.url(), webhook.secret(), origin, payload);
                }),
                false);
    }

    /**
     * The subject as sent: the incident's reply tag in place of {@code [reference]}, or first, so
     * that an answer threads to the incident. The tag holds the reply token: it goes into the mail
     * only, never into a plan's effects, a dry-run or the run history; read while planning, in the
     * plan's transaction (the steps run outside one).
     */
    private String threaded(String tenant, IncidentView incident, String subject, Mode mode) {
        if (mode != Mode.EXECUTE) {
            return subject; // nothing is sent, and a dry-run's incident may not exist
        }
        var tag = incidents.replySubjectTag(tenant, incident.id());
        var plain = "[" + incident.reference() + "]";
        return subject.contains(plain) ? subject.replace(plain, tag) : tag + " " + subject;
    }

    private List<String> addresses(String tenant, String role) {
        return directory.members(tenant, role).stream()
                .map(TenantDirectory.Member::email)
                .filter(Objects::nonNull)
                .toList();
    }
}
