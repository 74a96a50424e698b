package org.opencirt.exchange.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** One STIX import into a CIRT (a TAXII inbox request or an analyst's upload) and its status. */
@Entity
@Table(name = "stix_import")
public class StixImport {

    @Id
    public UUID id;

    /** The receiving CIRT. */
    @Column(nullable = false, updatable = false)
    public String tenant;

    /** {@code taxii-inbox} or {@code upload}. */
    @Column(nullable = false, updatable = false)
    public String channel;

    /** The partner that sent it (the receiving CIRT's partner record), or null for an upload naming none. */
    @Column(name = "partner_id", updatable = false)
    public UUID partnerId;

    @Column(name = "partner_name", updatable = false)
    public String partnerName;

    /** The CIRT on this platform that pushed it, or null (a remote partner, an upload). */
    @Column(name = "sender_cirt", updatable = false)
    public String senderCirt;

    /** The user or machine client that sent it. */
    @Column(name = "sent_by", nullable = false, updatable = false)
    public String sentBy;

    /** {@code pending} or {@code complete}. */
    @Column(nullable = false)
    public String status;

    @Column(name = "request_timestamp", nullable = false, updatable = false)
    public Instant requestTimestamp;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "total_count", nullable = false)
    public int totalCount;

    @Column(name = "success_count", nullable = false)
    public int successCount;

    @Column(name = "failure_count", nullable = false)
    public int failureCount;

    @Column(name = "pending_count", nullable = false)
    public int pendingCount;

    @Column(name = "indicator_count", nullable = false)
    public int indicatorCount;

    @Column(name = "not_matchable_count", nullable = false)
    public int notMatchableCount;

    @Column(name = "skipped_count", nullable = false)
    public int skippedCount;

    /** The outcome of each object, in bundle order, as a JSON array. */
    @ColumnTransformer(write = "?::jsonb")
    @Column(nullable = false)
    public String objects;
}
