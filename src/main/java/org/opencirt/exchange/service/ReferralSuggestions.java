package org.opencirt.exchange.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.opencirt.incident.service.IncidentService;
import org.opencirt.tenant.TenantApi.TenantView;
import org.opencirt.tenant.TenantService;
import org.opencirt.tenant.constituency.ConstituencyService;

/**
 * Which CIRTs of the platform an incident could be referred to: those whose declared constituency holds its
 * observables. Each suggestion names the CIRT and, for each observable, the declared entry it falls into (its value
 * and label); nothing else of another CIRT's constituency shows. The caller's own CIRT is never suggested.
 */
@ApplicationScoped
public class ReferralSuggestions {

    /** CIRTs suggested at most, those matching the most observables first. */
    static final int MAX_SUGGESTED = 10;
    /** Matches listed at most for one CIRT. */
    static final int MAX_MATCHES = 20;

    private final IncidentService incidents;
    private final ConstituencyService constituencies;
    private final TenantService tenants;

    ReferralSuggestions(IncidentService incidents, ConstituencyService constituencies, TenantService tenants) {
        this.incidents = incidents;
        this.constituencies = constituencies;
        this.tenants = tenants;
    }

    /** One of the incident's observables inside a declared constituency entry (the entry's value and label). */
    public record Match(String observable, String type, String entry, String label) {}

    /** A CIRT to refer to, and why: its matching entries; {@code observables} counts the observables matched. */
    public record Suggestion(String cirt, String name, int observables, List<Match> matches) {}

    /**
     * The CIRTs whose constituency holds the incident's observables (or the one named), best first.
     *
     * @throws org.opencirt.common.problem.ApiException 404 when the incident is not the caller's, 400 for an
     *         observable it does not hold
     */
    public List<Suggestion> suggest(String tenant, UUID incident, String observable) {
        var found = incidents.get(tenant, incident);
        var observables = observable == null
                ? found.observables()
                : found.observables().stream()
                        .filter(o -> o.value().equals(ReferralService.observable(found, observable)))
                        .toList();
        var matcher = constituencies.matcher();
        var byCirt = new LinkedHashMap<String, List<Match>>();
        for (var o : observables) {
            for (var hit : matcher.hits(o)) {
                if (!hit.tenant().equals(tenant)) {
                    byCirt.computeIfAbsent(hit.tenant(), t -> new ArrayList<>())
                            .add(new Match(o.value(), o.type().wireName(), hit.entry(), hit.label()));
                }
            }
        }
        if (byCirt.isEmpty()) {
            return List.of();
        }
        Map<String, String> names = tenants.list().stream().collect(Collectors.toMap(TenantView::id, TenantView::name));
        return byCirt.entrySet().stream()
                .filter(e -> names.containsKey(e.getKey()))
                .map(e -> new Suggestion(
                        e.getKey(),
                        names.get(e.getKey()),
                        (int) e.getValue().stream()
                                .map(Match::observable)
                                .distinct()
                                .count(),
                        e.getValue().stream().limit(MAX_MATCHES).toList()))
                .sorted(Comparator.comparingInt(Suggestion::observables)
                        .reversed()
                        .thenComparing(Suggestion::cirt))
                .limit(MAX_SUGGESTED)
                .toList();
    }
}
