package org.opencirt.incident.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A saved view of the incident queue: an analyst's named filter set, within one CIRT. */
@Entity
@Table(name = "console_saved_view")
public class SavedView {

    @Id
    public UUID id;

    @Column(nullable = false, updatable = false)
    public String tenant;

    @Column(nullable = false, updatable = false)
    public String owner;

    @Column(nullable = false)
    public String name;

    /** The queue's query string (without a cursor), as the console built it. */
    @Column(nullable = false)
    public String query;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
}
