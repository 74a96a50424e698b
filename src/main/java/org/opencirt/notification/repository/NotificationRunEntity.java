package org.opencirt.notification.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A run of notifications of one CIRT: who started it, whether it was a dry run, and what it did. */
@Entity
@Table(name = "notification_run")
public class NotificationRunEntity {

    @Id
    public UUID id;

    @Column(nullable = false, updatable = false)
    public String tenant;

    /** {@code scheduled} or {@code manual}. */
    @Column(nullable = false, updatable = false)
    public String trigger;

    @Column(nullable = false, updatable = false)
    public String actor;

    @Column(name = "dry_run", nullable = false, updatable = false)
    public boolean dryRun;

    /** {@code running}, {@code succeeded} or {@code failed}. */
    @Column(nullable = false)
    public String status;

    public int contacts;
    public int messages;
    public int events;
    public int withheld;
    public int throttled;
    public int failed;
    public String error;

    @Column(name = "started_at", nullable = false, updatable = false)
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;
}
