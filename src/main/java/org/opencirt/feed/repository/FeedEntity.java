package org.opencirt.feed.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;

/** A feed a CIRT admin added through the API; its definition is kept as JSON. */
@Entity
@Table(name = "feed")
public class FeedEntity {

    @Id
    public String id;

    public String tenant;

    @Column(nullable = false)
    @ColumnTransformer(write = "?::jsonb")
    public String definition;

    @Column(nullable = false)
    public boolean enabled;

    @Column(name = "created_by", nullable = false, updatable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;
}
