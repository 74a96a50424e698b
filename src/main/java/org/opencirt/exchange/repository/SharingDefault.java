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
import org.opencirt.common.Tlp;
import org.opencirt.exchange.model.Audience;

/** A CIRT's default grant for the new incidents of one TLP label. */
@Entity
@Table(name = "sharing_default")
public class SharingDefault {

    @Id
    public UUID id;

    @Column(nullable = false, updatable = false)
    public String tenant;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Tlp tlp;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Audience audience;

    @Column(name = "group_id")
    public UUID groupId;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public List<UUID> partners = List.of();

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public List<String> parts = List.of();

    @Column(name = "set_by", nullable = false)
    public String setBy;

    @Column(name = "set_at", nullable = false)
    public Instant setAt;
}
