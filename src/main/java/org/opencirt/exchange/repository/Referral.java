package org.opencirt.exchange.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.opencirt.exchange.model.ReferralState;

/** An incident one CIRT ({@code tenant}) referred to another ({@code recipient}), and the recipient's incident. */
@Entity
@Table(name = "referral")
public class Referral extends OwnedRecord {

    @Column(name = "incident_id", nullable = false, updatable = false)
    public UUID incidentId;

    @Column(nullable = false, updatable = false)
    public String recipient;

    @Column(name = "recipient_incident", nullable = false, updatable = false)
    public UUID recipientIncident;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false, updatable = false)
    public List<String> parts = List.of();

    @Column(updatable = false)
    public String note;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ReferralState state;

    @Column(name = "answered_by")
    public String answeredBy;

    @Column(name = "answered_at")
    public Instant answeredAt;
}
