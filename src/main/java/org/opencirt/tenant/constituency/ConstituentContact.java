package org.opencirt.tenant.constituency;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An abuse contact of a constituent: where its notifications go, in which language and format, how often, and encrypted to which key. */
@Entity
@Table(name = "constituent_contact")
public class ConstituentContact {

    @Id
    public UUID id;

    @Column(nullable = false, updatable = false)
    public String tenant;

    @Column(name = "constituent_id", nullable = false, updatable = false)
    public UUID constituentId;

    @Column(nullable = false)
    public String email;

    @Column(nullable = false)
    public String language;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ContactFormat format;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Cadence cadence;

    @Column(name = "openpgp_key")
    public String openpgpKey;

    @Column(name = "openpgp_fingerprint")
    public String openpgpFingerprint;

    @Column(name = "bounced_at")
    public Instant bouncedAt;

    @Column(name = "bounce_reason")
    public String bounceReason;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
