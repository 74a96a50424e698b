package org.opencirt.common.persistence;

import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;

/**
 * The columns every record people edit carries: who made it and when, when it last changed, and
 * the version that makes a concurrent change fail instead of overwriting (optimistic locking, which
 * the API exposes as the ETag).
 */
@MappedSuperclass
public abstract class StampedEntity extends AuthoredEntity {

    @Version
    public long version;
}
