package org.opencirt.search;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A record whose search document is out of date. */
@Entity
@Table(name = "outbox")
public class OutboxEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Enumerated(EnumType.STRING)
    @Column(name = "aggregate_type", nullable = false)
    public Projection projection;

    @Column(name = "aggregate_id", nullable = false)
    public UUID aggregateId;

    @Column(nullable = false)
    public String tenant;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Times Elasticsearch refused this document (not counting outages). */
    @Column(nullable = false)
    public int attempts;

    @Column(name = "last_error")
    public String lastError;
}
