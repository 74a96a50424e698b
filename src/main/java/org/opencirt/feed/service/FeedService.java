package org.opencirt.feed.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.opencirt.common.Tlp;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.Problem;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.feed.definition.FeedCatalog;
import org.opencirt.feed.definition.FeedDefinition;
import org.opencirt.feed.definition.OwnedFeed;
import org.opencirt.feed.repository.FeedEntity;
import org.opencirt.feed.repository.FeedRepositories;
import org.opencirt.feed.repository.FeedRunEntity;
import org.opencirt.secret.SecretReferences;
import org.opencirt.secret.SecretReferences.Origin;

/**
 * Feeds as a CIRT sees them: the platform's global feeds and its own. A CIRT admin adds and
 * changes its own feeds; another CIRT's feed is "not found".
 */
@ApplicationScoped
public class FeedService {

    private final FeedCatalog catalog;
    private final FeedRepositories.Feeds feeds;
    private final FeedRepositories.Runs runs;
    private final FeedRunner runner;
    private final FeedScheduler scheduler;
    private final FeedQuotas quotas;
    private final ObjectMapper json;
    private final SecretReferences secrets;
    private final Clock clock;

    FeedService(
            FeedCatalog catalog,
            FeedRepositories.Feeds feeds,
            FeedRepositories.Runs runs,
            FeedRunner runner,
            FeedScheduler scheduler,
            FeedQuotas quotas,
            ObjectMapper json,
            SecretReferences secrets,
            Clock clock) {
        this.secrets = secrets;
        this.catalog = catalog;
        this.quotas = quotas;
        this.feeds = feeds;
        this.runs = runs;
        this.runner = runner;
        this.scheduler = scheduler;
        this.json = json;
        this.clock = clock;
    }

    /** A feed with its last run. */
    public record FeedView(
            String id,
            String name,
            String description,
            String url,
            String format,
            boolean enabled,
            String schedule,
            String scope,
            boolean platformFeed,
            RunView lastRun) {}

    /**
     * A run: status, times, counts, errors, samples of invalid entries. A failed run has an
     * {@code errorCode} (fetch-http-status, secret-missing, ...) and a sanitised {@code error}.
     */
    public record RunView(
            UUID id,
            String feedId,
            String trigger,
            Instant scheduledFor,
            String status,
            Instant startedAt,
            Instant finishedAt,
            long fetchedBytes,
            long parsed,
            long invalid,
            long warninglisted,
            long created,
            long updated,
            long failed,
            long matches,
            long incidents,
            String errorCode,
            String error,
            List<Map<String, Object>> invalidSamples,
            Map<String, Long> skipped) {}

    /**
     * The feeds a caller sees: the platform's (from files) for the platform admin (tenant null),
     * else the platform's visible to its CIRT and its CIRT's own.
     */
    public List<FeedView> list(String tenant) {
        var all = tenant == null
                ? catalog.platformFeeds()
                : Stream.concat(
                                catalog.platformFeeds().stream().filter(f -> visible(f, tenant)),
                                catalog.feedsOf(tenant).stream())
                        .toList();
        return all.stream()
                .sorted(Comparator.comparing(OwnedFeed::id))
                .map(this::view)
                .toList();
    }

    public FeedView get(String tenant, String id) {
        return view(require(tenant, id));
    }

    /**
     * The TLP label of one of the CIRT's own feeds (its scope is the CIRT: added through the API, or a platform file
     * scoped to it), as its definition states it (AMBER when it states none): what its indicators are unless an entry
     * states a stricter one, and so what caps sharing them (ADR 29).
     *
     * @throws ApiException 404 when the CIRT has no feed of that id (a global feed is not the CIRT's to share)
     */
    public Tlp ownFeedLabel(String tenant, String id) {
        return catalog.find(tenant, id)
                .or(() -> catalog.find(null, id)
                        .filter(f -> tenant.equals(f.definition().tenant())))
                .map(f -> ItemIndicators.feedTlp(f.definition()))
                .orElseThrow(() -> ApiException.notFound("Feed '%s'".formatted(id)));
    }

    /**
     * Whether a feed the CIRT owns lets its AMBER data go to the party it is about (its definition's
     * {@code pass-on.amber-to-affected}); false for a feed it does not have.
     */
    public boolean amberToAffected(String tenant, String id) {
        return catalog.find(tenant, id)
                .or(() -> catalog.find(null, id)
                        .filter(f -> tenant.equals(f.definition().tenant())))
                .map(f -> f.definition().amberToAffected())
                .orElse(false);
    }

    /**
     * Adds a feed of the caller's CIRT. Ids are the CIRT's own: another CIRT's feed of the same id
     * is no conflict (and so never revealed).
     *
     * @throws ApiException 400 with every problem of the definition (JSON pointers) or over the
     *     CIRT's feed quota; 409 if the id is one of the CIRT's feeds or a platform feed it sees
     */
    @Transactional
    public FeedView create(String tenant, String definitionText, String actor) {
        var definition = checked(tenant, definitionText);
        feeds.lockQuotaOf(tenant);
        if (visibleFeed(tenant, definition.id()).isPresent()) {
            throw ApiException.conflict("A feed with id '%s' already exists".formatted(definition.id()));
        }
        quotas.checkFeedCount(tenant, feeds.countOf(tenant));
        var entity = new FeedEntity();
        entity.id = definition.id();
        entity.tenant = tenant;
        entity.definition = FeedCatalog.toJson(definition);
        entity.enabled = definition.isEnabled();
        entity.createdBy = actor;
        entity.createdAt = clock.instant();
        entity.updatedAt = entity.createdAt;
        feeds.persist(entity);
        feeds.flush();
        var created = new OwnedFeed(tenant, definition);
        scheduler.schedule(created);
        return view(created);
    }

    /** Replaces a feed of the caller's CIRT. Platform feeds are changed in their files, not here (403). */
    @Transactional
    public FeedView update(String tenant, String id, String definitionText) {
        var existing = require(tenant, id);
        if (existing.isPlatformFeed()) {
            throw new ApiException(
                    ProblemType.FORBIDDEN,
                    "Feed '%s' is a platform feed; it is changed in its definition file".formatted(id));
        }
        var definition = checked(tenant, definitionText);
        if (!definition.id().equals(id)) {
            throw ApiException.invalid("/id", "must stay '%s'".formatted(id));
        }
        var entity = feeds.find(tenant, id).orElseThrow();
        entity.definition = FeedCatalog.toJson(definition);
        entity.enabled = definition.isEnabled();
        entity.updatedAt = clock.instant();
        feeds.flush();
        var updated = new OwnedFeed(tenant, definition);
        scheduler.schedule(updated);
        return view(updated);
    }

    /**
     * Starts a run now, in the background.
     *
     * @param tenant the caller's CIRT, or null for the platform admin (who runs global feeds)
     * @throws FeedQuotas.QuotaExceeded 429 with Retry-After when the CIRT's runs going or bytes today are at their quota
     */
    public RunView runNow(String tenant, String id) {
        var feed = require(tenant, id);
        if (tenant != null && feed.isPlatformFeed() && feed.definition().isGlobal()) {
            throw new ApiException(
                    ProblemType.FORBIDDEN, "Feed '%s' is a platform feed; the platform admin runs it".formatted(id));
        }
        var runId = runner.runInBackground(feed, "manual");
        return run(tenant, id, runId);
    }

    public List<RunView> runs(String tenant, String id, int limit) {
        var feed = require(tenant, id);
        return runs.latest(feed.owner(), id, limit).stream().map(this::view).toList();
    }

    public RunView run(String tenant, String id, UUID runId) {
        var feed = require(tenant, id);
        return runs.findByIdOptional(runId)
                .filter(r -> r.feedId.equals(id) && Objects.equals(r.tenant, feed.owner()))
                .map(this::view)
                .orElseThrow(() -> ApiException.notFound("Run " + runId));
    }

    private FeedDefinition checked(String tenant, String text) {
        FeedDefinition definition;
        try {
            definition = catalog.check(text);
        } catch (FeedCatalog.InvalidDefinitions e) {
            var violations = e.problems().stream()
                    .map(p -> new Problem.Violation(p.pointer().isEmpty() ? "/" : p.pointer(), p.message()))
                    .toList();
            throw new ApiException(
                    ProblemType.VALIDATION,
                    "%d problem(s) in the feed definition".formatted(violations.size()),
                    violations);
        }
        if (definition.isGlobal() && definition.scope() != null
                || definition.scope() != null && !definition.scope().equals(tenant)) {
            throw ApiException.invalid(
                    "/scope", "a CIRT's feed has its own CIRT as scope ('%s'); leave it out".formatted(tenant));
        }
        quotas.checkSchedule(definition.schedule());
        if (definition.auth() != null) {
            definition
                    .auth()
                    .references()
                    .forEach((pointer, reference) -> secrets.problem(reference, Origin.cirt(tenant))
                            .ifPresent(problem -> {
                                throw ApiException.invalid(pointer, problem);
                            }));
        }
        return new FeedDefinition(
                definition.id(),
                definition.name(),
                definition.description(),
                definition.url(),
                definition.format(),
                definition.enabled(),
                definition.schedule(),
                tenant,
                definition.defaults(),
                definition.options(),
                definition.limits(),
                definition.auth(),
                definition.shadowserver(),
                definition.passOn());
    }

    /**
     * A feed the caller sees. Another CIRT's feed and a missing one answer the same 404: the
     * lookup never touches another CIRT's feeds.
     */
    private OwnedFeed require(String tenant, String id) {
        return visibleFeed(tenant, id).orElseThrow(() -> ApiException.notFound("Feed '%s'".formatted(id)));
    }

    /** The caller's own feed of that id, else the platform's if the caller sees it. */
    private Optional<OwnedFeed> visibleFeed(String tenant, String id) {
        if (tenant == null) {
            return catalog.find(null, id);
        }
        return catalog.find(tenant, id).or(() -> catalog.find(null, id).filter(f -> visible(f, tenant)));
    }

    private static boolean visible(OwnedFeed feed, String tenant) {
        return feed.definition().isGlobal() || tenant.equals(feed.definition().tenant());
    }

    private FeedView view(OwnedFeed feed) {
        var f = feed.definition();
        var last = runs.latest(feed.owner(), f.id(), 1).stream()
                .findFirst()
                .map(this::view)
                .orElse(null);
        return new FeedView(
                f.id(),
                f.name(),
                f.description(),
                f.url(),
                f.format().wire(),
                f.isEnabled(),
                f.schedule(),
                f.isGlobal() ? FeedDefinition.GLOBAL : f.scope(),
                feed.isPlatformFeed(),
                last);
    }

    private RunView view(FeedRunEntity r) {
        List<Map<String, Object>> samples;
        Map<String, Long> skipped;
        try {
            samples = json.readValue(r.invalidSamples, new TypeReference<>() {});
            skipped = json.readValue(r.skipped, new TypeReference<>() {});
        } catch (JsonProcessingException e) {
            samples = List.of();
            skipped = Map.of();
        }
        return new RunView(
                r.id,
                r.feedId,
                r.trigger,
                r.scheduledFor,
                r.status,
                r.startedAt,
                r.finishedAt,
                r.fetchedBytes,
                r.parsed,
                r.invalid,
                r.warninglisted,
                r.created,
                r.updated,
                r.failed,
                r.matches,
                r.incidents,
                r.errorCode,
                r.error,
                samples,
                skipped);
    }
}
