package org.opencirt.incident.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An indicator from a feed that matched one of an incident's observables. */
@Entity
@Table(name = "incident_match")
public class IncidentMatch {

    @Id
    public UUID id;

    @Column(name = "incident_id", nullable = false)
    public UUID incidentId;

    @Column(nullable = false)
    public String tenant;

    /** The observable value that matched. */
    @Column(nullable = false)
    public String observable;

    @Column(name = "indicator_id", nullable = false)
    public String indicatorId;

    @Column(name = "indicator_type", nullable = false)
    public String indicatorType;

    @Column(name = "indicator_value", nullable = false)
    public String indicatorValue;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public List<String> feeds;

    public String classification;

    public Integer confidence;

    @Column(nullable = false)
    public String tlp;

    @Column(name = "matched_at", nullable = false)
    public Instant matchedAt;
}
