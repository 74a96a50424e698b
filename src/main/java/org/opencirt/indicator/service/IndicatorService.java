package org.opencirt.indicator.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.indicator.model.Indicator;
import org.opencirt.indicator.model.Lookup;
import org.opencirt.indicator.model.Match;
import org.opencirt.indicator.model.SourceTlp;
import org.opencirt.indicator.model.WriteResult;
import org.opencirt.observable.InvalidObservableException;
import org.opencirt.observable.Normaliser;
import org.opencirt.observable.Observable;
import org.opencirt.observable.ObservableType;
import org.opencirt.observable.Refang;
import org.opencirt.search.IndicatorIndex;

/**
 * The indicator feature's entry: feeds write their indicators here, incidents and the console
 * correlate observables here, the lookup API asks here. The rules (merging sources, per-source
 * TLP, expiry, decay) are {@link SourceMerge}'s and {@link VisibleMatches}'; the index only
 * stores and queries.
 */
@ApplicationScoped
public class IndicatorService {

    /** Longest value the lookup API takes (the console's search box takes as much). */
    static final int MAX_LOOKUP = 500;

    private final IndicatorIndex index;
    private final Readers readers;
    private final Clock clock;

    IndicatorService(IndicatorIndex index, Readers readers, Clock clock) {
        this.index = index;
        this.readers = readers;
        this.clock = clock;
    }

    /**
     * Writes a feed's batch, each indicator one source of its value's document, merged with what
     * is stored. The same value twice in a batch is merged before writing.
     *
     * @param expectNew write every indicator as new first (cheapest when most are), else read the batch first
     * @throws IOException when search cannot be reached
     */
    public WriteResult write(List<Indicator> batch, boolean expectNew) throws IOException {
        // milliseconds: what Elasticsearch keeps of a date, so that added_after compares as the time written reads
        var now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        var statements = new LinkedHashMap<String, IndicatorIndex.Statement>();
        for (var indicator : batch) {
            statements.merge(
                    indicator.id(),
                    IndicatorDocuments.statement(indicator, now),
                    (a, b) -> IndicatorIndex.Statement.merged(
                            a.id(), SourceMerge.merge(a.document(), b.document(), now)));
        }
        var written = index.upsert(List.copyOf(statements.values()), expectNew, merge(now));
        return new WriteResult(written.created(), written.updated(), written.failed());
    }

    private static IndicatorIndex.Merge merge(Instant now) {
        return new IndicatorIndex.Merge() {
            @Override
            public Map<String, Object> merge(Map<String, Object> stored, Map<String, Object> fresh) {
                return SourceMerge.merge(stored, fresh, now);
            }

            @Override
            public boolean addsSource(Map<String, Object> stored, Map<String, Object> fresh) {
                return SourceMerge.addsSource(stored, fresh, now);
            }
        };
    }

    /**
     * Who may see the indicators of a batch a feed run just wrote: the CIRTs of each source's visibility, and those
     * a grant of its feed reaches at its label (ADR 29), asked once per feed of the batch. What a feed run matches
     * against the incidents that exist goes by it.
     */
    public Reach reach(List<Indicator> written) {
        var granted = new HashMap<GrantedFeeds.GrantedFeed, Set<String>>();
        for (var indicator : written) {
            // a global feed (scope "global") is the platform's, never granted by a CIRT
            if (indicator.scope() != null
                    && !"global".equals(indicator.scope())
                    && SourceTlp.GRANTABLE.contains(indicator.tlp())) {
                granted.computeIfAbsent(
                        new GrantedFeeds.GrantedFeed(indicator.scope(), indicator.feed()),
                        f -> Set.copyOf(readers.cirtsReached(f)));
            }
        }
        return (indicator, tenant) -> indicator.isVisibleTo(tenant)
                || SourceTlp.GRANTABLE.contains(indicator.tlp())
                        && granted.getOrDefault(
                                        new GrantedFeeds.GrantedFeed(indicator.scope(), indicator.feed()), Set.of())
                                .contains(tenant);
    }

    /** Whether a CIRT may see an indicator just written (its visibility, or a grant of its feed). */
    @FunctionalInterface
    public interface Reach {
        boolean reaches(Indicator indicator, String tenant);
    }

    /**
     * Makes every indicator written so far match at once (a feed run calls it when it ends).
     *
     * @throws IOException when search cannot be reached
     */
    public void refresh() throws IOException {
        index.refresh();
    }

    /**
     * The indicators matching observables, as a CIRT may see them: only the sources it may see
     * under their TLP or through a feed's grant, and that have not expired, confidence decayed to now.
     *
     * @throws IOException when search cannot be reached
     */
    public List<Match> match(String tenant, Collection<Observable> observables) throws IOException {
        if (observables.isEmpty()) {
            return List.of();
        }
        var now = clock.instant();
        var reader = readers.cirt(tenant);
        var wanted = new VisibleMatches(reader, observables, now);
        return wanted.matches(index.candidates(reader, wanted.ids(), wanted.addresses(), wanted.networks(), now));
    }

    /**
     * Looks one value up for a CIRT: refanged, of the type given or told from the value, then
     * matched as {@link #match} does.
     *
     * @param type the observable type's wire name, or null to tell it from the value
     * @throws ApiException 400 for a value that is empty, too long or not an observable of the type,
     *         503 when search is unavailable
     */
    public Lookup lookup(String tenant, String value, String type) {
        var observable = observable(value, type);
        try {
            return new Lookup(observable, match(tenant, List.of(observable)));
        } catch (IOException e) {
            throw new ApiException(
                    ProblemType.UNAVAILABLE, "Search is unavailable right now; try again later", List.of(), e);
        }
    }

    /** The value refanged and normalised, of the type given or told from it (400 naming what is wrong). */
    static Observable observable(String value, String type) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalid("value", "a value to look up is required");
        }
        if (value.length() > MAX_LOOKUP) {
            throw ApiException.invalid("value", "at most %d characters".formatted(MAX_LOOKUP));
        }
        if (type == null || type.isBlank()) {
            return Normaliser.detect(value)
                    .orElseThrow(() ->
                            ApiException.invalid("value", "the type of the value cannot be told; give it with type"));
        }
        ObservableType kind;
        try {
            kind = ObservableType.fromWire(type);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("type", "one of " + String.join(", ", ObservableType.wireNames()));
        }
        try {
            return Normaliser.normalise(kind, Refang.refang(value).strip());
        } catch (InvalidObservableException e) {
            throw ApiException.invalid("value", e.getMessage());
        }
    }

    /**
     * Removes up to {@code max} indicators expired by now.
     *
     * @return how many were removed
     * @throws IOException when search cannot be reached
     */
    public int removeExpired(int max) throws IOException {
        return index.deleteExpired(clock.instant(), max);
    }
}
