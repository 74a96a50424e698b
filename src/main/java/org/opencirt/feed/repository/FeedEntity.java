package org.opencirt.feed.repository;

import jakarta.persistence.Entity;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.io.Serializable;
import org.opencirt.common.persistence.DefinitionEntity;

/** A feed a CIRT admin added through the API; its definition is kept as JSON. Its id is unique within its CIRT. */
@Entity
@Table(name = "feed")
@IdClass(FeedEntity.Key.class)
public class FeedEntity extends DefinitionEntity {

    /** A stored feed's key: its CIRT and its id there. */
    public record Key(String tenant, String id) implements Serializable {}

    /** Optimistic locking: of two concurrent changes to a feed, the later fails instead of overwriting. */
    @Version
    public long version;
}
