package org.opencirt.advisory.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * An incident linked to a vendor advisory: raised for one constituent running a product it names as
 * affected ({@code constituent}), or linked by an analyst ({@code linkedBy}); one of the two.
 */
@Entity
@Table(name = "vendor_advisory_incident")
public class VendorAdvisoryIncident {

    @Id
    public UUID id;

    @Column(nullable = false, updatable = false)
    public String tenant;

    @Column(name = "vendor_advisory_id", nullable = false, updatable = false)
    public UUID vendorAdvisoryId;

    @Column(updatable = false)
    public String constituent;

    @Column(name = "linked_by", updatable = false)
    public String linkedBy;

    @Column(name = "incident_id", nullable = false, updatable = false)
    public UUID incidentId;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
}
