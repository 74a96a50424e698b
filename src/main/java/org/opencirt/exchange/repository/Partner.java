package org.opencirt.exchange.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.opencirt.exchange.model.PartnerKind;

/** A partner of a national CIRT: another CIRT on this platform, or a remote organisation. */
@Entity
@Table(name = "partner")
public class Partner extends OwnedRecord {

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public PartnerKind kind;

    /** The partner's tenant id, for a CIRT on this platform. */
    @Column(updatable = false)
    public String cirt;

    @Column(nullable = false)
    public String name;

    /** ISO 3166-1 alpha-2, upper case. */
    public String country;

    /** E-mail addresses of the partner's contacts. */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public List<String> contacts = List.of();

    /** A remote partner's Keycloak client, through which its tools pull and push. */
    @Column(name = "client_id", updatable = false)
    public String clientId;

    /** The TLP label of what the partner sends unmarked (a TLP 2.0 label as {@code Tlp.wire()} writes it). */
    @Column(name = "default_tlp", nullable = false)
    public String defaultTlp = "AMBER";

    /** The partner's own limit on exchange requests a minute, or null for the platform's default. */
    @Column(name = "requests_per_minute")
    public Integer requestsPerMinute;

    /** The partner's own limit on objects pulled and pushed a day, or null for the platform's default. */
    @Column(name = "objects_per_day")
    public Long objectsPerDay;
}
