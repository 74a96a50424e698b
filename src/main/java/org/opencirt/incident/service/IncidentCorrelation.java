package org.opencirt.incident.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.incident.repository.IncidentMatchRepository;
import org.opencirt.incident.repository.IncidentObservableRepository;
import org.opencirt.indicator.service.IndicatorService;
import org.opencirt.indicator.service.Warninglists;
import org.opencirt.observable.Observable;

/**
 * When an incident gains observables, looks them up among the indicators its CIRT may see and
 * records the matches (feed, classification, confidence) on the incident. Runs after the commit,
 * off the request; warninglisted observables are not looked up.
 */
@ApplicationScoped
public class IncidentCorrelation {

    private static final Logger LOG = Logger.getLogger(IncidentCorrelation.class);

    /** Fired when observables were stored for an incident. */
    public record ObservablesAdded(String tenant, UUID incidentId) {}

    private final IncidentService incidents;
    private final IncidentObservableRepository observables;
    private final IncidentMatchRepository matches;
    private final IndicatorService indicators;
    private final Warninglists warninglists;
    private final Event<IncidentChanged> changed;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("correlation").factory());

    IncidentCorrelation(
            IncidentService incidents,
            IncidentObservableRepository observables,
            IncidentMatchRepository matches,
            IndicatorService indicators,
            Warninglists warninglists,
            Event<IncidentChanged> changed) {
        this.incidents = incidents;
        this.observables = observables;
        this.matches = matches;
        this.indicators = indicators;
        this.warninglists = warninglists;
        this.changed = changed;
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) ObservablesAdded event) {
        executor.execute(() -> correlate(event.tenant(), event.incidentId()));
    }

    void onStop(@Observes ShutdownEvent event) {
        executor.shutdownNow();
    }

    /** What a correlation on demand found: new matches, and all matches of the incident now. */
    public record Outcome(int added, List<IncidentViews.MatchView> matches) {}

    /**
     * Looks up an incident of the caller's CIRT against the indicators now (an analyst's "check
     * again", and what the benchmark times).
     *
     * @throws ApiException 404 for an incident of another CIRT,
     *         503 when search is unavailable
     */
    public Outcome correlateNow(String tenant, UUID incidentId) {
        incidents.require(tenant, incidentId);
        var added = correlate(tenant, incidentId, true);
        return new Outcome(added, incidents.matches(tenant, incidentId));
    }

    /** Looks up an incident's observables now. @return the number of new matches */
    public int correlate(String tenant, UUID incidentId) {
        return correlate(tenant, incidentId, false);
    }

    private int correlate(String tenant, UUID incidentId, boolean failLoudly) {
        try {
            List<Observable> values = QuarkusTransaction.requiringNew()
                    .call(() -> observables.listFor(incidentId).stream()
                            .map(IncidentMapper::observable)
                            .filter(o -> warninglists.listing(o).isEmpty())
                            .toList());
            var found = indicators.match(tenant, values);
            int added = QuarkusTransaction.requiringNew().call(() -> {
                var known = new HashSet<String>();
                matches.listFor(incidentId).forEach(m -> known.add(m.indicatorId + "|" + m.observable));
                int recorded = 0;
                for (var m : found) {
                    if (known.add(m.indicatorId() + "|" + m.observable().value())) {
                        recorded += matches.record(
                                        incidentId,
                                        tenant,
                                        m.observable().value(),
                                        m.indicatorId(),
                                        m.type(),
                                        m.value(),
                                        m.feeds(),
                                        m.classification(),
                                        m.confidence(),
                                        m.tlp())
                                ? 1
                                : 0;
                    }
                }
                return recorded;
            });
            if (added > 0) {
                changed.fire(new IncidentChanged(
                        tenant, incidentId, IncidentChanged.Change.INDICATORS_MATCHED, "correlation"));
            }
            return added;
        } catch (IOException e) {
            if (failLoudly) {
                throw new ApiException(
                        ProblemType.UNAVAILABLE, "Search is unavailable right now; try again later", List.of(), e);
            }
            LOG.warnf("correlation of incident %s postponed, search is unavailable: %s", incidentId, e.getMessage());
            return 0;
        } catch (RuntimeException e) {
            LOG.errorf(e, "correlation of incident %s failed", incidentId);
            return 0;
        }
    }
}
