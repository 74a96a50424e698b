package org.opencirt.exchange.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * An incident as one recipient CIRT on this platform finds it in its own search, while a grant reaches it: the
 * parts the grants share (their union) and since when. The incident's content is read from the owner when the
 * document is built, so the row changes only when the sharing does.
 */
@Entity
@Table(name = "shared_incident_copy")
public class SharedIncidentCopy {

    /** {@code SharedCopies.idOf(incident, recipient)}: the search document's id. */
    @Id
    public UUID id;

    @Column(name = "incident_id", nullable = false, updatable = false)
    public UUID incidentId;

    @Column(nullable = false, updatable = false)
    public String owner;

    @Column(nullable = false, updatable = false)
    public String recipient;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public List<String> parts = List.of();

    @Column(name = "shared_at", nullable = false)
    public Instant sharedAt;

    /** Raised at each refresh: the search document's external version. */
    @Column(nullable = false)
    public long version;
}
