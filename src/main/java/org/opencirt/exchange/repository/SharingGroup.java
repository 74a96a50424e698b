package org.opencirt.exchange.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A named set of a CIRT's partners, to share with all of them at once. */
@Entity
@Table(name = "sharing_group")
public class SharingGroup {

    @Id
    public UUID id;

    @Column(nullable = false, updatable = false)
    public String tenant;

    @Column(nullable = false)
    public String name;

    /** Ids of the CIRT's partners in the group. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public List<UUID> members = List.of();

    @Column(name = "created_by", nullable = false, updatable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
}
