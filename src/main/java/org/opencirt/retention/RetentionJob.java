package org.opencirt.retention;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.opencirt.common.problem.ProblemMappers;
import org.opencirt.incident.service.IncidentRetention;
import org.opencirt.tenant.TenantService;

/**
 * The retention job: for each CIRT, deletes the incidents closed longer ago than its rules keep them and
 * pseudonymises the reporters of those closed longer ago than its personal-data period, then records what it
 * did (docs/retention.md). One replica runs a CIRT at a time (a run row per CIRT, ADR 37); every step is its
 * own small transaction and finds only what is still to do, so a run that dies midway is completed by the next.
 */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);
    /** This replica, as the run history names it: the host name (a pod's name on Kubernetes) and the process id. */
    static final String HOLDER = "%s/%d"
            .formatted(
                    System.getenv().getOrDefault("HOSTNAME", "localhost"),
                    ProcessHandle.current().pid());
    /** The timeline's actor of the job's changes. */
    static final String ACTOR = "retention";
    /** The most errors one run records; more are counted in the last one. */
    static final int MAX_ERRORS = 20;

    private final IncidentRetention incidents;
    private final RetentionRules rules;
    private final RetentionRuns runs;
    private final Pseudonyms pseudonyms;
    private final TenantService tenants;
    private final RetentionConfig config;
    private final Clock clock;

    RetentionJob(
            IncidentRetention incidents,
            RetentionRules rules,
            RetentionRuns runs,
            Pseudonyms pseudonyms,
            TenantService tenants,
            RetentionConfig config,
            Clock clock) {
        this.incidents = incidents;
        this.rules = rules;
        this.runs = runs;
        this.pseudonyms = pseudonyms;
        this.tenants = tenants;
        this.config = config;
        this.clock = clock;
    }

    /** Defaults that contradict each other stop the service at start-up rather than at the first run. */
    void checkDefaults(@Observes StartupEvent started) {
        var d = config.defaults();
        var problems = RetentionRules.violations(
                new RetentionRules.SetRules(d.closedIncidentMonths(), d.reporterDataMonths(), d.auditMonths()));
        if (!problems.isEmpty()) {
            throw new IllegalStateException("opencirt.retention.defaults: "
                    + String.join(
                            "; ",
                            problems.stream()
                                    .map(p -> p.pointer().substring(1) + " " + p.message())
                                    .toList()));
        }
    }

    @Scheduled(
            identity = "retention",
            every = "${opencirt.retention.every}",
            delayed = "10m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        for (var tenant : tenants.list()) {
            try {
                run(tenant.id());
            } catch (RuntimeException e) {
                LOG.errorf(e, "retention of %s failed; the next run tries again", tenant.id());
            }
        }
    }

    /**
     * Applies a CIRT's rules now.
     *
     * @return the run's report, or empty when another replica is running the CIRT
     */
    public Optional<RetentionRuns.Run> run(String tenant) {
        var started = clock.instant();
        var run = runs.claim(tenant, HOLDER, started, started.minus(config.lease()));
        if (run == null) {
            LOG.debugf("retention of %s is under way on another replica", tenant);
            return Optional.empty();
        }
        var report = new Report(run);
        var rule = rules.of(tenant);
        deleteClosed(tenant, rule, report);
        pseudonymiseReporters(tenant, rule, report);
        runs.finish(run, clock.instant(), report.deleted, report.pseudonymised, report.errors);
        LOG.infof(
                "retention of %s: %d incident(s) deleted, %d reporter(s) pseudonymised, %d error(s)",
                tenant, report.deleted, report.pseudonymised, report.errors.size());
        return runs.get(tenant, run);
    }

    private void deleteClosed(String tenant, RetentionRules.Rules rule, Report report) {
        var cutoff = monthsBefore(rule.closedIncidentMonths());
        var failed = new HashSet<UUID>();
        while (true) {
            var batch = new ArrayList<>(incidents.closedBefore(tenant, cutoff, config.batchSize() + failed.size()));
            batch.removeAll(failed);
            if (batch.isEmpty()) {
                return;
            }
            for (var id : batch) {
                try {
                    if (incidents.delete(tenant, id)) {
                        report.deleted++;
                    }
                } catch (RuntimeException e) {
                    failed.add(id);
                    report.error(tenant, "incident %s was not deleted".formatted(id), e);
                }
            }
            runs.progress(report.run, clock.instant(), report.deleted, report.pseudonymised, report.errors);
        }
    }

    private void pseudonymiseReporters(String tenant, RetentionRules.Rules rule, Report report) {
        var cutoff = monthsBefore(rule.reporterDataMonths());
        Set<UUID> failed = new HashSet<>();
        while (true) {
            var batch = new ArrayList<>(
                    incidents.reportersClosedBefore(tenant, cutoff, config.batchSize() + failed.size()));
            batch.removeIf(r -> failed.contains(r.incident()));
            if (batch.isEmpty()) {
                return;
            }
            for (var reporter : batch) {
                try {
                    var pseudonym = pseudonyms.of(tenant, reporter.email(), reporter.name());
                    var changed =
                            incidents.pseudonymise(tenant, reporter.incident(), reporter.email(), pseudonym, ACTOR);
                    if (changed != null && changed.reporter()) {
                        report.pseudonymised++;
                    } else {
                        failed.add(reporter.incident()); // nothing to do after all: not picked again in this run
                    }
                } catch (RuntimeException e) {
                    failed.add(reporter.incident());
                    report.error(
                            tenant,
                            "the reporter of incident %s was not pseudonymised".formatted(reporter.incident()),
                            e);
                }
            }
            runs.progress(report.run, clock.instant(), report.deleted, report.pseudonymised, report.errors);
        }
    }

    private Instant monthsBefore(int months) {
        return clock.instant().atOffset(ZoneOffset.UTC).minusMonths(months).toInstant();
    }

    /** A run's counts and errors as it goes. */
    private static final class Report {
        final UUID run;
        int deleted;
        int pseudonymised;
        final List<String> errors = new ArrayList<>();
        private int dropped;

        Report(UUID run) {
            this.run = run;
        }

        /** Records a failed step in words (never the exception's class or message, which may hold data). */
        void error(String tenant, String what, RuntimeException e) {
            var reason = ProblemMappers.isConcurrentChange(e)
                    ? "it changed meanwhile"
                    : "the database refused the change (see the service log)";
            LOG.errorf(e, "retention of %s: %s", tenant, what);
            if (errors.size() < MAX_ERRORS - 1) {
                errors.add("%s: %s; the next run tries again".formatted(what, reason));
            } else {
                dropped++;
                if (errors.size() == MAX_ERRORS) {
                    errors.removeLast();
                }
                errors.add("%d more step(s) failed; see the service log".formatted(dropped));
            }
        }
    }
}
