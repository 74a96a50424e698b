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

/**
 * An incident one CIRT ({@code tenant}) referred to another of the platform ({@code recipient}, with the recipient's
 * incident), or to a remote partner ({@code partnerId}, by {@code delivery}); the whole incident, or one observable.
 */
@Entity
@Table(name = "referral")
public class Referral extends OwnedRecord {

    @Column(name = "incident_id", nullable = false, updatable = false)
    public UUID incidentId;

    /** The recipient CIRT of this platform; null for a remote partner. */
    @Column(updatable = false)
    public String recipient;

    @Column(name = "recipient_incident", updatable = false)
    public UUID recipientIncident;

    /** The remote partner referred to; null for a CIRT of this platform. */
    @Column(name = "partner_id", updatable = false)
    public UUID partnerId;

    /** The remote partner's name when referred (it stays readable if the partner is removed). */
    @Column(name = "partner_name", updatable = false)
    public String partnerName;

    /** The one observable referred (its normalised value); null when the whole incident is. */
    @Column(updatable = false)
    public String observable;

    /** How a remote referral travels ({@code email}); null for a CIRT of this platform. */
    @Column(updatable = false)
    public String delivery;

    /** Why a remote delivery failed: a plain reason code, never a server's answer. */
    public String failure;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

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
