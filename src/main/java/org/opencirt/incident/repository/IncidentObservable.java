package org.opencirt.incident.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.opencirt.observable.ObservableType;

/** A normalised observable of an incident; unique per incident, type and value. */
@Entity
@Table(name = "observable")
public class IncidentObservable {

    /** Where an observable came from. */
    public enum Origin { EXTRACTED, MANUAL, FEED }

    @Id
    public UUID id;

    @Column(name = "incident_id", nullable = false, updatable = false)
    public UUID incidentId;

    @Column(nullable = false, updatable = false)
    public String tenant;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public ObservableType type;

    @Column(nullable = false, updatable = false)
    public String value;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Origin origin;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
}
