package org.opencirt.feed.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** What a feed's next run needs from its last: conditional GET validators, TAXII checkpoint. */
@Entity
@Table(name = "feed_state")
public class FeedStateEntity {

    @Id
    public UUID id;

    /** The feed's CIRT, or null for a platform feed. */
    public String tenant;

    @Column(name = "feed_id")
    public String feedId;

    public String etag;

    @Column(name = "last_modified")
    public String lastModified;

    public String checkpoint;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
