package org.opencirt.playbook.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.opencirt.common.WireEnum;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.Problem;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.incident.service.IncidentService;
import org.opencirt.playbook.PlaybookConfig;
import org.opencirt.playbook.definition.Action;
import org.opencirt.playbook.definition.CompiledPlaybook;
import org.opencirt.playbook.definition.PlaybookReader;
import org.opencirt.playbook.definition.Trigger;
import org.opencirt.playbook.engine.Evaluation;
import org.opencirt.playbook.engine.Planner;
import org.opencirt.playbook.engine.PlaybookEngine;
import org.opencirt.playbook.repository.PlaybookEntity;
import org.opencirt.playbook.repository.PlaybookRepositories;
import org.opencirt.playbook.repository.PlaybookSettingEntity;
import org.opencirt.playbook.repository.TenantPlaybookKey;
import org.opencirt.playbook.service.PlaybookViews.Backtest;
import org.opencirt.playbook.service.PlaybookViews.BacktestResult;
import org.opencirt.playbook.service.PlaybookViews.DryRun;
import org.opencirt.playbook.service.PlaybookViews.DryRunResult;
import org.opencirt.playbook.service.PlaybookViews.PlaybookDetail;
import org.opencirt.playbook.service.PlaybookViews.PlaybookView;
import org.opencirt.playbook.service.PlaybookViews.RunView;
import org.opencirt.secret.SecretReferences;

/**
 * A CIRT's playbooks through the API: the shipped ones (switched on or off per CIRT) and its own
 * (added, replaced, removed), every one checked as at start-up; dry-runs and backtests, which
 * change nothing; and the record of what ran on an incident. Every call works within the
 * caller's CIRT only.
 */
@ApplicationScoped
public class PlaybookService {

    private static final int SAMPLE = 20;
    /** Distinct changes a backtest lists per field; the rest are counted together. */
    private static final int MAX_CHANGE_KINDS = 50;

    private final PlaybookCatalog catalog;
    private final PlaybookRepositories.Playbooks stored;
    private final PlaybookRepositories.Settings settings;
    private final PlaybookRepositories.Runs runs;
    private final PlaybookEngine engine;
    private final IncidentService incidents;
    private final PlaybookConfig config;
    private final SecretReferences secrets;
    private final Clock clock;

    PlaybookService(
            PlaybookCatalog catalog,
            PlaybookRepositories.Playbooks stored,
            PlaybookRepositories.Settings settings,
            PlaybookRepositories.Runs runs,
            PlaybookEngine engine,
            IncidentService incidents,
            PlaybookConfig config,
            SecretReferences secrets,
            Clock clock) {
        this.secrets = secrets;
        this.catalog = catalog;
        this.stored = stored;
        this.settings = settings;
        this.runs = runs;
        this.engine = engine;
        this.incidents = incidents;
        this.config = config;
        this.clock = clock;
    }

    /** The CIRT's playbooks in the order they run. */
    public List<PlaybookView> list(String tenant) {
        return catalog.forTenant(tenant).stream().map(PlaybookService::view).toList();
    }

    /** One playbook of the CIRT, or 404. */
    public PlaybookDetail get(String tenant, String id) {
        var playbook = require(tenant, id);
        return new PlaybookDetail(view(playbook), playbook.source());
    }

    /**
     * Adds a playbook of the CIRT.
     *
     * @throws ApiException 400 with every problem (pointer and line), 409 when the id is taken,
     *         422 when the CIRT has as many playbooks as allowed
     */
    @Transactional
    public PlaybookView create(String tenant, String yaml, String actor) {
        var playbook = check(tenant, yaml);
        if (catalog.isShipped(playbook.id())
                || stored.findByIdOptional(new TenantPlaybookKey(tenant, playbook.id()))
                        .isPresent()) {
            throw ApiException.conflict("A playbook with id '%s' already exists".formatted(playbook.id()));
        }
        if (stored.count("tenant", tenant) >= config.maxPerCirt()) {
            throw new ApiException(
                    ProblemType.UNPROCESSABLE,
                    "A CIRT has at most %d playbooks of its own".formatted(config.maxPerCirt()));
        }
        var entity = new PlaybookEntity();
        entity.tenant = tenant;
        entity.id = playbook.id();
        entity.enabled = true;
        entity.createdBy = actor;
        entity.createdAt = clock.instant();
        fill(entity, playbook, yaml);
        stored.persist(entity);
        return view(playbook);
    }

    /**
     * Replaces a playbook of the CIRT; its version must grow, so that it runs again on incidents
     * the old version already ran on.
     */
    @Transactional
    public PlaybookView replace(String tenant, String id, String yaml) {
        var entity = own(tenant, id);
        var playbook = check(tenant, yaml);
        if (!playbook.id().equals(id)) {
            throw ApiException.invalid("/id", "must stay '%s'".formatted(id));
        }
        var previous = catalog.find(tenant, id).orElseThrow().definition().version();
        if (playbook.definition().version() <= previous) {
            throw ApiException.invalid("/version", "must be greater than %d, the version stored".formatted(previous));
        }
        fill(entity, playbook, yaml);
        return view(playbook.withEnabled(entity.enabled));
    }

    /** Removes a playbook of the CIRT (its past runs stay on the incidents). */
    @Transactional
    public void delete(String tenant, String id) {
        stored.delete(own(tenant, id));
    }

    /** Switches a shipped or own playbook on or off for the CIRT. */
    @Transactional
    public PlaybookView setEnabled(String tenant, String id, boolean enabled, String actor) {
        var playbook = require(tenant, id);
        if (playbook.owner() == null) {
            var existing = settings.findByIdOptional(new TenantPlaybookKey(tenant, id));
            var setting = existing.orElseGet(PlaybookSettingEntity::new);
            setting.tenant = tenant;
            setting.id = id;
            setting.enabled = enabled;
            setting.updatedBy = actor;
            setting.updatedAt = clock.instant();
            if (existing.isEmpty()) {
                settings.persist(setting);
            }
        } else {
            own(tenant, id).enabled = enabled;
        }
        return view(playbook.withEnabled(enabled));
    }

    /**
     * What a playbook would do to one incident, changing nothing.
     *
     * @throws ApiException 400 for an invalid playbook or incident body, 404 for an incident of another CIRT
     */
    public DryRunResult dryRun(String tenant, @NotNull @Valid DryRun request) {
        var playbook = check(tenant, request.playbook());
        if ((request.incidentId() == null) == (request.incident() == null)) {
            throw ApiException.invalid(
                    "/incidentId", "give either 'incidentId' (a stored incident) or 'incident' (a body)");
        }
        var trigger = request.trigger() == null ? playbook.definition().trigger() : trigger(request.trigger());
        var incident = request.incidentId() != null
                ? incidents.get(tenant, request.incidentId())
                : incidents.preview(request.incident(), tenant);
        var evaluation = engine.evaluate(tenant, playbook, incident, trigger, Planner.Mode.DRY_RUN);
        return new DryRunResult(incident.id() == null ? null : incident.reference(), evaluation);
    }

    /** A candidate playbook over the CIRT's recent incidents: what it would match and change. Changes nothing. */
    public BacktestResult backtest(String tenant, @NotNull @Valid Backtest request) {
        var playbook = check(tenant, request.playbook());
        var days = request.days() == null ? 30 : request.days();
        var started = System.nanoTime();
        var tally = new Tally();
        var trigger = playbook.definition().trigger();
        var evaluated = incidents.forEachSince(
                tenant,
                clock.instant().minus(Duration.ofDays(days)),
                config.backtestMaxIncidents(),
                page -> page.forEach(incident -> tally.add(
                        incident.reference(),
                        engine.evaluate(tenant, playbook, incident, trigger, Planner.Mode.BACKTEST))));
        return new BacktestResult(
                playbook.id(),
                days,
                evaluated,
                tally.matched,
                tally.errors,
                Duration.ofNanos(System.nanoTime() - started).toMillis(),
                tally.changes,
                tally.added,
                tally.sample);
    }

    /** The playbook passes over an incident of the CIRT, newest first. @throws ApiException 404 for another CIRT's incident */
    public List<RunView> runs(String tenant, UUID incidentId, int limit) {
        incidents.get(tenant, incidentId);
        return runs.forIncident(tenant, incidentId, limit).stream()
                .map(r -> new RunView(
                        r.id,
                        r.trigger,
                        r.incidentVersion,
                        r.startedAt,
                        r.finishedAt,
                        r.evaluationMicros,
                        r.evaluationCpuMicros,
                        r.evaluations))
                .toList();
    }

    /** Counts of a backtest. */
    private static final class Tally {
        int matched;
        int errors;
        final Map<String, Map<String, Integer>> changes = new TreeMap<>();
        final Map<String, Integer> added = new TreeMap<>();
        final List<String> sample = new ArrayList<>();

        void add(String reference, Evaluation evaluation) {
            if (evaluation.error() != null) {
                errors++;
                return;
            }
            if (!Boolean.TRUE.equals(evaluation.matched())) {
                return;
            }
            matched++;
            if (sample.size() < SAMPLE) {
                sample.add(reference);
            }
            for (var action : evaluation.actions()) {
                if (action.error() != null) {
                    errors++;
                }
                for (var effect : action.effects()) {
                    if ("change".equals(effect.kind())) {
                        var counts = changes.computeIfAbsent(effect.field(), f -> new TreeMap<>());
                        var key = describe(effect.before(), effect.after());
                        counts.merge(
                                counts.size() < MAX_CHANGE_KINDS || counts.containsKey(key) ? key : "(other changes)",
                                1,
                                Integer::sum);
                    } else {
                        added.merge(effect.kind(), 1, Integer::sum);
                    }
                }
            }
        }

        /** {@code low -> high}; for lists (tags) what is added: {@code +phishing}. */
        private static String describe(Object before, Object after) {
            if (after instanceof List<?> list) {
                var was = before instanceof List<?> old ? old : List.of();
                return list.stream()
                        .filter(v -> !was.contains(v))
                        .map(v -> "+" + v)
                        .collect(java.util.stream.Collectors.joining(" "));
            }
            return show(before) + " -> " + show(after);
        }

        private static String show(Object value) {
            return value == null ? "(none)" : value instanceof WireEnum wire ? wire.wire() : value.toString();
        }
    }

    private CompiledPlaybook check(String tenant, String yaml) {
        var result = PlaybookReader.read("api", yaml, tenant);
        if (!result.ok()) {
            var violations = result.problems().stream()
                    .map(p -> new Problem.Violation(
                            p.pointer().isEmpty() ? "/" : p.pointer(), "line %d: %s".formatted(p.line(), p.message())))
                    .toList();
            throw new ApiException(
                    ProblemType.VALIDATION, "%d problem(s) in the playbook".formatted(violations.size()), violations);
        }
        // a CIRT's playbook names only its CIRT's secrets, which must exist
        var violations = new ArrayList<Problem.Violation>();
        PlaybookReader.webhookSecrets(result.playbook().definition())
                .forEach((pointer, reference) -> secrets.problem(reference, SecretReferences.Origin.cirt(tenant))
                        .ifPresent(p -> violations.add(new Problem.Violation(pointer, p))));
        if (!violations.isEmpty()) {
            throw new ApiException(
                    ProblemType.VALIDATION, "%d problem(s) in the playbook".formatted(violations.size()), violations);
        }
        return result.playbook();
    }

    private CompiledPlaybook require(String tenant, String id) {
        return catalog.find(tenant, id).orElseThrow(() -> ApiException.notFound("Playbook '%s'".formatted(id)));
    }

    private PlaybookEntity own(String tenant, String id) {
        return stored.findByIdOptional(new TenantPlaybookKey(tenant, id))
                .orElseThrow(() -> catalog.isShipped(id)
                        ? new ApiException(
                                ProblemType.FORBIDDEN,
                                "Playbook '%s' is shipped with the platform; switch it off instead".formatted(id))
                        : ApiException.notFound("Playbook '%s'".formatted(id)));
    }

    private void fill(PlaybookEntity entity, CompiledPlaybook playbook, String yaml) {
        entity.definition = PlaybookCatalog.toJson(playbook);
        entity.source = yaml;
        entity.updatedAt = clock.instant();
    }

    private static Trigger trigger(String wire) {
        try {
            return WireEnum.fromWire(Trigger.class, wire);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("/trigger", e.getMessage());
        }
    }

    private static PlaybookView view(CompiledPlaybook p) {
        var d = p.definition();
        return new PlaybookView(
                d.id(),
                d.name(),
                d.description(),
                d.version(),
                d.trigger().wire(),
                d.orderOrDefault(),
                d.when(),
                d.actions().stream().map(Action::name).toList(),
                p.enabled(),
                p.owner() == null);
    }
}
