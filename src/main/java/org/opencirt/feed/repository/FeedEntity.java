package org.opencirt.feed.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import org.opencirt.common.persistence.StampedEntity;
import org.hibernate.annotations.ColumnTransformer;

/** A feed a CIRT admin added through the API; its definition is kept as JSON. Its id is unique within its CIRT. */
@Entity
@Table(name = "feed")
@IdClass(FeedEntity.Key.class)
public class FeedEntity extends StampedEntity {

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
}
