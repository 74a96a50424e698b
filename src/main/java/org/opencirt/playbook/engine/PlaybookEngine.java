package org.opencirt.playbook.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.util.concurrent.Striped;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.Lock;
import org.jboss.logging.Logger;
import org.opencirt.common.problem.ApiException;
import org.opencirt.incident.service.ConstituencyHits;
import org.opencirt.incident.service.IncidentChanged;
import org.opencirt.incident.service.IncidentService;
import org.opencirt.incident.service.IncidentViews.IncidentView;
import org.opencirt.playbook.PlaybookConfig;
import org.opencirt.playbook.condition.Condition;
import org.opencirt.playbook.definition.CompiledPlaybook;
import org.opencirt.playbook.definition.Trigger;
import org.opencirt.playbook.repository.PlaybookRepositories;
import org.opencirt.playbook.repository.PlaybookRunEntity;
import org.opencirt.playbook.service.PlaybookCatalog;

/**
 * Runs a CIRT's playbooks after an incident change is committed: in order, each at most once per
 * (incident version, playbook version), each action through the incident services under the
 * actor {@code playbook:<id>@<version>}, and records every pass. Changes made by playbooks do not
 * start another pass, so playbooks never trigger each other in a loop.
 *
 * <p>Passes run off the request on a few workers; passes over the same incident never overlap
 * within one instance (a second instance working on the same incident at the same moment meets
 * the incident's version check and records the action as failed).
 */
@ApplicationScoped
public class PlaybookEngine {

    private static final Logger LOG = Logger.getLogger(PlaybookEngine.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .findAndRegisterModules()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final PlaybookCatalog catalog;
    private final Planner planner;
    private final IncidentService incidents;
    private final ConstituencyHits hits;
    private final PlaybookRepositories.Runs runs;
    private final PlaybookConfig config;
    private final Clock clock;
    private final PlaybookMetrics metrics;
    private final Striped<Lock> locks = Striped.lock(64);
    private final ExecutorService workers;

    PlaybookEngine(
            PlaybookCatalog catalog,
            Planner planner,
            IncidentService incidents,
            ConstituencyHits hits,
            PlaybookRepositories.Runs runs,
            PlaybookConfig config,
            Clock clock,
            PlaybookMetrics metrics) {
        this.catalog = catalog;
        this.planner = planner;
        this.incidents = incidents;
        this.hits = hits;
        this.runs = runs;
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        // platform threads: a virtual thread has no CPU time of its own to measure
        this.workers = Executors.newFixedThreadPool(
                config.workers(),
                Thread.ofPlatform().name("playbooks-", 0).daemon().factory());
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) IncidentChanged event) {
        if (!config.enabled() || event.actor() != null && event.actor().startsWith("playbook:")) {
            return;
        }
        var trigger = switch (event.change()) {
            case CREATED -> Trigger.INCIDENT_CREATED;
            case UPDATED -> Trigger.INCIDENT_UPDATED;
            case OBSERVABLES_ADDED -> Trigger.OBSERVABLE_ADDED;
            case INDICATORS_MATCHED -> Trigger.INDICATOR_MATCHED;
            case CONSTITUENCY_HIT -> Trigger.CONSTITUENCY_HIT;
        };
        workers.execute(() -> {
            try {
                run(event.tenant(), event.incidentId(), trigger);
            } catch (RuntimeException | Error e) {
                // the pool replaces a thread an Error kills, but the pass would vanish without a word
                LOG.errorf(e, "playbooks for incident %s (%s) failed", event.incidentId(), trigger.wire());
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        workers.shutdownNow();
    }

    /**
     * Runs the CIRT's playbooks of a trigger over an incident now.
     *
     * @return the recorded pass, or empty when no playbook was due (none for the trigger, or all
     *         already ran for this version of the incident)
     */
    @WithSpan("playbook.run")
    public Optional<UUID> run(@SpanAttribute("cirt") String tenant, UUID incidentId, Trigger trigger) {
        var playbooks = read(() -> catalog.active(tenant, trigger));
        if (playbooks.isEmpty()) {
            return Optional.empty();
        }
        var lock = locks.get(incidentId);
        lock.lock();
        try {
            var started = clock.instant();
            var timing = System.nanoTime();
            var incident = read(() -> incidents.get(tenant, incidentId));
            var version = incident.version();
            var versions = new java.util.LinkedHashMap<String, Integer>();
            playbooks.forEach(p -> versions.put(p.id(), p.definition().version()));
            var claimed = QuarkusTransaction.requiringNew().call(() -> runs.claim(incidentId, version, versions));
            var evaluations = new ArrayList<Evaluation>();
            var now = clock.instant();
            var constituency = read(() -> hits.constituencyEntries(tenant, incidentId));
            Map<String, Object> facts = null;
            for (var playbook : playbooks) {
                if (!claimed.contains(playbook.id())) {
                    continue;
                }
                var evaluating = new Stopwatch();
                if (facts == null) {
                    facts = Facts.of(incident, constituency, trigger, now);
                }
                var evaluation = evaluate(tenant, playbook, incident, facts, Planner.Mode.EXECUTE, now, evaluating);
                evaluations.add(evaluation);
                if (changed(evaluation)) {
                    incident = read(() -> incidents.get(tenant, incidentId));
                    facts = null;
                }
                if (evaluation.stopped()) {
                    break;
                }
            }
            if (evaluations.isEmpty()) {
                return Optional.empty();
            }
            var recorded = record(tenant, incidentId, version, trigger, started, evaluations);
            metrics.pass(trigger, Duration.ofNanos(System.nanoTime() - timing));
            if (trigger == Trigger.INCIDENT_CREATED) {
                metrics.triaged(tenant, Duration.between(incident.createdAt(), clock.instant()));
            }
            return Optional.of(recorded);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Evaluates one playbook over an incident: its condition, then (when it holds) each action's
     * plan, applied in {@link Planner.Mode#EXECUTE} and only shown otherwise.
     */
    public Evaluation evaluate(
            String tenant, CompiledPlaybook playbook, IncidentView incident, Trigger trigger, Planner.Mode mode) {
        var now = clock.instant();
        var constituency = incident.id() == null || mode == Planner.Mode.BACKTEST
                ? List.<String>of()
                : read(() -> hits.constituencyEntries(tenant, incident.id()));
        var started = new Stopwatch();
        return evaluate(tenant, playbook, incident, Facts.of(incident, constituency, trigger, now), mode, now, started);
    }

    /** The same, over facts already built; the time counted starts at {@code started}. */
    private Evaluation evaluate(
            String tenant,
            CompiledPlaybook playbook,
            IncidentView incident,
            Map<String, Object> facts,
            Planner.Mode mode,
            Instant now,
            Stopwatch started) {
        var definition = playbook.definition();
        boolean matched;
        try {
            matched = playbook.condition().test(facts);
        } catch (Condition.EvaluationFailed e) {
            return new Evaluation(
                    definition.id(),
                    definition.version(),
                    null,
                    "condition: " + e.getMessage(),
                    List.of(),
                    false,
                    started.micros(),
                    started.cpuMicros());
        }
        var micros = started.micros();
        var cpuMicros = started.cpuMicros();
        return matched
                ? act(tenant, playbook, incident, mode, now, micros, cpuMicros)
                : new Evaluation(
                        definition.id(), definition.version(), false, null, List.of(), false, micros, cpuMicros);
    }

    /** True when an evaluation's actions changed the incident (or may have: one failed half-way). */
    private static boolean changed(Evaluation evaluation) {
        return evaluation.actions().stream()
                .anyMatch(a -> a.error() != null || !a.effects().isEmpty());
    }

    /** Wall and CPU time since it was made (CPU time 0 where the thread cannot tell it). */
    private static final class Stopwatch {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private final long wall = System.nanoTime();
        private final long cpu = THREADS.getCurrentThreadCpuTime();

        long micros() {
            return (System.nanoTime() - wall) / 1000;
        }

        long cpuMicros() {
            var now = THREADS.getCurrentThreadCpuTime();
            return cpu < 0 || now < 0 ? 0 : (now - cpu) / 1000;
        }
    }

    /** Plans (and in EXECUTE applies) each action; one failing action does not stop the others. */
    Evaluation act(
            String tenant,
            CompiledPlaybook playbook,
            IncidentView incident,
            Planner.Mode mode,
            Instant now,
            long conditionMicros,
            long conditionCpuMicros) {
        var definition = playbook.definition();
        var outcomes = new ArrayList<Evaluation.ActionOutcome>();
        var stopped = false;
        var current = incident;
        for (var action : definition.actions()) {
            try {
                var seen = current;
                var plan = mode == Planner.Mode.BACKTEST
                        ? planner.plan(tenant, definition, action, seen, mode, now)
                        : read(() -> planner.plan(tenant, definition, action, seen, mode, now));
                if (mode == Planner.Mode.EXECUTE) {
                    apply(tenant, current, plan, definition.actor());
                    if (!plan.effects().isEmpty()) {
                        var id = current.id();
                        current = read(() -> incidents.get(tenant, id));
                    }
                } else if (plan.update() != null) {
                    current = preview(current, plan);
                }
                outcomes.add(new Evaluation.ActionOutcome(action.name(), plan.effects(), null));
                stopped |= plan.stop();
            } catch (RuntimeException e) {
                outcomes.add(new Evaluation.ActionOutcome(action.name(), List.of(), message(e)));
            }
        }
        return new Evaluation(
                definition.id(),
                definition.version(),
                true,
                null,
                outcomes,
                stopped,
                conditionMicros,
                conditionCpuMicros);
    }

    /**
     * Reads in a transaction of its own, so that every read sees what the actions before it
     * committed (and works on the engine's threads, which have no request).
     */
    private static <T> T read(java.util.concurrent.Callable<T> reading) {
        return QuarkusTransaction.requiringNew().call(reading);
    }

    private void apply(String tenant, IncidentView incident, Planner.Plan plan, String actor) {
        if (plan.update() != null) {
            incidents.update(tenant, incident.id(), incident.version(), plan.update(), actor);
        }
        for (var step : plan.steps()) {
            step.run(actor);
        }
    }

    /** The incident as a dry-run's next action sees it: the planned field changes applied in memory. */
    private static IncidentView preview(IncidentView v, Planner.Plan plan) {
        var u = plan.update();
        return new IncidentView(
                v.id(),
                v.reference(),
                v.title(),
                v.description(),
                v.reporter(),
                v.reporterClient(),
                v.channel(),
                u.category() != null ? emptyToNull(u.category()) : v.category(),
                u.type() != null ? emptyToNull(u.type()) : v.type(),
                u.severity() != null ? u.severity() : v.severity(),
                u.priority() != null ? u.priority() : v.priority(),
                u.tlp() != null ? u.tlp() : v.tlp(),
                v.pap(),
                u.tags() != null ? u.tags() : v.tags(),
                v.sector(),
                v.state(),
                v.allowedTransitions(),
                u.assignee() != null ? u.assignee() : v.assignee(),
                v.occurredAt(),
                v.detectedAt(),
                v.reportedAt(),
                u.dueAt() != null ? u.dueAt() : v.dueAt(),
                v.observables(),
                v.matches(),
                v.createdBy(),
                v.createdAt(),
                v.updatedAt(),
                v.version());
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    private static String message(RuntimeException e) {
        var text = e instanceof ApiException api ? api.getMessage() : e.getMessage();
        return text == null ? e.getClass().getSimpleName() : text;
    }

    private UUID record(
            String tenant,
            UUID incidentId,
            long version,
            Trigger trigger,
            Instant started,
            List<Evaluation> evaluations) {
        var run = new PlaybookRunEntity();
        run.id = UUID.randomUUID();
        run.tenant = tenant;
        run.incidentId = incidentId;
        run.incidentVersion = version;
        run.trigger = trigger.wire();
        run.startedAt = started;
        run.finishedAt = clock.instant();
        run.evaluationMicros =
                evaluations.stream().mapToLong(Evaluation::conditionMicros).sum();
        run.evaluationCpuMicros =
                evaluations.stream().mapToLong(Evaluation::conditionCpuMicros).sum();
        try {
            run.evaluations = JSON.writeValueAsString(evaluations);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        QuarkusTransaction.requiringNew().run(() -> runs.persist(run));
        LOG.debugf("playbooks on %s (%s): %d evaluated", incidentId, trigger.wire(), evaluations.size());
        return run.id;
    }
}
