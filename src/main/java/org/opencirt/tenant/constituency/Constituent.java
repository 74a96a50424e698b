package org.opencirt.tenant.constituency;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An organisation a national CIRT serves (an ISP, a university, a ministry): the owner of constituency entries and abuse contacts. */
@Entity
@Table(name = "constituent")
public class Constituent {

    @Id
    public UUID id;

    @Column(nullable = false, updatable = false)
    public String tenant;

    @Column(nullable = false)
    public String name;

    /** ISO 3166-1 alpha-2, upper case, or null. */
    public String country;

    /** Where it came from: {@code manual}, {@code rpsl}, {@code rdap} or {@code label}. */
    @Column(nullable = false)
    public String source;

    /** The registry's handle of an imported organisation, so that a second import updates it. */
    @Column(name = "registry_key")
    public String registryKey;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
