package org.opencirt.tenant.constituency;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Something a national CIRT serves: an autonomous system, a network or a domain. */
@Entity
@Table(name = "constituency_entry")
public class ConstituencyEntry {

    @Id
    public UUID id;

    @Column(nullable = false, updatable = false)
    public String tenant;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public ConstituencyKind kind;

    /** Normalised: {@code AS64500}, {@code 192.0.2.0/24}, {@code example.gov.xx}. */
    @Column(nullable = false, updatable = false)
    public String value;

    public String label;

    /** The constituent it belongs to, or null: the CIRT's own, notified to no one. */
    @Column(name = "constituent_id")
    public UUID constituentId;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
}
