package org.opencirt.common.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * The columns every record people edit carries: who made it and when, when it last changed, and
 * the version that makes a concurrent change fail instead of overwriting (optimistic locking, which
 * the API exposes as the ETag).
 */
@MappedSuperclass
public abstract class StampedEntity {

    @Column(name = "created_by", nullable = false, updatable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;
}
