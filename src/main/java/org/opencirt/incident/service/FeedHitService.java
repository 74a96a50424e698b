package org.opencirt.incident.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import org.opencirt.common.Tlp;
import org.opencirt.common.WireEnum;
import org.opencirt.incident.model.Channel;
import org.opencirt.incident.model.Rsit;
import org.opencirt.incident.model.Severity;
import org.opencirt.incident.repository.Incident;
import org.opencirt.incident.repository.IncidentMatchRepository;
import org.opencirt.incident.repository.IncidentRepository;
import org.opencirt.incident.service.IncidentCommands.CreateIncident;
import org.opencirt.indicator.model.Indicator;
import org.opencirt.indicator.service.IndicatorService;
import org.opencirt.observable.Observable;
import org.opencirt.observable.ObservableType;
import org.opencirt.tenant.constituency.ConstituencyService;

/**
 * What a feed run's new or updated indicators mean for the CIRTs: matches on the observables of
 * existing incidents, and incidents raised where indicators fall inside a CIRT's constituency,
 * one per CIRT, feed, day and constituency entry, so that a run never floods a queue. A CIRT
 * only ever gets what the indicator's visibility (its feed scope and TLP) allows it.
 */
@ApplicationScoped
public class FeedHitService {

    private final IncidentMatchRepository matches;
    private final IncidentRepository incidents;
    private final IncidentService incidentService;
    private final Timeline timeline;
    private final EntityManager em;
    private final Event<IncidentChanged> changed;
    private final IndicatorService indicators;
    private final Clock clock;

    FeedHitService(
            IncidentMatchRepository matches,
            IncidentRepository incidents,
            IncidentService incidentService,
            Timeline timeline,
            EntityManager em,
            Event<IncidentChanged> changed,
            IndicatorService indicators,
            Clock clock) {
        this.indicators = indicators;
        this.matches = matches;
        this.incidents = incidents;
        this.incidentService = incidentService;
        this.timeline = timeline;
        this.em = em;
        this.changed = changed;
        this.clock = clock;
    }

    /** Matches recorded and incidents raised for a batch of indicators. */
    public record Outcome(long matches, long incidents) {}

    /**
     * Records matches and raises constituency incidents for indicators just written by a feed run.
     *
     * @param matcher the constituencies as the run started (read once per run, not per batch)
     */
    @Transactional
    public Outcome indicatorsWritten(
            String feedId, String feedName, List<Indicator> written, ConstituencyService.Matcher matcher) {
        if (written.isEmpty()) {
            return new Outcome(0, 0);
        }
        // who may see each indicator: its visibility, and the CIRTs a grant of its feed reaches (ADR 29)
        var reach = indicators.reach(written);
        long recorded = matchExistingIncidents(written, reach);
        var raised = raiseConstituencyIncidents(feedId, feedName, written, matcher, reach);
        return new Outcome(recorded + raised.matches(), raised.incidents());
    }

    private long matchExistingIncidents(List<Indicator> written, IndicatorService.Reach reach) {
        long recorded = 0;
        var matched = new LinkedHashMap<UUID, String>();
        var byValue = new LinkedHashMap<String, List<Indicator>>();
        for (var indicator : written) {
            byValue.computeIfAbsent(indicator.value(), v -> new ArrayList<>()).add(indicator);
        }
        for (var row : matches.observablesWithValues(List.copyOf(byValue.keySet()))) {
            for (var indicator : byValue.get(row.value())) {
                if (indicator.type().equalsIgnoreCase(row.type())
                        && reach.reaches(indicator, row.tenant())
                        && record(row.incidentId(), row.tenant(), row.value(), indicator)) {
                    recorded++;
                    matched.put(row.incidentId(), row.tenant());
                }
            }
        }
        for (var indicator : written) {
            if (indicator.ipRange() == null) {
                continue;
            }
            for (var row : matches.addressesInside(indicator.ipRange())) {
                if (reach.reaches(indicator, row.tenant())
                        && record(row.incidentId(), row.tenant(), row.value(), indicator)) {
                    recorded++;
                    matched.put(row.incidentId(), row.tenant());
                }
            }
        }
        matched.forEach((incident, tenant) -> changed.fire(
                new IncidentChanged(tenant, incident, IncidentChanged.Change.INDICATORS_MATCHED, "feed-run")));
        return recorded;
    }

    private Outcome raiseConstituencyIncidents(
            String feedId,
            String feedName,
            List<Indicator> written,
            ConstituencyService.Matcher matcher,
            IndicatorService.Reach reach) {
        if (matcher.isEmpty()) {
            return new Outcome(0, 0);
        }
        record Key(String tenant, UUID entryId, String entry, String label) {}
        var grouped = new LinkedHashMap<Key, List<Indicator>>();
        for (var indicator : written) {
            var observable = new Observable(ObservableType.fromWire(indicator.type()), indicator.value());
            for (var hit : matcher.hits(observable)) {
                if (reach.reaches(indicator, hit.tenant())) {
                    grouped.computeIfAbsent(
                                    new Key(hit.tenant(), hit.entryId(), hit.entry(), hit.label()),
                                    k -> new ArrayList<>())
                            .add(indicator);
                }
            }
        }
        long created = 0;
        long recorded = 0;
        var day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        for (var group : grouped.entrySet()) {
            var key = group.getKey();
            var hits = group.getValue();
            var existing = incidentFor(key.tenant(), feedId, day, key.entryId());
            UUID incidentId;
            if (existing == null) {
                incidentId = raise(
                        feedId, feedName, day, key.tenant(), key.label() != null ? key.label() : key.entry(), hits);
                em.createNativeQuery("""
                        insert into constituency_incident (tenant, feed_id, day, entry_id, incident_id) values (?1, ?2, ?3, ?4, ?5)""")
                        .setParameter(1, key.tenant())
                        .setParameter(2, feedId)
                        .setParameter(3, day)
                        .setParameter(4, key.entryId())
                        .setParameter(5, incidentId)
                        .executeUpdate();
                created++;
            } else {
                incidentId = existing;
            }
            var incident = incidentService.require(key.tenant(), incidentId);
            var fresh = hits.stream()
                    .map(h -> new Observable(ObservableType.fromWire(h.type()), h.value()))
                    .distinct()
                    .toList();
            incidentService.addFromFeed(incident, fresh, "feed:" + feedId);
            raiseTlp(incident, hits, "feed:" + feedId);
            for (var hit : hits) {
                recorded += record(incidentId, key.tenant(), hit.value(), hit) ? 1 : 0;
            }
            changed.fire(new IncidentChanged(
                    key.tenant(), incidentId, IncidentChanged.Change.CONSTITUENCY_HIT, "feed:" + feedId));
        }
        return new Outcome(recorded, created);
    }

    private UUID incidentFor(String tenant, String feedId, LocalDate day, UUID entryId) {
        var rows = em.createNativeQuery("""
                select incident_id from constituency_incident where tenant = ?1 and feed_id = ?2 and day = ?3 and entry_id = ?4""")
                .setParameter(1, tenant)
                .setParameter(2, feedId)
                .setParameter(3, day)
                .setParameter(4, entryId)
                .getResultList();
        return rows.isEmpty() ? null : (UUID) rows.getFirst();
    }

    private UUID raise(
            String feedId, String feedName, LocalDate day, String tenant, String entry, List<Indicator> hits) {
        var first = hits.getFirst();
        var type = first.classification() != null
                        && Rsit.categoryOf(first.classification()).isPresent()
                ? first.classification()
                : null;
        var command = new CreateIncident(
                "%s: indicators in %s on %s".formatted(feedName, entry, day),
                ("The feed %s lists indicators inside your constituency entry %s. Each one is an observable of this incident, "
                                + "with the feed's classification and confidence in its matches.")
                        .formatted(feedName, entry),
                null,
                null,
                type,
                Severity.MEDIUM,
                null,
                highestTlp(hits),
                null,
                List.of("feed", feedId),
                null,
                null,
                null,
                null,
                null,
                List.of());
        return incidentService
                .create(command, new IncidentService.Origin(tenant, "feed:" + feedId, Channel.FEED, null, 0))
                .id();
    }

    private void raiseTlp(Incident incident, List<Indicator> hits, String actor) {
        var tlp = highestTlp(hits);
        if (tlp.compareTo(incident.tlp) > 0) {
            timeline.field(incident, actor, "tlp", incident.tlp.wire(), tlp.wire());
            incident.tlp = tlp;
            timeline.touched(incident);
        }
    }

    private static Tlp highestTlp(List<Indicator> hits) {
        return hits.stream()
                .map(h -> WireEnum.fromWire(Tlp.class, h.tlp()))
                .max(Comparator.naturalOrder())
                .orElse(Tlp.GREEN);
    }

    private boolean record(UUID incidentId, String tenant, String observable, Indicator indicator) {
        return matches.record(
                incidentId,
                tenant,
                observable,
                indicator.id(),
                indicator.type(),
                indicator.value(),
                List.of(indicator.feed()),
                indicator.classification(),
                indicator.confidence(),
                indicator.tlp());
    }
}
