package org.opencirt.incident.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import org.opencirt.observable.ObservableType;

/** A normalised observable of an incident; unique per incident, type and value. */
@Entity
@Table(name = "observable")
public class IncidentObservable extends IncidentChild {

    /** Where an observable came from. */
    public enum Origin {
        EXTRACTED,
        MANUAL,
        FEED
    }

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public ObservableType type;

    @Column(nullable = false, updatable = false)
    public String value;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Origin origin;
}
