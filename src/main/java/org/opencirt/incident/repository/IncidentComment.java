package org.opencirt.incident.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.opencirt.common.crypto.DataKeys;
import org.opencirt.common.persistence.SealedColumns;
import org.opencirt.common.persistence.SealingListener;
import org.opencirt.incident.model.CommentVisibility;

@Entity
@Table(name = "incident_comment")
@EntityListeners(SealingListener.class)
public class IncidentComment extends IncidentChild implements SealedColumns {

    @Transient
    public String body;

    /** The body, sealed under the CIRT's data key (ADR 40). */
    @Column(name = "body", nullable = false)
    String sealedBody;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public CommentVisibility visibility;

    @Column(nullable = false, updatable = false)
    public String author;

    @Override
    public void sealColumns(DataKeys keys) {
        sealedBody = keys.reseal(tenant, "incident_comment.body", body, sealedBody);
    }

    @Override
    public void openColumns(DataKeys keys) {
        body = keys.open(tenant, "incident_comment.body", sealedBody);
    }
}
