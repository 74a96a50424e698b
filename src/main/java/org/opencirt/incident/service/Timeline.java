package org.opencirt.incident.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Objects;
import org.opencirt.incident.repository.Incident;
import org.opencirt.incident.repository.TimelineEntry;
import org.opencirt.incident.repository.TimelineRepository;
import org.opencirt.search.Outbox;
import org.opencirt.search.Projection;

/**
 * Records a change of an incident: a timeline entry (who, when, what, before and after), the
 * incident's new version, and an outbox entry so its search document follows. All in the
 * caller's transaction.
 */
@ApplicationScoped
class Timeline {

    private final TimelineRepository entries;
    private final Outbox outbox;
    private final ObjectMapper json;
    private final Clock clock;

    Timeline(TimelineRepository entries, Outbox outbox, ObjectMapper json, Clock clock) {
        this.entries = entries;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    /** Records a change of one field, if it changed. @return true when it did */
    @Transactional(Transactional.TxType.MANDATORY)
    boolean field(Incident incident, String actor, String field, Object before, Object after) {
        if (Objects.equals(before, after)) {
            return false;
        }
        entry(incident, actor, "updated", field, before, after);
        return true;
    }

    /** Records an event on the incident (created, commented, task added...). */
    @Transactional(Transactional.TxType.MANDATORY)
    void entry(Incident incident, String actor, String action, String field, Object before, Object after) {
        var entry = new TimelineEntry();
        entry.incidentId = incident.id;
        entry.tenant = incident.tenant;
        entry.at = clock.instant();
        entry.actor = actor;
        entry.action = action;
        entry.field = field;
        entry.before = toJson(before);
        entry.after = toJson(after);
        entries.persist(entry);
    }

    /** Marks the incident changed: new version, new update time, search document to rewrite. */
    @Transactional(Transactional.TxType.MANDATORY)
    void touched(Incident incident) {
        incident.updatedAt = clock.instant();
        outbox.enqueue(Projection.INCIDENTS, incident.id, incident.tenant);
    }

    private String toJson(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("timeline value cannot be written as JSON", e);
        }
    }
}
