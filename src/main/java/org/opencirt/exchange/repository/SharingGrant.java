package org.opencirt.exchange.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.opencirt.exchange.model.Audience;
import org.opencirt.exchange.model.SharedObjectType;

/** One of a CIRT's objects shared with an audience, until it is revoked. */
@Entity
@Table(name = "sharing_grant")
public class SharingGrant {

    @Id
    public UUID id;

    @Column(nullable = false, updatable = false)
    public String tenant;

    @Enumerated(EnumType.STRING)
    @Column(name = "object_type", nullable = false, updatable = false)
    public SharedObjectType objectType;

    @Column(name = "object_id", nullable = false, updatable = false)
    public UUID objectId;

    /** For a feed: its id within the CIRT ({@code objectId} is a name-based UUID of it). */
    @Column(updatable = false)
    public String feed;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Audience audience;

    @Column(name = "group_id", updatable = false)
    public UUID groupId;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, updatable = false)
    public List<UUID> partners = List.of();

    /** For an incident: which parts the recipients see. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, updatable = false)
    public List<String> parts = List.of();

    @Column(name = "granted_by", nullable = false, updatable = false)
    public String grantedBy;

    @Column(name = "granted_at", nullable = false, updatable = false)
    public Instant grantedAt;

    @Column(name = "revoked_by")
    public String revokedBy;

    @Column(name = "revoked_at")
    public Instant revokedAt;
}
