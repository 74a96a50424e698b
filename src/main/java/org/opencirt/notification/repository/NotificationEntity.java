package org.opencirt.notification.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One message to one contact about events of its constituent. */
@Entity
@Table(name = "notification")
public class NotificationEntity {

    @Id
    public UUID id;

    @Column(nullable = false, updatable = false)
    public String tenant;

    /** In the subject, {@code [CERT-CD-N-20261207-4K7Q2M]}: a reply threads by it. */
    @Column(nullable = false, updatable = false)
    public String reference;

    @Column(name = "run_id", nullable = false, updatable = false)
    public UUID runId;

    @Column(name = "constituent_id", updatable = false)
    public UUID constituentId;

    @Column(name = "contact_id", updatable = false)
    public UUID contactId;

    @Column(nullable = false, updatable = false)
    public String email;

    @Column(nullable = false, updatable = false)
    public String language;

    @Column(nullable = false, updatable = false)
    public String subject;

    @Column(nullable = false, updatable = false)
    public int events;

    @Column(nullable = false, updatable = false)
    public boolean encrypted;

    /** {@code SENT}, {@code FAILED} or {@code BOUNCED}. */
    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public int attempts;

    @Column(name = "message_id")
    public String messageId;

    public String error;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "sent_at")
    public Instant sentAt;
}
