package org.opencirt.exchange.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A named set of a CIRT's partners, to share with all of them at once. */
@Entity
@Table(name = "sharing_group")
public class SharingGroup extends OwnedRecord {

    @Column(nullable = false)
    public String name;

    /** Ids of the CIRT's partners in the group. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public List<UUID> members = List.of();
}
