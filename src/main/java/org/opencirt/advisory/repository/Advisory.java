package org.opencirt.advisory.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.opencirt.common.persistence.StampedEntity;

/** An advisory of one CIRT: its working draft and workflow state. Published versions are {@link AdvisoryVersion}s. */
@Entity
@Table(name = "advisory")
public class Advisory extends StampedEntity {

    /** draft -> in_review -> published; a change to a published advisory starts a new draft. */
    public enum State {
        DRAFT,
        IN_REVIEW,
        PUBLISHED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Id
    public UUID id;

    @Column(nullable = false, updatable = false)
    public String tenant;

    @Column(name = "tracking_id", nullable = false)
    public String trackingId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public State state;

    @Column(nullable = false)
    public String title;

    @Column(nullable = false)
    public String tlp;

    /** The working CSAF document (JSON text); after publication, the published one until the next change. */
    @Column(nullable = false)
    public String document;

    @Column(name = "published_version", nullable = false)
    public int publishedVersion;

    @Column(name = "initial_release_date")
    public Instant initialReleaseDate;

    @Column(name = "updated_by", nullable = false)
    public String updatedBy;

    @Column(name = "submitted_by")
    public String submittedBy;

    /**
     * Everyone who changed the content since the last publication (the creator, for the first
     * version): the authors of the version in the making, who may not publish it alone.
     */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "draft_editors", nullable = false)
    public List<String> draftEditors = List.of();
}
