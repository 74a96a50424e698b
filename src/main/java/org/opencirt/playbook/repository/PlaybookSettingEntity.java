package org.opencirt.playbook.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.time.Instant;

/** A CIRT's switch for one shipped playbook. */
@Entity
@Table(name = "playbook_setting")
@IdClass(TenantPlaybookKey.class)
public class PlaybookSettingEntity {

    @Id
    public String tenant;

    @Id
    @Column(name = "playbook_id")
    public String id;

    @Column(nullable = false)
    public boolean enabled;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
