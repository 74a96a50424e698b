package org.opencirt.incident.service;

import java.util.Comparator;
import java.util.List;
import org.opencirt.incident.repository.Attachment;
import org.opencirt.incident.repository.Incident;
import org.opencirt.incident.repository.IncidentComment;
import org.opencirt.incident.repository.IncidentMatch;
import org.opencirt.incident.repository.IncidentObservable;
import org.opencirt.incident.repository.IncidentTask;
import org.opencirt.incident.repository.TimelineEntry;
import org.opencirt.incident.service.IncidentCommands.Reporter;
import org.opencirt.incident.service.IncidentViews.AttachmentView;
import org.opencirt.incident.service.IncidentViews.CommentView;
import org.opencirt.incident.service.IncidentViews.IncidentView;
import org.opencirt.incident.service.IncidentViews.TaskView;
import org.opencirt.incident.service.IncidentViews.TimelineView;
import org.opencirt.observable.Observable;

/** From entities to the views the API answers with. */
final class IncidentMapper {

    private IncidentMapper() {}

    static IncidentView view(Incident i, List<IncidentObservable> observables, List<IncidentMatch> matches) {
        var reporter = i.reporterName == null && i.reporterEmail == null && i.reporterOrg == null
                ? null
                : new Reporter(i.reporterName, i.reporterEmail, i.reporterOrg);
        var allowed = i.state.next().stream().sorted(Comparator.naturalOrder()).toList();
        return new IncidentView(
                i.id,
                i.reference,
                i.title,
                i.description,
                reporter,
                i.reporterClient,
                i.channel,
                i.category,
                i.type,
                i.severity,
                i.priority,
                i.tlp,
                i.pap,
                List.copyOf(i.tags),
                i.sector,
                i.state,
                allowed,
                i.assignee,
                i.occurredAt,
                i.detectedAt,
                i.reportedAt,
                i.dueAt,
                observables.stream().map(IncidentMapper::observable).toList(),
                matches.stream().map(IncidentMapper::match).toList(),
                i.createdBy,
                i.createdAt,
                i.updatedAt,
                i.version);
    }

    static IncidentViews.MatchView match(IncidentMatch m) {
        return new IncidentViews.MatchView(
                m.observable,
                m.indicatorType,
                m.indicatorValue,
                m.feeds,
                m.classification,
                m.confidence,
                m.tlp,
                m.matchedAt);
    }

    static Observable observable(IncidentObservable o) {
        return new Observable(o.type, o.value);
    }

    static TaskView task(IncidentTask t) {
        return new TaskView(t.id, t.title, t.state, t.assignee, t.createdBy, t.createdAt, t.updatedAt, t.version);
    }

    static CommentView comment(IncidentComment c) {
        return new CommentView(c.id, c.body, c.visibility, c.author, c.createdAt);
    }

    static AttachmentView attachment(Attachment a) {
        return new AttachmentView(a.id, a.filename, a.contentType, a.size, a.sha256, a.createdBy, a.createdAt);
    }

    static TimelineView timeline(TimelineEntry e) {
        return new TimelineView(e.id, e.at, e.actor, e.action, e.field, e.before, e.after);
    }
}
