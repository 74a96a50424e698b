package org.opencirt.console.incident;

import java.time.Instant;
import java.util.List;
import org.opencirt.incident.service.IncidentViews.AttachmentView;
import org.opencirt.incident.service.IncidentViews.CommentView;
import org.opencirt.incident.service.IncidentViews.IncidentView;
import org.opencirt.incident.service.IncidentViews.MatchView;
import org.opencirt.incident.service.IncidentViews.TaskView;
import org.opencirt.incident.service.IncidentViews.TimelineView;

/** What the incident workspace shows. Records only; built by {@link IncidentPage}. */
public final class WorkspaceViews {

    private WorkspaceViews() {}

    /** An observable with the indicators it matched (which feed, which indicator, how sure). */
    public record ObservableRow(String type, String value, List<MatchView> matches) {}

    /** One effect of a playbook action, as text: {@code severity: medium -> high}, {@code task: Contact the host}. */
    public record EffectRow(String kind, String text) {}

    /** One playbook evaluated in a run: whether it matched, and what its actions changed. */
    public record EvaluationRow(String playbook, int version, Boolean matched, String error, List<EffectRow> effects) {}

    /** One pass of the playbook engine over the incident. */
    public record RunRow(String trigger, long incidentVersion, Instant startedAt, List<EvaluationRow> evaluations) {}

    /** Everything about one incident. */
    public record Workspace(
            IncidentView incident,
            List<String> transitions,
            List<ObservableRow> observables,
            List<MatchView> unattachedMatches,
            List<RunRow> runs,
            List<TaskView> tasks,
            List<CommentView> comments,
            List<AttachmentView> attachments,
            List<TimelineView> timeline,
            List<String> severityOptions,
            List<String> priorityOptions,
            List<String> tlpOptions,
            List<String> taskStates,
            String notice) {}
}
