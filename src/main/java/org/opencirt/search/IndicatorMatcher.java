package org.opencirt.search;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.json.JsonData;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opencirt.common.Tlp;
import org.opencirt.common.WireEnum;
import org.opencirt.observable.Observable;
import org.opencirt.observable.ObservableType;

/**
 * Finds the indicators a CIRT may see that match observables: the same value (by deterministic
 * id), an address inside an indicator's network, or an indicator's address inside an observed
 * network. A match holds only the sources of the indicator that the CIRT may see and that have
 * not expired (an indicator with none does not match); each source's confidence is decayed by
 * the days since that source last saw it.
 */
@ApplicationScoped
public class IndicatorMatcher {

    /** At most this many indicators come back for one call. */
    static final int MAX_HITS = 10_000;

    private final ElasticsearchClient client;
    private final SearchConfig config;

    IndicatorMatcher(ElasticsearchClient client, SearchConfig config) {
        this.client = client;
        this.config = config;
    }

    /**
     * An indicator that matched an observable, as the CIRT may see it: from the sources it may see
     * only, their feeds, the highest (decayed) confidence and its source's classification, and
     * the strictest TLP among them.
     */
    public record Match(Observable observable, String indicatorId, String type, String value, List<String> feeds,
            String classification, String category, int confidence, String tlp, List<Source> sources) {
    }

    /** One source of a matched indicator that the CIRT may see. */
    public record Source(String feed, String tlp, String classification, String category, int confidence, List<String> tags,
            Instant firstSeen, Instant lastSeen) {
    }

    /**
     * The matches of a set of observables for one CIRT.
     *
     * @throws IOException when Elasticsearch cannot be reached
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public List<Match> match(String tenant, Collection<Observable> observables, Instant now) throws IOException {
        if (observables.isEmpty()) {
            return List.of();
        }
        var ids = new ArrayList<FieldValue>();
        var byId = new HashMap<String, List<Observable>>();
        var addresses = new ArrayList<Observable>();
        var networks = new ArrayList<Observable>();
        for (var o : observables) {
            var id = IndicatorStore.idOf(o.type().wireName(), o.value());
            if (!byId.containsKey(id)) {
                ids.add(FieldValue.of(id));
            }
            byId.computeIfAbsent(id, k -> new ArrayList<>()).add(o);
            if (o.type() == ObservableType.IPV4 || o.type() == ObservableType.IPV6) {
                addresses.add(o);
            } else if (o.type() == ObservableType.CIDR) {
                networks.add(o);
            }
        }
        var should = new ArrayList<Query>();
        should.add(Query.of(q -> q.terms(t -> t.field("id").terms(v -> v.value(ids)))));
        for (var a : addresses) {
            should.add(Query.of(q -> q.term(t -> t.field("ip_range").value(a.value()))));
        }
        for (var n : networks) {
            should.add(Query.of(q -> q.term(t -> t.field("ip").value(n.value()))));
        }
        var notExpired = Query.of(q -> q.bool(b -> b
                .should(s -> s.range(r -> r.untyped(u -> u.field("expires_at").gt(JsonData.of(now.toString())))))
                .should(s -> s.bool(x -> x.mustNot(m -> m.exists(e -> e.field("expires_at")))))
                .minimumShouldMatch("1")));
        try {
            var response = client.search(s -> s
                    .index(Projection.INDICATORS.alias(config))
                    .size(MAX_HITS)
                    .query(q -> q.bool(b -> b.filter(TenantGuard.filter(tenant)).filter(notExpired)
                            .should(should).minimumShouldMatch("1"))),
                    (Class<Map<String, Object>>) (Class) Map.class);
            var matches = new ArrayList<Match>();
            var parsedAddresses = Parsed.of(addresses);
            var parsedNetworks = Parsed.of(networks);
            for (var hit : response.hits().hits()) {
                var doc = hit.source();
                var sources = visibleSources(tenant, doc, now);
                if (sources.isEmpty()) {
                    continue;
                }
                var feeds = sources.stream().map(Source::feed).distinct().toList();
                var strongest = sources.stream().max(Comparator.comparingInt(Source::confidence)
                        .thenComparing(s -> s.classification() != null)).orElseThrow();
                var classified = sources.stream().filter(s -> s.classification() != null)
                        .max(Comparator.comparingInt(Source::confidence)).orElse(strongest);
                var tlp = sources.stream().map(s -> WireEnum.fromWire(Tlp.class, s.tlp())).max(Comparator.naturalOrder()).orElseThrow();
                for (var o : matched(doc, byId, parsedAddresses, parsedNetworks)) {
                    matches.add(new Match(o, text(doc, "id"), text(doc, "type"), text(doc, "value"), feeds,
                            classified.classification(), classified.category(), strongest.confidence(), tlp.wire(), sources));
                }
            }
            return matches;
        } catch (ElasticsearchException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The sources of an indicator document that the CIRT may see and that have not expired. */
    private static List<Source> visibleSources(String tenant, Map<String, Object> doc, Instant now) {
        if (!TenantGuard.mayRead(tenant, doc)) {
            return List.of();
        }
        var visible = new ArrayList<Source>();
        for (var source : IndicatorStore.sources(doc)) {
            if (TenantGuard.mayRead(tenant, source) && !IndicatorStore.expired(source, now)) {
                visible.add(new Source(text(source, "feed"), text(source, "tlp"), text(source, "classification"),
                        text(source, "category"), decayed(source, now), strings(source.get("tags")), instant(source, "first_seen"),
                        instant(source, "last_seen")));
            }
        }
        return visible;
    }

    /** An observable address or network, parsed once per lookup (null when it does not parse). */
    private record Parsed(Observable observable, IPAddress address) {
        static List<Parsed> of(List<Observable> observables) {
            return observables.stream().map(o -> new Parsed(o, new IPAddressString(o.value()).getAddress())).toList();
        }
    }

    private static List<Observable> matched(Map<String, Object> doc, Map<String, List<Observable>> byId,
            List<Parsed> addresses, List<Parsed> networks) {
        var result = new ArrayList<>(byId.getOrDefault(text(doc, "id"), List.of()));
        var range = text(doc, "ip_range");
        if (range != null) {
            var network = new IPAddressString(range).getAddress();
            for (var a : addresses) {
                if (network != null && a.address() != null && network.contains(a.address()) && !result.contains(a.observable())) {
                    result.add(a.observable());
                }
            }
        }
        var ip = text(doc, "ip");
        if (ip != null) {
            var address = new IPAddressString(ip).getAddress();
            for (var n : networks) {
                if (address != null && n.address() != null && n.address().contains(address) && !result.contains(n.observable())) {
                    result.add(n.observable());
                }
            }
        }
        return result;
    }

    /** A source's confidence minus its feed's decay per day since the source last saw the indicator, never below 0. */
    static int decayed(Map<String, Object> doc, Instant now) {
        var confidence = doc.get("confidence") instanceof Number n ? n.intValue() : 0;
        var decay = doc.get("decay_per_day") instanceof Number n ? n.intValue() : 0;
        var lastSeen = text(doc, "last_seen");
        if (decay == 0 || lastSeen == null) {
            return confidence;
        }
        var days = Math.max(0, Duration.between(Instant.parse(lastSeen), now).toDays());
        return (int) Math.max(0, confidence - decay * days);
    }

    private static String text(Map<String, Object> doc, String field) {
        var value = doc.get(field);
        return value == null ? null : value.toString();
    }

    private static Instant instant(Map<String, Object> doc, String field) {
        var value = text(doc, field);
        return value == null ? null : Instant.parse(value);
    }

    private static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }
}
