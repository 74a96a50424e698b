package org.opencirt.exchange.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A recipient CIRT opened an incident of its own from an incident another CIRT shared with it. */
@Entity
@Table(name = "shared_incident_adoption")
public class SharedIncidentAdoption {

    @Id
    public UUID id;

    @Column(nullable = false, updatable = false)
    public String owner;

    @Column(name = "incident_id", nullable = false, updatable = false)
    public UUID incidentId;

    @Column(nullable = false, updatable = false)
    public String recipient;

    @Column(name = "recipient_incident", nullable = false, updatable = false)
    public UUID recipientIncident;

    @Column(name = "opened_by", nullable = false, updatable = false)
    public String openedBy;

    @Column(name = "opened_at", nullable = false, updatable = false)
    public Instant openedAt;

    /** The adoptions, looked up by the shared incident and the recipient. */
    @ApplicationScoped
    public static class Adoptions implements PanacheRepositoryBase<SharedIncidentAdoption, UUID> {

        public Optional<SharedIncidentAdoption> of(UUID incident, String recipient) {
            return find("incidentId = ?1 and recipient = ?2", incident, recipient)
                    .firstResultOptional();
        }
    }
}
