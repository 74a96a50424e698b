package org.opencirt.incident.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.opencirt.incident.model.CommentVisibility;

@Entity
@Table(name = "incident_comment")
public class IncidentComment {

    @Id
    public UUID id;

    @Column(name = "incident_id", nullable = false, updatable = false)
    public UUID incidentId;

    @Column(nullable = false, updatable = false)
    public String tenant;

    @Column(nullable = false, updatable = false)
    public String body;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public CommentVisibility visibility;

    @Column(nullable = false, updatable = false)
    public String author;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
}
