package org.opencirt.playbook.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;

/** A playbook a CIRT added through the API: its checked definition as JSON, and the YAML as sent. */
@Entity
@Table(name = "playbook")
@IdClass(TenantPlaybookKey.class)
public class PlaybookEntity {

    @Id
    public String tenant;

    @Id
    public String id;

    @Column(nullable = false)
    @ColumnTransformer(write = "?::jsonb")
    public String definition;

    @Column(nullable = false)
    public String source;

    @Column(nullable = false)
    public boolean enabled;

    @Column(name = "created_by", nullable = false, updatable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
