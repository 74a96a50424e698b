package org.opencirt.advisory.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/** A published version: the exact signed bytes. Never updated (the database refuses it too). */
@Entity
@Immutable
@Table(name = "advisory_version")
public class AdvisoryVersion {

    @Id
    public UUID id;

    @Column(name = "advisory_id", nullable = false)
    public UUID advisoryId;

    @Column(nullable = false)
    public String tenant;

    @Column(nullable = false)
    public int number;

    @Column(name = "tracking_id", nullable = false)
    public String trackingId;

    @Column(nullable = false)
    public String title;

    /** CSAF TLP label: WHITE, GREEN, AMBER, RED. */
    @Column(nullable = false)
    public String tlp;

    /** Path below the CIRT's directory: {@code white/2026/cert-ab-2026-0001.json}. */
    @Column(nullable = false)
    public String path;

    @Column(nullable = false)
    public byte[] document;

    @Column(nullable = false)
    public String signature;

    @Column(nullable = false)
    public String sha256;

    @Column(nullable = false)
    public String sha512;

    @Column(name = "key_fingerprint", nullable = false)
    public String keyFingerprint;

    @Column(name = "initial_release_date", nullable = false)
    public Instant initialReleaseDate;

    @Column(name = "current_release_date", nullable = false)
    public Instant currentReleaseDate;

    @Column(name = "submitted_by")
    public String submittedBy;

    @Column(name = "published_by", nullable = false)
    public String publishedBy;

    /** True when one of the version's own authors published it, under the CIRT's single-person publishing. */
    @Column(name = "four_eyes_waived", nullable = false)
    public boolean fourEyesWaived;
}
