package org.opencirt.playbook.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.opencirt.incident.service.IncidentViews.IncidentView;
import org.opencirt.playbook.condition.Condition;
import org.opencirt.playbook.definition.Templates;
import org.opencirt.playbook.definition.Trigger;

/** What a condition sees of an incident: the variables of {@link Condition#VARIABLES}, filled in. */
public final class Facts {

    /** The characters of the description a condition sees: what bounds a regular expression's cost. */
    public static final int MAX_DESCRIPTION = 4000;

    private Facts() {}

    /** The condition variables for an incident. */
    public static Map<String, Object> of(
            IncidentView incident, List<String> constituency, Trigger trigger, Instant now) {
        var facts = new HashMap<String, Object>();
        facts.put("trigger", trigger.wire());
        facts.put("reference", text(incident.reference()));
        facts.put("title", text(incident.title()));
        var description = text(incident.description());
        facts.put(
                "description",
                description.length() > MAX_DESCRIPTION ? description.substring(0, MAX_DESCRIPTION) : description);
        facts.put("category", text(incident.category()));
        facts.put("type", text(incident.type()));
        facts.put("severity", incident.severity().wire());
        facts.put("severity_level", (long) incident.severity().ordinal() + 1);
        facts.put("priority", incident.priority().wire());
        facts.put("tlp", incident.tlp().wire());
        facts.put("tlp_level", (long) incident.tlp().ordinal());
        facts.put("state", incident.state().wire());
        facts.put("channel", incident.channel().wire());
        facts.put("tags", List.copyOf(incident.tags()));
        facts.put("sector", text(incident.sector()));
        facts.put("assignee", text(incident.assignee()));
        var reporter = incident.reporter();
        facts.put(
                "reporter",
                Map.of(
                        "name", reporter == null ? "" : text(reporter.name()),
                        "email", reporter == null ? "" : text(reporter.email()),
                        "org", reporter == null ? "" : text(reporter.organisation()),
                        "client", text(incident.reporterClient())));
        var observables = new ArrayList<Map<String, String>>();
        for (var o : incident.observables()) {
            observables.add(Map.of("type", o.type().wireName(), "value", o.value()));
        }
        facts.put("observables", observables);
        var matches = new ArrayList<Map<String, Object>>();
        var feeds = new LinkedHashSet<String>();
        for (var m : incident.matches()) {
            var match = new LinkedHashMap<String, Object>();
            match.put("observable", m.observable());
            match.put("type", m.indicatorType());
            match.put("value", m.indicatorValue());
            match.put("feeds", m.feeds());
            match.put("classification", text(m.classification()));
            match.put("confidence", (long) Objects.requireNonNullElse(m.confidence(), 0));
            match.put("tlp", text(m.tlp()));
            matches.add(match);
            feeds.addAll(m.feeds());
        }
        facts.put("matches", matches);
        facts.put("feeds", List.copyOf(feeds));
        facts.put("constituency", List.copyOf(constituency));
        facts.put("reported_at", Condition.timestamp(incident.reportedAt() == null ? now : incident.reportedAt()));
        facts.put("now", Condition.timestamp(now));
        return facts;
    }

    /** The values a template may put in (see {@link Templates#NAMES}). */
    public static Map<String, String> templateValues(IncidentView incident, String playbook) {
        var values = new HashMap<String, String>();
        values.put("reference", text(incident.reference()));
        values.put("title", text(incident.title()));
        values.put("severity", incident.severity().wire());
        values.put("priority", incident.priority().wire());
        values.put("category", text(incident.category()));
        values.put("type", text(incident.type()));
        values.put("tlp", incident.tlp().wire());
        values.put("state", incident.state().wire());
        values.put("channel", incident.channel().wire());
        values.put("assignee", text(incident.assignee()));
        values.put(
                "reporter_org",
                incident.reporter() == null ? "" : text(incident.reporter().organisation()));
        values.put("playbook", playbook);
        return values;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
