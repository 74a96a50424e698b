package org.opencirt.tenant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A national CIRT hosted on the platform: the unit of isolation for all data. */
@Entity
@Table(name = "tenant")
public class Tenant {

    @Id
    public String id;

    @Column(nullable = false)
    public String name;

    @Column(name = "country_code", nullable = false)
    public String countryCode;

    @Column(name = "contact_email", nullable = false)
    public String contactEmail;

    @Column(nullable = false)
    public String constituency = "";

    @Column(name = "keycloak_group_id")
    public String keycloakGroupId;

    @Column(name = "partner_client_id")
    public String partnerClientId;

    /** Set when the CIRT was offboarded: the row is then a tombstone, kept because others' rows name it. */
    @Column(name = "offboarded_at")
    public Instant offboardedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;
}
