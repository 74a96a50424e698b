package org.opencirt.incident.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import org.opencirt.incident.model.CommentVisibility;

@Entity
@Table(name = "incident_comment")
public class IncidentComment extends IncidentChild {

    @Column(nullable = false, updatable = false)
    public String body;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public CommentVisibility visibility;

    @Column(nullable = false, updatable = false)
    public String author;
}
