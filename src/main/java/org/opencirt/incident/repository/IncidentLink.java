package org.opencirt.incident.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.util.UUID;
import org.opencirt.incident.model.LinkKind;

@Entity
@Table(name = "incident_link")
public class IncidentLink extends IncidentChild {

    @Column(name = "target_id", nullable = false, updatable = false)
    public UUID targetId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public LinkKind kind;

    @Column(name = "created_by", nullable = false, updatable = false)
    public String createdBy;
}
