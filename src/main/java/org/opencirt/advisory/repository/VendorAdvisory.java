package org.opencirt.advisory.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A CSAF document another provider published, downloaded by one of the CIRT's {@code csaf-provider}
 * feeds after its hash, signature and validity were checked: read-only for the CIRT, replaced when
 * the provider publishes a newer version at the same URL.
 */
@Entity
@Table(name = "vendor_advisory")
public class VendorAdvisory {

    @Id
    public UUID id;

    @Column(nullable = false, updatable = false)
    public String tenant;

    @Column(name = "feed_id", nullable = false, updatable = false)
    public String feedId;

    @Column(nullable = false, updatable = false)
    public String url;

    @Column(name = "tracking_id", nullable = false)
    public String trackingId;

    @Column(nullable = false)
    public String version;

    @Column(nullable = false)
    public String title;

    /** The publisher's name. */
    @Column(nullable = false)
    public String publisher;

    /** {@code document.category}: csaf_security_advisory, csaf_vex, csaf_base... */
    @Column(nullable = false)
    public String category;

    /** The document's TLP label (CSAF 2.0: WHITE, GREEN, AMBER, RED), null when it has none. */
    public String tlp;

    /** The CVE ids, upper case, each with a space before and after (so that {@code like '% CVE-... %'} finds one). */
    @Column(nullable = false)
    public String cves;

    @Column(name = "initial_release_date", nullable = false)
    public Instant initialReleaseDate;

    @Column(name = "current_release_date", nullable = false)
    public Instant currentReleaseDate;

    /** The exact bytes the provider served and signed. */
    @Column(nullable = false)
    public byte[] document;

    @Column(nullable = false)
    public String sha256;

    /** The fingerprint of the provider's primary key whose signature holds. */
    @Column(name = "signed_by", nullable = false)
    public String signedBy;

    @Column(name = "fetched_at", nullable = false)
    public Instant fetchedAt;
}
