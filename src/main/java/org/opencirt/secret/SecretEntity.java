package org.opencirt.secret;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A named secret of a CIRT; the value is encrypted under the KEK, bound to tenant and name. */
@Entity
@Table(name = "cirt_secret")
public class SecretEntity {

    @Id
    public UUID id;

    @Column(nullable = false, updatable = false)
    public String tenant;

    @Column(nullable = false, updatable = false)
    public String name;

    @Column(nullable = false)
    public byte[] ciphertext;

    @Column(name = "kek_id", nullable = false)
    public String kekId;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;
}
