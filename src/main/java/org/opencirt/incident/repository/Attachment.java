package org.opencirt.incident.repository;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Table;

/** A file attached to an incident, stored by generated id; the name is only a label. */
@Entity
@Table(name = "attachment")
public class Attachment extends IncidentChild {

    @Column(nullable = false, updatable = false)
    public String filename;

    @Column(name = "content_type", nullable = false, updatable = false)
    public String contentType;

    @Column(nullable = false, updatable = false)
    public long size;

    @Column(nullable = false, updatable = false)
    public String sha256;

    @Basic(fetch = FetchType.LAZY)
    @Column(nullable = false, updatable = false)
    public byte[] content;

    @Column(name = "created_by", nullable = false, updatable = false)
    public String createdBy;
}
