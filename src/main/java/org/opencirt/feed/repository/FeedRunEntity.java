package org.opencirt.feed.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** One run of a feed: status, counts, errors. Updated while it runs, so progress is visible. */
@Entity
@Table(name = "feed_run")
public class FeedRunEntity {

    @Id
    public UUID id;

    /** The feed's CIRT, or null for a platform feed. */
    @Column(updatable = false)
    public String tenant;

    @Column(name = "feed_id", nullable = false, updatable = false)
    public String feedId;

    /** {@code schedule}, {@code manual} or {@code start-up}. */
    @Column(nullable = false, updatable = false)
    public String trigger;

    /** {@code running}, {@code succeeded}, {@code partial}, {@code not-modified}, {@code failed}, {@code skipped} (over a quota), {@code abandoned} (its replica stopped). */
    @Column(nullable = false)
    public String status;

    /** The firing a scheduled run is for (its cron time); null for the other triggers. */
    @Column(name = "scheduled_for", updatable = false)
    public Instant scheduledFor;

    @Column(name = "started_at", nullable = false, updatable = false)
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /** The replica that recorded the run: its host name and process id. */
    @Column(updatable = false)
    public String holder;

    /** The lease: renewed by the replica running it, with the database's clock (never through this entity). */
    @Column(name = "heartbeat_at", nullable = false, updatable = false)
    public Instant heartbeatAt;

    @Column(name = "fetched_bytes", nullable = false)
    public long fetchedBytes;

    @Column(nullable = false)
    public long parsed;

    @Column(nullable = false)
    public long invalid;

    @Column(nullable = false)
    public long warninglisted;

    @Column(nullable = false)
    public long created;

    @Column(nullable = false)
    public long updated;

    @Column(nullable = false)
    public long failed;

    @Column(nullable = false)
    public long matches;

    @Column(nullable = false)
    public long incidents;

    /** A short, stable code of a failed run's error (fetch-http-status, secret-missing, ...). */
    @Column(name = "error_code")
    public String errorCode;

    /** A sanitised message: never headers, secret values, file content or raw exception messages. */
    public String error;

    @Column(name = "invalid_samples", nullable = false)
    @ColumnTransformer(write = "?::jsonb")
    public String invalidSamples = "[]";

    /** What the run left out on purpose, counted by reason: a JSON object {@code {"comment": 12}}. */
    @Column(nullable = false)
    @ColumnTransformer(write = "?::jsonb")
    public String skipped = "{}";
}
