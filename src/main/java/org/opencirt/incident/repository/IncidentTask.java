package org.opencirt.incident.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import java.time.Instant;
import org.opencirt.common.crypto.DataKeys;
import org.opencirt.common.persistence.SealedColumns;
import org.opencirt.common.persistence.SealingListener;
import org.opencirt.incident.model.TaskState;

@Entity
@Table(name = "incident_task")
@EntityListeners(SealingListener.class)
public class IncidentTask extends IncidentChild implements SealedColumns {

    @Transient
    public String title;

    /** The title, sealed under the CIRT's data key (ADR 40). */
    @Column(name = "title", nullable = false)
    String sealedTitle;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public TaskState state;

    public String assignee;

    @Column(name = "created_by", nullable = false, updatable = false)
    public String createdBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;

    @Override
    public void sealColumns(DataKeys keys) {
        sealedTitle = keys.reseal(tenant, "incident_task.title", title, sealedTitle);
    }

    @Override
    public void openColumns(DataKeys keys) {
        title = keys.open(tenant, "incident_task.title", sealedTitle);
    }
}
