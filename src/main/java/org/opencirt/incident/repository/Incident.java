package org.opencirt.incident.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import org.opencirt.common.Tlp;
import org.opencirt.common.crypto.DataKeys;
import org.opencirt.common.persistence.SealedColumns;
import org.opencirt.common.persistence.SealingListener;
import org.opencirt.common.persistence.StampedEntity;
import org.opencirt.incident.model.Channel;
import org.opencirt.incident.model.IncidentState;
import org.opencirt.incident.model.Pap;
import org.opencirt.incident.model.Priority;
import org.opencirt.incident.model.Severity;

/** An incident of one national CIRT: the record in PostgreSQL. */
@Entity
@Table(name = "incident")
@EntityListeners(SealingListener.class)
public class Incident extends StampedEntity implements SealedColumns {

    @Id
    public UUID id;

    @Column(nullable = false, updatable = false)
    public String tenant;

    @Column(nullable = false, updatable = false)
    public String reference;

    @Transient
    public String title;

    @Transient
    public String description = "";

    @Transient
    public String reporterName;

    @Transient
    public String reporterEmail;

    @Transient
    public String reporterOrg;

    // The columns of the five above, sealed under the CIRT's data key (ADR 40).
    @Column(name = "title", nullable = false)
    String sealedTitle;

    @Column(name = "description", nullable = false)
    String sealedDescription;

    @Column(name = "reporter_name")
    String sealedReporterName;

    @Column(name = "reporter_email")
    String sealedReporterEmail;

    @Column(name = "reporter_org")
    String sealedReporterOrg;

    /** The partner machine client that submitted the incident, if one did. */
    @Column(name = "reporter_client")
    public String reporterClient;

    /** The reporter's pseudonym once retention replaced their personal data (docs/retention.md); else null. */
    @Column(name = "reporter_pseudonym")
    public String reporterPseudonym;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    public Channel channel;

    public String category;

    public String type;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Severity severity;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Priority priority;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Tlp tlp;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Pap pap;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(nullable = false)
    public List<String> tags = new ArrayList<>();

    public String sector;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public IncidentState state;

    public String assignee;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    @Column(name = "detected_at")
    public Instant detectedAt;

    @Column(name = "reported_at", nullable = false)
    public Instant reportedAt;

    @Column(name = "due_at")
    public Instant dueAt;

    /** SHA-256 of the secret token a public reporter reads the status with. */
    @Column(name = "status_token_hash")
    public String statusTokenHash;

    /**
     * The secret that threads e-mail replies to this incident (128 random bits, hex): outgoing
     * mails carry it, the reference alone threads nothing.
     */
    @Column(name = "reply_token", nullable = false, updatable = false)
    public String replyToken;

    @Override
    public void sealColumns(DataKeys keys) {
        sealedTitle = keys.reseal(tenant, "incident.title", title, sealedTitle);
        sealedDescription = keys.reseal(tenant, "incident.description", description, sealedDescription);
        sealedReporterName = keys.reseal(tenant, "incident.reporter_name", reporterName, sealedReporterName);
        sealedReporterEmail = keys.reseal(tenant, "incident.reporter_email", reporterEmail, sealedReporterEmail);
        sealedReporterOrg = keys.reseal(tenant, "incident.reporter_org", reporterOrg, sealedReporterOrg);
    }

    @Override
    public void openColumns(DataKeys keys) {
        title = keys.open(tenant, "incident.title", sealedTitle);
        description = keys.open(tenant, "incident.description", sealedDescription);
        reporterName = keys.open(tenant, "incident.reporter_name", sealedReporterName);
        reporterEmail = keys.open(tenant, "incident.reporter_email", sealedReporterEmail);
        reporterOrg = keys.open(tenant, "incident.reporter_org", sealedReporterOrg);
    }
}
