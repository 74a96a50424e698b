package org.opencirt.retention;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.Problem;
import org.opencirt.common.problem.ProblemType;

/** Each CIRT's retention rules: its own once its lead or admin set them, the configured defaults until then. */
@ApplicationScoped
public class RetentionRules {

    /** The longest period a rule may have, in months (20 years). */
    public static final int MAX_MONTHS = 240;
    /** The longest an audit period may be, in months (50 years). */
    public static final int MAX_AUDIT_MONTHS = 600;

    /**
     * A CIRT's rules.
     *
     * @param closedIncidentMonths months a closed incident is kept after closing, then deleted
     * @param reporterDataMonths   months after closing until the reporter's personal data is pseudonymised
     * @param auditMonths          months audit entries are kept at least
     * @param custom               false while the CIRT has the configured defaults
     * @param updatedBy            who set them last (null for the defaults)
     * @param updatedAt            when (null for the defaults)
     */
    public record Rules(
            int closedIncidentMonths,
            int reporterDataMonths,
            int auditMonths,
            boolean custom,
            String updatedBy,
            Instant updatedAt) {}

    /** A change of the rules: every period given. */
    public record SetRules(Integer closedIncidentMonths, Integer reporterDataMonths, Integer auditMonths) {}

    private final EntityManager em;
    private final RetentionConfig config;
    private final Clock clock;

    RetentionRules(EntityManager em, RetentionConfig config, Clock clock) {
        this.em = em;
        this.config = config;
        this.clock = clock;
    }

    /** The CIRT's rules in force. */
    @Transactional
    public Rules of(String tenant) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select closed_incident_months, reporter_data_months, audit_months, updated_by, updated_at
                from retention_rule where tenant = ?1""").setParameter(1, tenant).getResultList();
        if (rows.isEmpty()) {
            var d = config.defaults();
            return new Rules(d.closedIncidentMonths(), d.reporterDataMonths(), d.auditMonths(), false, null, null);
        }
        var r = rows.getFirst();
        return new Rules(
                ((Number) r[0]).intValue(),
                ((Number) r[1]).intValue(),
                ((Number) r[2]).intValue(),
                true,
                (String) r[3],
                (Instant) r[4]);
    }

    /**
     * Sets the CIRT's rules.
     *
     * @throws ApiException 400 naming every period out of range, or an audit period shorter than what it describes
     */
    @Transactional
    public Rules set(String tenant, SetRules change, String actor) {
        validate(change);
        em.createNativeQuery("""
                insert into retention_rule (tenant, closed_incident_months, reporter_data_months, audit_months,
                    updated_by, updated_at) values (?1, ?2, ?3, ?4, ?5, ?6)
                on conflict (tenant) do update set closed_incident_months = excluded.closed_incident_months,
                    reporter_data_months = excluded.reporter_data_months, audit_months = excluded.audit_months,
                    updated_by = excluded.updated_by, updated_at = excluded.updated_at""")
                .setParameter(1, tenant)
                .setParameter(2, change.closedIncidentMonths())
                .setParameter(3, change.reporterDataMonths())
                .setParameter(4, change.auditMonths())
                .setParameter(5, actor)
                .setParameter(6, clock.instant())
                .executeUpdate();
        return of(tenant);
    }

    /** The defaults make sense together too: a bad configuration fails at start-up (RetentionJob). */
    static List<Problem.Violation> violations(SetRules change) {
        var problems = new ArrayList<Problem.Violation>();
        range(problems, "/closedIncidentMonths", change.closedIncidentMonths(), 1, MAX_MONTHS);
        range(problems, "/reporterDataMonths", change.reporterDataMonths(), 1, MAX_MONTHS);
        range(problems, "/auditMonths", change.auditMonths(), 1, MAX_AUDIT_MONTHS);
        if (!problems.isEmpty()) {
            return problems;
        }
        if (change.reporterDataMonths() > change.closedIncidentMonths()) {
            problems.add(new Problem.Violation(
                    "/reporterDataMonths",
                    "must not be longer than closedIncidentMonths (%d): the incidents are deleted by then"
                            .formatted(change.closedIncidentMonths())));
        }
        var longest = Math.max(change.closedIncidentMonths(), change.reporterDataMonths());
        if (change.auditMonths() < longest) {
            problems.add(new Problem.Violation(
                    "/auditMonths",
                    "must be at least %d, the longest period it describes: the audit trail outlives the data it records"
                            .formatted(longest)));
        }
        return problems;
    }

    private static void validate(SetRules change) {
        if (change == null) {
            throw ApiException.invalid("", "a body with closedIncidentMonths, reporterDataMonths and auditMonths");
        }
        var problems = violations(change);
        if (!problems.isEmpty()) {
            throw new ApiException(
                    ProblemType.VALIDATION,
                    "The retention rules are not valid: "
                            + String.join(
                                    "; ",
                                    problems.stream()
                                            .map(p -> p.pointer() + " " + p.message())
                                            .toList()),
                    problems);
        }
    }

    private static void range(List<Problem.Violation> problems, String pointer, Integer value, int min, int max) {
        if (value == null) {
            problems.add(new Problem.Violation(pointer, "is required (months, %d to %d)".formatted(min, max)));
        } else if (value < min || value > max) {
            problems.add(new Problem.Violation(pointer, "must be %d to %d months".formatted(min, max)));
        }
    }
}
