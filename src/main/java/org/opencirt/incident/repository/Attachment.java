package org.opencirt.incident.repository;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.FetchType;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.opencirt.common.crypto.DataKeys;
import org.opencirt.common.persistence.SealedColumns;
import org.opencirt.common.persistence.SealingListener;

/** A file attached to an incident, stored by generated id; the name is only a label. */
@Entity
@Table(name = "attachment")
@EntityListeners(SealingListener.class)
public class Attachment extends IncidentChild implements SealedColumns {

    @Transient
    public String filename;

    /** The filename, sealed under the CIRT's data key (ADR 40). */
    @Column(name = "filename", nullable = false)
    String sealedFilename;

    @Column(name = "content_type", nullable = false, updatable = false)
    public String contentType;

    @Column(nullable = false, updatable = false)
    public long size;

    @Column(nullable = false, updatable = false)
    public String sha256;

    /**
     * The bytes as stored: sealed under the CIRT's data key once persisted (read them with {@link
     * #openContent}); the plain bytes on a new attachment.
     */
    @Basic(fetch = FetchType.LAZY)
    @Column(nullable = false)
    public byte[] content;

    /** Whether {@link #content} is sealed (false for an attachment stored before V33). */
    @Column(nullable = false)
    boolean sealed;

    /** Whether the attachment was loaded (its bytes are as stored: a new one's are sealed when persisted). */
    @Transient
    private boolean loaded;

    @Column(name = "created_by", nullable = false, updatable = false)
    public String createdBy;

    /** The attachment's bytes, opened. */
    public byte[] openContent(DataKeys keys) {
        return sealed ? keys.openBytes(tenant, "attachment.content", content) : content;
    }

    @Override
    public void sealColumns(DataKeys keys) {
        sealedFilename = keys.reseal(tenant, "attachment.filename", filename, sealedFilename);
        if (!loaded && !sealed && content != null) {
            content = keys.sealBytes(tenant, "attachment.content", content);
            sealed = true;
        }
    }

    @Override
    public void openColumns(DataKeys keys) {
        loaded = true;
        filename = keys.open(tenant, "attachment.filename", sealedFilename);
    }
}
