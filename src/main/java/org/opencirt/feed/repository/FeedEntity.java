package org.opencirt.feed.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.io.Serializable;
import java.time.Instant;
import org.hibernate.annotations.ColumnTransformer;

/** A feed a CIRT admin added through the API; its definition is kept as JSON. Its id is unique within its CIRT. */
@Entity
@Table(name = "feed")
@IdClass(FeedEntity.Key.class)
public class FeedEntity {

    /** A stored feed's key: its CIRT and its id there. */
    public record Key(String tenant, String id) implements Serializable {
    }

    @Id
    public String tenant;

    @Id
    public String id;

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
