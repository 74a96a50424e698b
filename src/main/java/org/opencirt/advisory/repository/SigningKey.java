package org.opencirt.advisory.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An OpenPGP key of a CIRT; the private key ring is encrypted under the KEK. */
@Entity
@Table(name = "advisory_signing_key")
public class SigningKey {

    @Id
    public UUID id;

    @Column(nullable = false, updatable = false)
    public String tenant;

    @Column(nullable = false, updatable = false)
    public String fingerprint;

    @Column(name = "signing_fingerprint", nullable = false, updatable = false)
    public String signingFingerprint;

    @Column(nullable = false, updatable = false)
    public String algorithm;

    /** generated or imported */
    @Column(nullable = false, updatable = false)
    public String origin;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "expires_at", nullable = false, updatable = false)
    public Instant expiresAt;

    @Column(name = "retired_at")
    public Instant retiredAt;

    @Column(nullable = false)
    public boolean active;

    @Column(name = "public_key", nullable = false, updatable = false)
    public String publicKey;

    @Column(name = "private_key", nullable = false, updatable = false)
    public byte[] privateKey;

    @Column(name = "kek_id", nullable = false, updatable = false)
    public String kekId;
}
