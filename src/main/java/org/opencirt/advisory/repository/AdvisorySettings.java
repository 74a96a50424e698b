package org.opencirt.advisory.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A CIRT's advisory settings; a CIRT without a row has the defaults (four eyes on publication). */
@Entity
@Table(name = "advisory_settings")
public class AdvisorySettings {

    @Id
    public String tenant;

    /** Whether an author of a version may publish it (small CIRTs with a single lead); recorded on each version. */
    @Column(name = "single_person_publishing", nullable = false)
    public boolean singlePersonPublishing;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
