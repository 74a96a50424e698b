package org.opencirt.exchange.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** A STIX object kept as it came (an indicator whose pattern cannot be matched). */
@Entity
@Table(name = "stix_object")
public class StoredStixObject {

    @Id
    public UUID id;

    @Column(nullable = false, updatable = false)
    public String tenant;

    @Column(name = "import_id", nullable = false, updatable = false)
    public UUID importId;

    @Column(name = "stix_id", updatable = false)
    public String stixId;

    @Column(updatable = false)
    public String version;

    @Column(nullable = false, updatable = false)
    public String type;

    @ColumnTransformer(write = "?::jsonb")
    @Column(nullable = false, updatable = false)
    public String body;

    @Column(name = "received_at", nullable = false, updatable = false)
    public Instant receivedAt;
}
