package org.opencirt.incident.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.Immutable;
import org.opencirt.common.crypto.DataKeys;
import org.opencirt.common.persistence.SealedColumns;
import org.opencirt.common.persistence.SealingListener;

/** One change to an incident: who, when, what, before and after (JSON). Never updated or deleted. */
@Entity
@Immutable
@EntityListeners(SealingListener.class)
@Table(name = "timeline_entry")
public class TimelineEntry implements SealedColumns {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "incident_id", nullable = false)
    public UUID incidentId;

    @Column(nullable = false)
    public String tenant;

    @Column(nullable = false)
    public Instant at;

    @Column(nullable = false)
    public String actor;

    @Column(nullable = false)
    public String action;

    public String field;

    /** The value before the change, as JSON. */
    @Transient
    public String before;

    /** The value after the change, as JSON. */
    @Transient
    public String after;

    // Their columns: a JSON string holding the sealed JSON (ADR 40), but for a change of state,
    // which statistics and retention read in SQL and which tells nothing of the incident's content.
    @Column(name = "before")
    @ColumnTransformer(write = "?::jsonb")
    String sealedBefore;

    @Column(name = "after")
    @ColumnTransformer(write = "?::jsonb")
    String sealedAfter;

    @Override
    public void sealColumns(DataKeys keys) {
        sealedBefore = seal(keys, "timeline_entry.before", before);
        sealedAfter = seal(keys, "timeline_entry.after", after);
    }

    @Override
    public void openColumns(DataKeys keys) {
        before = open(keys, "timeline_entry.before", sealedBefore);
        after = open(keys, "timeline_entry.after", sealedAfter);
    }

    /** The before column as stored (sealed), for an update in SQL. */
    public String storedBefore() {
        return sealedBefore;
    }

    /** The after column as stored (sealed), for an update in SQL. */
    public String storedAfter() {
        return sealedAfter;
    }

    private String seal(DataKeys keys, String column, String json) {
        if (json == null || "state".equals(field)) {
            return json;
        }
        return "\"" + keys.seal(tenant, column, json) + "\"";
    }

    private String open(DataKeys keys, String column, String json) {
        if (json == null || !json.startsWith("\"" + DataKeys.PREFIX) || !json.endsWith("\"")) {
            return json;
        }
        return keys.open(tenant, column, json.substring(1, json.length() - 1));
    }
}
