package org.opencirt.exchange.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.opencirt.advisory.service.AdvisoryService;
import org.opencirt.advisory.service.DirectoryService;
import org.opencirt.common.Tlp;
import org.opencirt.common.WireEnum;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.web.PublicUrl;
import org.opencirt.exchange.model.Audience;
import org.opencirt.exchange.model.IncidentPart;
import org.opencirt.exchange.model.SharedObjectType;
import org.opencirt.exchange.repository.ExchangeRepositories;
import org.opencirt.exchange.repository.SharingGrant;
import org.opencirt.exchange.stix.StixFacts;
import org.opencirt.exchange.stix.StixMapper;
import org.opencirt.incident.service.IncidentService;
import org.opencirt.incident.service.IncidentViews;
import org.opencirt.incident.service.IncidentViews.IncidentView;
import org.opencirt.indicator.model.IndicatorIds;
import org.opencirt.indicator.service.IndicatorQueries;
import org.opencirt.tenant.TenantService;

/**
 * STIX 2.1 exports of what a CIRT may see: a bundle of one incident (its own, or shared with it) or of a page of
 * indicators, and the incidents of a CIRT as another CIRT may see them through its grants (for TAXII). The mapping is
 * {@link StixMapper}'s; this gathers the facts, under the same rules as the rest of the exchange.
 */
@ApplicationScoped
public class StixExports {

    /** Grants of one CIRT read at most for one TAXII answer. */
    static final int MAX_GRANTS = 10_000;

    private final IndicatorQueries indicators;
    private final IncidentService incidents;
    private final ExchangeRepositories.Grants grants;
    private final TenantService tenants;
    private final AdvisoryService advisories;
    private final PublicUrl publicUrl;
    private final ObjectMapper json;

    StixExports(
            IndicatorQueries indicators,
            IncidentService incidents,
            ExchangeRepositories.Grants grants,
            TenantService tenants,
            AdvisoryService advisories,
            PublicUrl publicUrl,
            ObjectMapper json) {
        this.indicators = indicators;
        this.incidents = incidents;
        this.grants = grants;
        this.tenants = tenants;
        this.advisories = advisories;
        this.publicUrl = publicUrl;
        this.json = json;
    }

    /** The CIRT as the producer of what it exports. */
    public StixFacts.Producer producer(String cirt) {
        var tenant = tenants.get(cirt);
        return new StixFacts.Producer(
                cirt, tenant.name(), tenant.createdAt() == null ? Instant.EPOCH : tenant.createdAt());
    }

    /**
     * A bundle of the indicators the caller's CIRT may see, filtered as {@code GET /api/v1/indicators} filters them:
     * one page (at most 1000), produced by the caller's CIRT.
     *
     * @throws ApiException 400 naming a wrong parameter (a limit over 1000 included)
     */
    public ObjectNode indicatorBundle(String caller, IndicatorQueries.Request request) {
        var producer = producer(caller);
        var objects = new ArrayList<ObjectNode>();
        for (var indicator : indicators.exportList(caller, request).indicators()) {
            objects.addAll(StixMapper.indicator(producer, indicator));
        }
        return StixMapper.bundle(producer, objects);
    }

    /**
     * A bundle of one incident the caller's CIRT may see: its own (all of it that STIX carries), or one shared with it
     * (the parts its active grants share, produced by the owner); 404 otherwise.
     */
    public ObjectNode incidentBundle(String caller, UUID id) {
        var own = ownIncident(caller, id);
        if (own != null) {
            return StixMapper.bundle(producer(caller), StixMapper.incident(producer(caller), own));
        }
        var owner = grants.reaching(caller, SharedObjectType.INCIDENT, id, 1000).stream()
                .map(g -> g.tenant)
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("Incident"));
        var shared = sharedIncidents(owner, caller, Set.of(id)).stream()
                .filter(s -> s.revokedAt() == null)
                .findFirst()
                .orElseThrow(() -> ApiException.notFound("Incident"));
        var producer = producer(owner);
        return StixMapper.bundle(producer, StixMapper.incident(producer, shared));
    }

    private StixFacts.Incident ownIncident(String caller, UUID id) {
        try {
            return facts(incidents.get(caller, id), EnumSet.allOf(IncidentPart.class), null, null, true);
        } catch (ApiException notOwn) {
            return null;
        }
    }

    /**
     * An incident as STIX facts, with the parts given; {@code since} the earliest time the caller may see it. Its
     * sightings go with its observables: all of them for its own CIRT ({@code own}); for another, only those of
     * matches labelled no stricter than the incident, which its grants already let reach the caller.
     */
    public static StixFacts.Incident facts(
            IncidentView incident, Set<IncidentPart> parts, Instant since, Instant revokedAt, boolean own) {
        var summary = parts.contains(IncidentPart.SUMMARY);
        var classification = parts.contains(IncidentPart.CLASSIFICATION);
        var modified = incident.updatedAt() == null ? incident.createdAt() : incident.updatedAt();
        if (since != null && since.isAfter(modified)) {
            modified = since;
        }
        return new StixFacts.Incident(
                incident.id(),
                incident.tlp(),
                summary ? incident.reference() : null,
                summary ? incident.title() : null,
                summary ? incident.description() : null,
                summary && incident.state() != null ? incident.state().wire() : null,
                classification ? incident.category() : null,
                classification ? incident.type() : null,
                classification && incident.severity() != null
                        ? incident.severity().wire()
                        : null,
                summary ? incident.occurredAt() : null,
                summary ? incident.reportedAt() : null,
                parts.contains(IncidentPart.OBSERVABLES)
                        ? incident.observables().stream()
                                .map(o -> new StixFacts.Observable(o.type().wireName(), o.value()))
                                .toList()
                        : List.of(),
                parts.contains(IncidentPart.OBSERVABLES) ? sightings(incident, own) : List.of(),
                incident.createdAt(),
                modified,
                revokedAt);
    }

    private static List<StixFacts.Sighting> sightings(IncidentView incident, boolean own) {
        var sightings = new ArrayList<StixFacts.Sighting>();
        for (var match : incident.matches() == null ? List.<IncidentViews.MatchView>of() : incident.matches()) {
            var tlp = Tlp.ofLabel(match.tlp()).orElse(incident.tlp());
            if (own || incident.tlp().isAtLeast(tlp)) {
                var key = IndicatorIds.stixKey(IndicatorIds.idOf(match.indicatorType(), match.indicatorValue()));
                sightings.add(new StixFacts.Sighting(match.observable(), key, tlp, match.matchedAt()));
            }
        }
        return sightings;
    }

    /**
     * What a TAXII collection of one CIRT's incidents holds for another CIRT: each incident a grant ever shared
     * with it, with the time it became visible ({@code dateAdded}: its earliest active grant) and the parts shared;
     * an incident whose grants were all revoked (or whose label no longer lets any of them reach the CIRT) comes as
     * revoked, its {@code dateAdded} the revocation. Sorted by {@code dateAdded}, then id.
     */
    public List<SharedEntry> sharedEntries(String owner, Reader reader) {
        return sharedEntries(owner, reader, SharedObjectType.INCIDENT);
    }

    /**
     * Who reads a CIRT's collections: the users of a CIRT ({@code partner} null), or a remote partner of the root's
     * CIRT ({@code cirt} is then that CIRT, and only the grants naming the partner, or a group holding it, count).
     */
    public record Reader(String cirt, UUID partner) {

        /** The root CIRT's own users, who see its whole view. */
        public boolean isOwn(String root) {
            return partner == null && cirt.equals(root);
        }
    }

    private List<SharedEntry> sharedEntries(String owner, Reader reader, SharedObjectType type) {
        var reaching = reader.partner() == null
                ? grants.everReaching(owner, reader.cirt(), type, MAX_GRANTS)
                : grants.everNaming(owner, reader.partner(), type, MAX_GRANTS);
        var byIncident = new LinkedHashMap<UUID, List<SharingGrant>>();
        for (var grant : reaching) {
            byIncident.computeIfAbsent(grant.objectId, k -> new ArrayList<>()).add(grant);
        }
        var entries = new ArrayList<SharedEntry>();
        byIncident.forEach((id, list) -> {
            var active = list.stream().filter(g -> g.revokedAt == null).toList();
            if (!active.isEmpty()) {
                var since = active.stream()
                        .map(g -> g.grantedAt)
                        .min(Instant::compareTo)
                        .orElseThrow();
                entries.add(new SharedEntry(id, since, null, active));
            } else {
                var revoked = list.stream()
                        .map(g -> g.revokedAt)
                        .max(Instant::compareTo)
                        .orElseThrow();
                entries.add(new SharedEntry(id, revoked, revoked, list));
            }
        });
        entries.sort(SharedEntry.ORDER);
        return entries;
    }

    /** One incident of a CIRT's TAXII collection as another CIRT may see it: the grants that decide it. */
    public record SharedEntry(UUID incident, Instant dateAdded, Instant revokedAt, List<SharingGrant> grants) {
        static final java.util.Comparator<SharedEntry> ORDER = java.util.Comparator.comparing(SharedEntry::dateAdded)
                .thenComparing(e -> e.incident().toString());
    }

    /**
     * The facts of shared entries (as {@link #sharedEntries} lists them), or null for one that is gone (the owner
     * no longer has it). An active entry whose label no longer lets its grants reach the CIRT is a revoked one.
     */
    public StixFacts.Incident sharedFacts(String owner, SharedEntry entry) {
        IncidentView incident;
        try {
            incident = incidents.get(owner, entry.incident());
        } catch (ApiException gone) {
            return null;
        }
        if (entry.revokedAt() != null) {
            return facts(incident, Set.of(), entry.dateAdded(), entry.revokedAt(), false);
        }
        var audiences = EnumSet.noneOf(Audience.class);
        var parts = EnumSet.noneOf(IncidentPart.class);
        for (var grant : entry.grants()) {
            audiences.add(grant.audience);
            grant.parts.forEach(p -> parts.add(WireEnum.fromWire(IncidentPart.class, p)));
        }
        if (audiences.stream()
                .allMatch(a -> SharingRules.refusal(incident.tlp(), a).isPresent())) {
            return null;
        }
        return facts(incident, parts, entry.dateAdded(), null, false);
    }

    /**
     * The published advisories of a CIRT's TAXII collection as a CIRT may see them: all of them for its own users
     * ({@code dateAdded} their last change), for another CIRT those a grant ever shared with it ({@code dateAdded} the
     * earliest active grant, or the revocation once every grant is revoked). Sorted by {@code dateAdded}, then id.
     */
    public List<SharedEntry> advisoryEntries(String owner, Reader reader) {
        if (!reader.isOwn(owner)) {
            return sharedEntries(owner, reader, SharedObjectType.ADVISORY);
        }
        var entries = new ArrayList<SharedEntry>();
        for (var summary : advisories.list(owner, 1000)) {
            if (summary.publishedVersion() > 0) {
                entries.add(new SharedEntry(summary.id(), summary.updatedAt(), null, List.of()));
            }
        }
        entries.sort(SharedEntry.ORDER);
        return entries;
    }

    /**
     * The facts of an advisory entry: its latest published version (the CSAF document as served), or null when it
     * has none, is gone, or its label no longer lets its grants reach the CIRT.
     */
    public StixFacts.Advisory advisoryFacts(String owner, SharedEntry entry) {
        try {
            var versions = advisories.versions(owner, entry.incident());
            if (versions.isEmpty()) {
                return null;
            }
            var latest = versions.stream()
                    .max(java.util.Comparator.comparingInt(AdvisoryService.VersionView::number))
                    .orElseThrow();
            var tlp = Tlp.ofLabel(latest.tlp()).orElse(Tlp.RED);
            if (entry.revokedAt() == null && !entry.grants().isEmpty()) {
                var audiences = entry.grants().stream().map(g -> g.audience).toList();
                if (audiences.stream()
                        .allMatch(a -> SharingRules.refusal(tlp, a).isPresent())) {
                    return null;
                }
            }
            var file = advisories.version(owner, entry.incident(), latest.number());
            var csaf = json.readTree(file.document());
            var cves = new ArrayList<String>();
            for (var vulnerability : csaf.path("vulnerabilities")) {
                if (vulnerability.hasNonNull("cve")) {
                    cves.add(vulnerability.get("cve").asText());
                }
            }
            String summary = null;
            for (var note : csaf.path("document").path("notes")) {
                if ("summary".equals(note.path("category").asText())) {
                    summary = note.path("text").asText();
                }
            }
            var published = latest.initialReleaseDate() == null ? entry.dateAdded() : latest.initialReleaseDate();
            var modified = latest.currentReleaseDate() == null ? published : latest.currentReleaseDate();
            return new StixFacts.Advisory(
                    entry.incident(),
                    tlp,
                    latest.trackingId(),
                    csaf.path("document").path("title").asText(latest.trackingId()),
                    summary,
                    cves,
                    DirectoryService.directoryUrl(publicUrl.base(), owner) + latest.path(),
                    latest.sha256(),
                    published,
                    modified.isBefore(published) ? published : modified,
                    entry.revokedAt());
        } catch (ApiException | java.io.IOException gone) {
            return null;
        }
    }

    private List<StixFacts.Incident> sharedIncidents(String owner, String cirt, Collection<UUID> ids) {
        var result = new ArrayList<StixFacts.Incident>();
        for (var entry : sharedEntries(owner, new Reader(cirt, null))) {
            if (ids.contains(entry.incident())) {
                var facts = sharedFacts(owner, entry);
                if (facts != null) {
                    result.add(facts);
                }
            }
        }
        return result;
    }
}
