package org.opencirt.playbook.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** One pass of the engine over an incident: the evaluations (JSON) of every playbook it looked at. */
@Entity
@Table(name = "playbook_run")
public class PlaybookRunEntity {

    @Id
    public UUID id;

    @Column(nullable = false, updatable = false)
    public String tenant;

    @Column(name = "incident_id", nullable = false, updatable = false)
    public UUID incidentId;

    @Column(name = "incident_version", nullable = false, updatable = false)
    public long incidentVersion;

    @Column(nullable = false, updatable = false)
    public String trigger;

    @Column(name = "started_at", nullable = false, updatable = false)
    public Instant startedAt;

    @Column(name = "finished_at", nullable = false, updatable = false)
    public Instant finishedAt;

    @Column(nullable = false, updatable = false)
    @ColumnTransformer(write = "?::jsonb")
    public String evaluations;

    /** Microseconds the pass spent on facts and conditions, all its playbooks together. */
    @Column(name = "evaluation_micros", nullable = false, updatable = false)
    public long evaluationMicros;

    /** The same work's CPU time (wall time on a busy machine also counts waiting for a core). */
    @Column(name = "evaluation_cpu_micros", nullable = false, updatable = false)
    public long evaluationCpuMicros;
}
