package org.opencirt.retention;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The retention_run rows: claiming a CIRT's run (one replica at a time), its progress, its report. */
@ApplicationScoped
public class RetentionRuns {

    /** The most runs one page lists. */
    public static final int MAX_PAGE = 200;

    /** What one run did for one CIRT. */
    public record Run(
            UUID id,
            String holder,
            Instant startedAt,
            Instant finishedAt,
            String outcome,
            int incidentsDeleted,
            int reportersPseudonymised,
            List<String> errors) {}

    private static final String COLUMNS =
            "id, holder, started_at, finished_at, outcome, incidents_deleted, reporters_pseudonymised, errors";

    private final EntityManager em;

    RetentionRuns(EntityManager em) {
        this.em = em;
    }

    /**
     * Starts a run of a CIRT unless another is under way: an unfinished run whose heartbeat is older than
     * {@code staleBefore} is first closed as abandoned (its replica died; this run does the rest).
     *
     * @return the new run's id, or null when a live run holds the CIRT
     */
    @Transactional
    UUID claim(String tenant, String holder, Instant now, Instant staleBefore) {
        em.createNativeQuery("""
                update retention_run set finished_at = ?3, outcome = 'abandoned',
                    errors = array_append(errors, 'abandoned: no heartbeat since ' || to_char(heartbeat_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
                where tenant = ?1 and finished_at is null and heartbeat_at < ?2""")
                .setParameter(1, tenant)
                .setParameter(2, staleBefore)
                .setParameter(3, now)
                .executeUpdate();
        var id = UUID.randomUUID();
        var inserted = em.createNativeQuery("""
                insert into retention_run (id, tenant, holder, started_at, heartbeat_at) values (?1, ?2, ?3, ?4, ?4)
                on conflict (tenant) where finished_at is null do nothing""")
                .setParameter(1, id)
                .setParameter(2, tenant)
                .setParameter(3, holder)
                .setParameter(4, now)
                .executeUpdate();
        return inserted == 1 ? id : null;
    }

    /** Saves a run's counts so far and proves it alive. */
    @Transactional
    void progress(UUID run, Instant now, int deleted, int pseudonymised, List<String> errors) {
        em.createNativeQuery("""
                update retention_run set heartbeat_at = ?2, incidents_deleted = ?3, reporters_pseudonymised = ?4,
                    errors = ?5 where id = ?1""")
                .setParameter(1, run)
                .setParameter(2, now)
                .setParameter(3, deleted)
                .setParameter(4, pseudonymised)
                .setParameter(5, errors.toArray(String[]::new))
                .executeUpdate();
    }

    /** Closes a run with its final counts. */
    @Transactional
    void finish(UUID run, Instant now, int deleted, int pseudonymised, List<String> errors) {
        progress(run, now, deleted, pseudonymised, errors);
        em.createNativeQuery("update retention_run set finished_at = ?2, outcome = ?3 where id = ?1")
                .setParameter(1, run)
                .setParameter(2, now)
                .setParameter(3, errors.isEmpty() ? "succeeded" : "failed")
                .executeUpdate();
    }

    /** The CIRT's runs, newest first. */
    @Transactional
    public List<Run> list(String tenant, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("select " + COLUMNS
                        + " from retention_run where tenant = ?1 order by started_at desc, id limit ?2")
                .setParameter(1, tenant)
                .setParameter(2, limit)
                .getResultList();
        return runs(rows);
    }

    /** One run of the CIRT. */
    @Transactional
    public Optional<Run> get(String tenant, UUID id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "select " + COLUMNS + " from retention_run where tenant = ?1 and id = ?2")
                .setParameter(1, tenant)
                .setParameter(2, id)
                .getResultList();
        return runs(rows).stream().findFirst();
    }

    private static List<Run> runs(List<Object[]> rows) {
        return rows.stream()
                .map(r -> new Run(
                        (UUID) r[0],
                        (String) r[1],
                        (Instant) r[2],
                        (Instant) r[3],
                        r[4] == null ? "running" : (String) r[4],
                        ((Number) r[5]).intValue(),
                        ((Number) r[6]).intValue(),
                        r[7] == null ? List.of() : Arrays.asList((String[]) r[7])))
                .toList();
    }
}
