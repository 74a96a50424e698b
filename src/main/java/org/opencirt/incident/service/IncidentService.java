package org.opencirt.incident.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.opencirt.common.Texts;
import org.opencirt.common.WireEnum;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.Problem;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.incident.model.Channel;
import org.opencirt.incident.model.IncidentState;
import org.opencirt.incident.model.Rsit;
import org.opencirt.incident.repository.Incident;
import org.opencirt.incident.repository.IncidentMatchRepository;
import org.opencirt.incident.repository.IncidentObservable;
import org.opencirt.incident.repository.IncidentObservableRepository;
import org.opencirt.incident.repository.IncidentRepository;
import org.opencirt.incident.service.IncidentCommands.AddObservables;
import org.opencirt.incident.service.IncidentCommands.CreateIncident;
import org.opencirt.incident.service.IncidentCommands.ObservableInput;
import org.opencirt.incident.service.IncidentCommands.Transition;
import org.opencirt.incident.service.IncidentCommands.UpdateIncident;
import org.opencirt.incident.service.IncidentViews.IncidentView;
import org.opencirt.incident.service.IncidentViews.ObservablesAdded;
import org.opencirt.observable.InvalidObservableException;
import org.opencirt.observable.Normaliser;
import org.opencirt.observable.Observable;
import org.opencirt.observable.ObservableExtractor;
import org.opencirt.observable.ObservableType;

/**
 * Incidents of one national CIRT: creation from every channel, reading, field changes with
 * optimistic locking, the lifecycle, observables. Every method takes the caller's tenant and
 * finds nothing outside it: a foreign incident is "not found", exactly like a missing one.
 */
@ApplicationScoped
public class IncidentService {

    private final IncidentRepository incidents;
    private final IncidentObservableRepository observables;
    private final Timeline timeline;
    private final IncidentConfig config;
    private final IncidentMatchRepository matches;
    private final Event<IncidentCorrelation.ObservablesAdded> observablesAdded;
    private final Event<IncidentChanged> changed;
    private final Clock clock;
    private final IncidentMetrics metrics;

    IncidentService(
            IncidentRepository incidents,
            IncidentObservableRepository observables,
            Timeline timeline,
            IncidentConfig config,
            IncidentMatchRepository matches,
            Event<IncidentCorrelation.ObservablesAdded> observablesAdded,
            Event<IncidentChanged> changed,
            Clock clock,
            IncidentMetrics metrics) {
        this.incidents = incidents;
        this.observables = observables;
        this.timeline = timeline;
        this.config = config;
        this.matches = matches;
        this.observablesAdded = observablesAdded;
        this.changed = changed;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Where a new incident comes from.
     *
     * @param tenant          the receiving CIRT
     * @param actor           who creates it (login, client id, {@code public}, {@code email})
     * @param channel         how it arrived
     * @param reporterClient  the partner machine client that submitted it, if any
     * @param maxExtracted    observables taken at most from the free text
     */
    public record Origin(String tenant, String actor, Channel channel, String reporterClient, int maxExtracted) {}

    /**
     * Creates an incident in state {@code new} with a fresh reference, its given observables
     * (refanged, normalised, de-duplicated) and those found in its title and description.
     *
     * @throws ApiException 400 naming each invalid field, 422 when there are too many observables
     */
    @Transactional
    public IncidentView create(@NotNull @Valid CreateIncident command, Origin origin) {
        var incident = newIncident(command, origin);
        incidents.persist(incident);
        timeline.entry(
                incident,
                origin.actor(),
                "created",
                null,
                null,
                origin.channel().wire());

        var given = normalise(command.observables(), "/observables");
        checkObservableLimit(given.size(), 0);
        var text = incident.title + "\n" + incident.description;
        var extracted = ObservableExtractor.extract(
                text, Math.min(origin.maxExtracted(), config.maxObservables() - given.size()));
        store(incident, given, IncidentObservable.Origin.MANUAL, List.of());
        var stored = observables.listFor(incident.id).stream()
                .map(IncidentMapper::observable)
                .toList();
        store(incident, extracted, IncidentObservable.Origin.EXTRACTED, stored);
        timeline.touched(incident);
        incidents.flush();
        changed.fire(new IncidentChanged(incident.tenant, incident.id, IncidentChanged.Change.CREATED, origin.actor()));
        metrics.created(incident.tenant, origin.channel());
        return view(incident);
    }

    /**
     * Checks that a partner's submission names only the fields a partner may set
     * ({@link CreateIncident#PARTNER_FIELDS}); the rest is the receiving CIRT's to decide.
     *
     * @param given the names of the fields the submission carried
     * @throws ApiException 400 with a pointer to each field a partner may not set
     */
    public void checkPartnerFields(java.util.Collection<String> given) {
        var refused = given.stream()
                .filter(f -> !CreateIncident.PARTNER_FIELDS.contains(f))
                .sorted()
                .map(f -> new Problem.Violation(
                        "/" + Texts.abbreviate(f, 64).replace("~", "~0").replace("/", "~1"),
                        "set by the receiving CIRT, not by a partner"))
                .toList();
        if (!refused.isEmpty()) {
            throw new ApiException(
                    ProblemType.VALIDATION,
                    "A partner may set only: %s"
                            .formatted(CreateIncident.PARTNER_FIELDS.stream()
                                    .sorted()
                                    .collect(java.util.stream.Collectors.joining(", "))),
                    refused);
        }
    }

    /** One incident of the tenant, or 404. */
    public IncidentView get(String tenant, UUID id) {
        return view(require(tenant, id));
    }

    /** One incident of the tenant by its reference ({@code CERT-AB-2026-000001}), or 404. */
    public IncidentView getByReference(String tenant, String reference) {
        return incidents
                .findByReference(tenant, reference)
                .map(this::view)
                .orElseThrow(() -> ApiException.notFound("Incident " + reference));
    }

    /**
     * Changes an incident's fields, each change on the timeline. The caller must name the version
     * it read: a stale version answers 412 and changes nothing.
     */
    @Transactional
    public IncidentView update(
            String tenant, UUID id, long expectedVersion, @NotNull @Valid UpdateIncident change, String actor) {
        var incident = require(tenant, id);
        checkVersion(incident, expectedVersion);
        var category = change.category() != null ? emptyToNull(change.category()) : incident.category;
        var type = change.type() != null ? emptyToNull(change.type()) : incident.type;
        if (change.category() != null || change.type() != null) {
            var classification = classify(category, type);
            category = classification[0];
            type = classification[1];
        }
        var changed = false;
        changed |= set(
                incident, actor, "title", incident.title, or(change.title(), incident.title), v -> incident.title = v);
        changed |= set(
                incident,
                actor,
                "description",
                incident.description,
                or(change.description(), incident.description),
                v -> incident.description = v);
        changed |= set(incident, actor, "category", incident.category, category, v -> incident.category = v);
        changed |= set(incident, actor, "type", incident.type, type, v -> incident.type = v);
        changed |= set(
                incident,
                actor,
                "severity",
                incident.severity,
                or(change.severity(), incident.severity),
                v -> incident.severity = v);
        changed |= set(
                incident,
                actor,
                "priority",
                incident.priority,
                or(change.priority(), incident.priority),
                v -> incident.priority = v);
        changed |= set(incident, actor, "tlp", incident.tlp, or(change.tlp(), incident.tlp), v -> incident.tlp = v);
        changed |= set(incident, actor, "pap", incident.pap, or(change.pap(), incident.pap), v -> incident.pap = v);
        changed |= set(
                incident,
                actor,
                "tags",
                List.copyOf(incident.tags),
                change.tags() == null ? List.copyOf(incident.tags) : tags(change.tags()),
                v -> incident.tags = new ArrayList<>(v));
        changed |= set(
                incident,
                actor,
                "sector",
                incident.sector,
                change.sector() == null ? incident.sector : emptyToNull(change.sector()),
                v -> incident.sector = v);
        changed |= set(
                incident,
                actor,
                "occurredAt",
                incident.occurredAt,
                or(change.occurredAt(), incident.occurredAt),
                v -> incident.occurredAt = v);
        changed |= set(
                incident,
                actor,
                "detectedAt",
                incident.detectedAt,
                or(change.detectedAt(), incident.detectedAt),
                v -> incident.detectedAt = v);
        changed |= set(
                incident,
                actor,
                "assignee",
                incident.assignee,
                change.assignee() == null ? incident.assignee : emptyToNull(change.assignee()),
                v -> incident.assignee = v);
        changed |= set(
                incident, actor, "dueAt", incident.dueAt, or(change.dueAt(), incident.dueAt), v -> incident.dueAt = v);
        if (changed) {
            timeline.touched(incident);
            incidents.flush();
            this.changed.fire(new IncidentChanged(incident.tenant, incident.id, IncidentChanged.Change.UPDATED, actor));
        }
        return view(incident);
    }

    /**
     * Moves an incident to another state of its lifecycle.
     *
     * @param expectedVersion the version the caller read, or null to skip the check
     * @throws ApiException 409 naming the allowed next states when the move is not allowed
     */
    @Transactional
    public IncidentView transition(
            String tenant, UUID id, Long expectedVersion, @NotNull @Valid Transition transition, String actor) {
        var incident = require(tenant, id);
        if (expectedVersion != null) {
            checkVersion(incident, expectedVersion);
        }
        var from = incident.state;
        var to = transition.to();
        if (!from.canMoveTo(to)) {
            var allowed = from.next().stream().sorted().map(IncidentState::wire).toList();
            throw new ApiException(
                    ProblemType.CONFLICT,
                    "An incident in state '%s' cannot move to '%s'; allowed next states: %s"
                            .formatted(from.wire(), to.wire(), allowed),
                    List.of(new Problem.Violation("/to", "allowed: " + String.join(", ", allowed))));
        }
        incident.state = to;
        timeline.entry(incident, actor, from.isDone() ? "reopened" : "state-changed", "state", from.wire(), to.wire());
        if (transition.reason() != null && !transition.reason().isBlank()) {
            timeline.entry(incident, actor, "state-reason", null, null, transition.reason());
        }
        timeline.touched(incident);
        incidents.flush();
        changed.fire(new IncidentChanged(incident.tenant, incident.id, IncidentChanged.Change.UPDATED, actor));
        return view(incident);
    }

    /**
     * Adds observables to an incident. Each is refanged and normalised; values already there are
     * counted, not added twice. All or nothing: one invalid value refuses the whole request.
     *
     * @throws ApiException 400 naming each invalid value, 422 when the incident would hold too many
     */
    @Transactional
    public ObservablesAdded addObservables(
            String tenant, UUID id, @NotNull @Valid AddObservables command, String actor) {
        var incident = require(tenant, id);
        var wanted = normalise(command.observables(), "/observables");
        var present = observables.listFor(incident.id).stream()
                .map(IncidentMapper::observable)
                .toList();
        var fresh = wanted.stream().filter(o -> !present.contains(o)).toList();
        checkObservableLimit(fresh.size(), present.size());
        store(incident, fresh, IncidentObservable.Origin.MANUAL, present);
        if (!fresh.isEmpty()) {
            timeline.entry(incident, actor, "observables-added", "observables", null, fresh);
            timeline.touched(incident);
            incidents.flush();
            changed.fire(
                    new IncidentChanged(incident.tenant, incident.id, IncidentChanged.Change.OBSERVABLES_ADDED, actor));
        }
        return new ObservablesAdded(fresh, wanted.size() - fresh.size(), present.size() + fresh.size());
    }

    /**
     * Adds the observables found in a text to an incident loaded in this transaction (an e-mail
     * reply), up to the incident's limit; values already there are skipped.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void addExtracted(Incident incident, String text, String actor) {
        var present = observables.listFor(incident.id).stream()
                .map(IncidentMapper::observable)
                .toList();
        var room = config.maxObservables() - present.size();
        if (room <= 0) {
            return;
        }
        var fresh = ObservableExtractor.extract(text, room + present.size()).stream()
                .filter(o -> !present.contains(o))
                .limit(room)
                .toList();
        if (!fresh.isEmpty()) {
            store(incident, fresh, IncidentObservable.Origin.EXTRACTED, present);
            timeline.entry(incident, actor, "observables-added", "observables", null, fresh);
            timeline.touched(incident);
        }
    }

    /**
     * An incident's reference, {@code CERT-AB-2026-000123}: ASCII whatever the server's locale (a
     * Turkish one upper-cases {@code i} to a dotted capital, an Arabic one writes other digits).
     */
    static String reference(String tenant, int year, long sequence) {
        return String.format(Locale.ROOT, "%s-%d-%06d", tenant.toUpperCase(Locale.ROOT), year, sequence);
    }

    /**
     * Adds the indicator values of a feed's constituency hit to the incident raised for it,
     * up to the incident's limit; values already there are skipped.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void addFromFeed(Incident incident, List<Observable> values, String actor) {
        var present = observables.listFor(incident.id).stream()
                .map(IncidentMapper::observable)
                .toList();
        var fresh = values.stream()
                .filter(o -> !present.contains(o))
                .limit(Math.max(0, config.maxObservables() - present.size()))
                .toList();
        if (!fresh.isEmpty()) {
            store(incident, fresh, IncidentObservable.Origin.FEED, present);
            timeline.entry(incident, actor, "observables-added", "observables", null, fresh.size() + " from the feed");
            timeline.touched(incident);
        }
    }

    /** An open incident that shares an observable with another. */
    public record Sharing(UUID id, String reference, Instant reportedAt) {}

    /**
     * The CIRT's open incidents reported since a time that share at least one observable with
     * this one, oldest first (what a playbook links as duplicates).
     */
    @SuppressWarnings("unchecked")
    public List<Sharing> openSharingObservables(String tenant, UUID id, Instant since) {
        List<Object[]> rows = incidents
                .getEntityManager()
                .createNativeQuery("""
                select distinct i.id, i.reference, i.reported_at from incident i
                join observable o on o.incident_id = i.id
                join observable mine on mine.incident_id = ?2 and mine.type = o.type and mine.value = o.value
                where i.tenant = ?1 and i.id <> ?2 and i.reported_at >= ?3
                  and i.state <> all(?4)
                order by i.reported_at, i.id limit 20""")
                .setParameter(1, tenant)
                .setParameter(2, id)
                .setParameter(3, since)
                .setParameter(4, IncidentState.DONE.stream().map(Enum::name).toArray(String[]::new))
                .getResultList();
        return rows.stream()
                .map(r -> new Sharing((UUID) r[0], (String) r[1], toInstant(r[2])))
                .toList();
    }

    /**
     * Reads a CIRT's incidents reported since a time, a page at a time (oldest first), each with
     * its observables and matches: what a backtest evaluates. Read-only.
     *
     * @return how many incidents were read
     */
    @Transactional
    public int forEachSince(
            String tenant, Instant since, int max, java.util.function.Consumer<List<IncidentView>> page) {
        int read = 0;
        Instant afterTime = since;
        UUID afterId = new UUID(0, 0);
        while (read < max) {
            var batch = incidents
                    .find(
                            "tenant = ?1 and (reportedAt > ?2 or (reportedAt = ?2 and id > ?3)) order by reportedAt, id",
                            tenant,
                            afterTime,
                            afterId)
                    .page(0, Math.min(1000, max - read))
                    .list();
            if (batch.isEmpty()) {
                break;
            }
            var ids = batch.stream().map(i -> i.id).toList();
            var observablesBy = observables.listFor(ids).stream()
                    .collect(java.util.stream.Collectors.groupingBy(o -> o.incidentId));
            var matchesBy =
                    matches.listFor(ids).stream().collect(java.util.stream.Collectors.groupingBy(m -> m.incidentId));
            page.accept(batch.stream()
                    .map(i -> IncidentMapper.view(
                            i, observablesBy.getOrDefault(i.id, List.of()), matchesBy.getOrDefault(i.id, List.of())))
                    .toList());
            read += batch.size();
            var last = batch.getLast();
            afterTime = last.reportedAt;
            afterId = last.id;
            incidents.getEntityManager().clear();
        }
        return read;
    }

    /**
     * A page of a CIRT's incidents in the order they last changed ({@code updatedAt}, then id), after a position:
     * what the CIRT's own TAXII collection of incidents lists (an incident changed since comes again, later). With
     * {@code ids}, only those incidents.
     *
     * @param after   only incidents changed after this (or at it, with a greater id), or null for all
     * @param afterId the id of the last incident of the previous page, or null
     */
    @Transactional
    public List<IncidentView> pageByChange(
            String tenant, Instant after, UUID afterId, java.util.Collection<UUID> ids, int limit) {
        var since = after == null ? Instant.EPOCH : after;
        var from = afterId == null ? new UUID(0, 0) : afterId;
        var query = ids == null
                ? incidents.find(
                        "tenant = ?1 and (updatedAt > ?2 or (updatedAt = ?2 and id > ?3)) order by updatedAt, id",
                        tenant,
                        since,
                        from)
                : incidents.find(
                        "tenant = ?1 and (updatedAt > ?2 or (updatedAt = ?2 and id > ?3)) and id in ?4"
                                + " order by updatedAt, id",
                        tenant,
                        since,
                        from,
                        ids);
        var batch = query.page(0, limit).list();
        var found = batch.stream().map(i -> i.id).toList();
        var observablesBy = found.isEmpty()
                ? java.util.Map.<UUID, List<IncidentObservable>>of()
                : observables.listFor(found).stream()
                        .collect(java.util.stream.Collectors.groupingBy(o -> o.incidentId));
        return batch.stream()
                .map(i -> IncidentMapper.view(i, observablesBy.getOrDefault(i.id, List.of()), List.of()))
                .toList();
    }

    static Instant toInstant(Object value) {
        return value instanceof java.time.OffsetDateTime odt
                ? odt.toInstant()
                : value instanceof java.sql.Timestamp ts ? ts.toInstant() : (Instant) value;
    }

    /**
     * The tag that mails about an incident carry in their subject so that replies thread to it
     * ({@code [CERT-AB-2026-000123 #<reply token>]}); for the CIRT's own outgoing mail only.
     */
    public String replySubjectTag(String tenant, UUID id) {
        var incident = require(tenant, id);
        return ReplyTokens.subjectTag(incident.reference, incident.replyToken);
    }

    /** The observables of an incident. */
    public List<Observable> observables(String tenant, UUID id) {
        return observables.listFor(require(tenant, id).id).stream()
                .map(IncidentMapper::observable)
                .toList();
    }

    /** The incident, or 404 if it does not exist in this tenant. */
    Incident require(String tenant, UUID id) {
        return incidents.findInTenant(tenant, id).orElseThrow(() -> ApiException.notFound("Incident " + id));
    }

    IncidentView view(Incident incident) {
        return IncidentMapper.view(incident, observables.listFor(incident.id), matches.listFor(incident.id));
    }

    /** The indicators that matched an incident's observables. */
    public List<IncidentViews.MatchView> matches(String tenant, UUID id) {
        return matches.listFor(require(tenant, id).id).stream()
                .map(IncidentMapper::match)
                .toList();
    }

    private Incident newIncident(CreateIncident c, Origin origin) {
        var year = clock.instant().atZone(ZoneOffset.UTC).getYear();
        // taken in its own short transaction: holding the counter's row lock until this incident
        // commits would let only one incident of a CIRT be created at a time (a failed create
        // leaves a gap in the numbers, which is harmless)
        var sequence = QuarkusTransaction.requiringNew().call(() -> incidents.nextSequence(origin.tenant(), year));
        return unsaved(c, origin, reference(origin.tenant(), year, sequence));
    }

    /**
     * How an incident would look if it were created from this body now, with its observables
     * (given and found in its text), without storing anything or taking a reference number: what
     * a playbook dry-run evaluates.
     *
     * @throws ApiException 400 naming each invalid field or observable
     */
    public IncidentView preview(@NotNull @Valid CreateIncident command, String tenant) {
        var incident = unsaved(
                command, new Origin(tenant, "dry-run", Channel.API, null, config.maxObservables()), "(not stored)");
        incident.id = null;
        var given = normalise(command.observables(), "/observables");
        checkObservableLimit(given.size(), 0);
        var extracted = ObservableExtractor.extract(
                incident.title + "\n" + incident.description, config.maxObservables() - given.size());
        var all = new java.util.LinkedHashSet<>(given);
        all.addAll(extracted);
        var rows = all.stream()
                .map(o -> {
                    var row = new IncidentObservable();
                    row.type = o.type();
                    row.value = o.value();
                    return row;
                })
                .toList();
        return IncidentMapper.view(incident, rows, List.of());
    }

    private Incident unsaved(CreateIncident c, Origin origin, String reference) {
        var classification = classify(c.category(), c.type());
        var now = clock.instant();
        var incident = new Incident();
        incident.id = UUID.randomUUID();
        incident.tenant = origin.tenant();
        incident.reference = reference;
        incident.title = c.title().strip();
        incident.description = Objects.requireNonNullElse(c.description(), "");
        if (c.reporter() != null) {
            incident.reporterName = c.reporter().name();
            incident.reporterEmail = c.reporter().email();
            incident.reporterOrg = c.reporter().organisation();
        }
        incident.reporterClient = origin.reporterClient();
        incident.channel = origin.channel();
        incident.category = classification[0];
        incident.type = classification[1];
        incident.severity = Objects.requireNonNullElse(c.severity(), config.defaultSeverity());
        incident.priority = Objects.requireNonNullElse(c.priority(), config.defaultPriority());
        incident.tlp = Objects.requireNonNullElse(c.tlp(), config.defaultTlp());
        incident.pap = Objects.requireNonNullElse(c.pap(), config.defaultPap());
        incident.tags = c.tags() == null ? new ArrayList<>() : new ArrayList<>(tags(c.tags()));
        incident.sector = emptyToNull(c.sector());
        incident.state = IncidentState.NEW;
        incident.assignee = emptyToNull(c.assignee());
        incident.occurredAt = c.occurredAt();
        incident.detectedAt = c.detectedAt();
        incident.reportedAt = now;
        incident.dueAt = c.dueAt();
        incident.replyToken = ReplyTokens.newToken();
        incident.createdBy = origin.actor();
        incident.createdAt = now;
        incident.updatedAt = now;
        return incident;
    }

    /** Checks an RSIT classification; a type alone implies its category. @return {category, type} */
    static String[] classify(String category, String type) {
        if (category == null && type == null) {
            return new String[] {null, null};
        }
        if (category == null) {
            var implied = Rsit.categoryOf(type)
                    .orElseThrow(() -> ApiException.invalid(
                            "/type",
                            "'%s' is not an RSIT type; see the categories: %s".formatted(type, Rsit.categories())));
            return new String[] {implied, type};
        }
        var types = Rsit.types(category)
                .orElseThrow(() -> ApiException.invalid(
                        "/category",
                        "'%s' is not an RSIT category; allowed: %s".formatted(category, Rsit.categories())));
        if (type != null && !types.contains(type)) {
            throw ApiException.invalid(
                    "/type", "'%s' is not a type of category '%s'; allowed: %s".formatted(type, category, types));
        }
        return new String[] {category, type};
    }

    /** Normalises client-given observables, reporting every invalid one at once. */
    static List<Observable> normalise(List<ObservableInput> inputs, String pointer) {
        if (inputs == null) {
            return List.of();
        }
        var result = new LinkedHashSet<Observable>();
        var violations = new ArrayList<Problem.Violation>();
        for (int i = 0; i < inputs.size(); i++) {
            var input = inputs.get(i);
            var at = pointer + "/" + i;
            if (input.type() == null) {
                Normaliser.detect(input.value())
                        .ifPresentOrElse(
                                result::add,
                                () -> violations.add(new Problem.Violation(
                                        at + "/value",
                                        "the type of '%s' could not be detected; give a type"
                                                .formatted(Texts.abbreviate(input.value(), 80)))));
                continue;
            }
            ObservableType type;
            try {
                type = ObservableType.fromWire(input.type());
            } catch (IllegalArgumentException e) {
                violations.add(new Problem.Violation(at + "/type", "allowed: " + ObservableType.wireNames()));
                continue;
            }
            try {
                result.add(Normaliser.normalise(type, input.value()));
            } catch (InvalidObservableException e) {
                violations.add(new Problem.Violation(at + "/value", e.getMessage()));
            }
        }
        if (!violations.isEmpty()) {
            throw new ApiException(
                    ProblemType.VALIDATION, "%d observable(s) are not valid".formatted(violations.size()), violations);
        }
        return List.copyOf(result);
    }

    private void checkObservableLimit(int adding, int present) {
        if (adding + present > config.maxObservables()) {
            throw new ApiException(
                    ProblemType.UNPROCESSABLE,
                    "An incident holds at most %d observables; this would make %d"
                            .formatted(config.maxObservables(), adding + present));
        }
    }

    private void store(
            Incident incident, List<Observable> values, IncidentObservable.Origin origin, List<Observable> present) {
        if (values.stream().anyMatch(v -> !present.contains(v))) {
            observablesAdded.fire(new IncidentCorrelation.ObservablesAdded(incident.tenant, incident.id));
        }
        var now = clock.instant();
        for (var value : values) {
            if (present.contains(value)) {
                continue;
            }
            var o = new IncidentObservable();
            o.id = UUID.randomUUID();
            o.incidentId = incident.id;
            o.tenant = incident.tenant;
            o.type = value.type();
            o.value = value.value();
            o.origin = origin;
            o.createdAt = now;
            observables.persist(o);
        }
    }

    private static void checkVersion(Incident incident, long expected) {
        if (incident.version != expected) {
            throw new ApiException(
                    ProblemType.PRECONDITION_FAILED,
                    "Incident %s is at version %d, not %d: read it again and reapply your change"
                            .formatted(incident.reference, incident.version, expected));
        }
    }

    /** Applies a field's new value and puts it on the timeline, if it differs. @return true when it did */
    private <T> boolean set(Incident incident, String actor, String field, T before, T after, Consumer<T> apply) {
        if (!timeline.field(incident, actor, field, wire(before), wire(after))) {
            return false;
        }
        apply.accept(after);
        return true;
    }

    private static <T> T or(T value, T current) {
        return value != null ? value : current;
    }

    private static Object wire(Object value) {
        return value instanceof WireEnum e ? e.wire() : value;
    }

    private static List<String> tags(List<String> tags) {
        return tags.stream()
                .map(String::strip)
                .map(String::toLowerCase)
                .distinct()
                .sorted()
                .toList();
    }

    private static String emptyToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
