package org.opencirt.incident.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;
import java.util.UUID;

/**
 * The columns of a row that belongs to one incident (an observable, a task, a comment, a link, an
 * attachment): its id, its incident, its CIRT (on the row itself, so that every query is scoped
 * to the tenant without a join) and when it was made. None of them ever changes.
 */
@MappedSuperclass
public abstract class IncidentChild {

    @Id
    public UUID id;

    @Column(name = "incident_id", nullable = false, updatable = false)
    public UUID incidentId;

    @Column(nullable = false, updatable = false)
    public String tenant;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
}
