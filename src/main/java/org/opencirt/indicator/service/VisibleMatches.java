package org.opencirt.indicator.service;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opencirt.common.Tlp;
import org.opencirt.common.WireEnum;
import org.opencirt.indicator.model.IndicatorIds;
import org.opencirt.indicator.model.IndicatorView;
import org.opencirt.indicator.model.Match;
import org.opencirt.observable.Observable;
import org.opencirt.observable.ObservableType;
import org.opencirt.search.TenantGuard;

/**
 * Which indicators match a set of observables for one CIRT: the same value (by deterministic id),
 * an address inside an indicator's network, or an indicator's address inside an observed network.
 * A match holds only the sources of the indicator that the CIRT may see and that have not expired
 * (an indicator with none does not match); each source's confidence is decayed by the days since
 * that source last saw it. The index finds the candidates; this decides what of them is shown.
 */
final class VisibleMatches {

    private final TenantGuard.Reader reader;
    private final Instant now;
    private final Map<String, List<Observable>> byId = new HashMap<>();
    private final List<Observable> addresses = new ArrayList<>();
    private final List<Observable> networks = new ArrayList<>();

    VisibleMatches(TenantGuard.Reader reader, Collection<Observable> observables, Instant now) {
        this.reader = reader;
        this.now = now;
        for (var o : observables) {
            byId.computeIfAbsent(IndicatorIds.idOf(o.type().wireName(), o.value()), k -> new ArrayList<>())
                    .add(o);
            if (o.type() == ObservableType.IPV4 || o.type() == ObservableType.IPV6) {
                addresses.add(o);
            } else if (o.type() == ObservableType.CIDR) {
                networks.add(o);
            }
        }
    }

    Collection<String> ids() {
        return byId.keySet();
    }

    List<String> addresses() {
        return addresses.stream().map(Observable::value).toList();
    }

    List<String> networks() {
        return networks.stream().map(Observable::value).toList();
    }

    /** The matches among the candidate documents the index found. */
    List<Match> matches(List<Map<String, Object>> candidates) {
        var matches = new ArrayList<Match>();
        var parsedAddresses = Parsed.of(addresses);
        var parsedNetworks = Parsed.of(networks);
        for (var doc : candidates) {
            var sources = visibleSources(reader, doc, now);
            if (sources.isEmpty()) {
                continue;
            }
            var view = view(doc, sources);
            for (var o : matched(doc, parsedAddresses, parsedNetworks)) {
                matches.add(new Match(
                        o,
                        view.id(),
                        view.type(),
                        view.value(),
                        view.feeds(),
                        view.classification(),
                        view.category(),
                        view.confidence(),
                        view.tlp(),
                        sources));
            }
        }
        return matches;
    }

    /**
     * An indicator as a CIRT sees it, from the sources it may see (at least one): their feeds, the
     * highest confidence with its source's classification, the strictest TLP among them.
     */
    static IndicatorView view(Map<String, Object> doc, List<Match.Source> sources) {
        var feeds = sources.stream().map(Match.Source::feed).distinct().toList();
        var strongest = sources.stream()
                .max(Comparator.comparingInt(Match.Source::confidence).thenComparing(s -> s.classification() != null))
                .orElseThrow();
        var classified = sources.stream()
                .filter(s -> s.classification() != null)
                .max(Comparator.comparingInt(Match.Source::confidence))
                .orElse(strongest);
        var tlp = sources.stream()
                .map(s -> WireEnum.fromWire(Tlp.class, s.tlp()))
                .max(Comparator.naturalOrder())
                .orElseThrow();
        return new IndicatorView(
                text(doc, "id"),
                text(doc, "type"),
                text(doc, "value"),
                feeds,
                classified.classification(),
                classified.category(),
                strongest.confidence(),
                tlp.wire(),
                sources);
    }

    /** The sources of an indicator document that the reader may see (its CIRT's, or granted) and that have not expired. */
    static List<Match.Source> visibleSources(TenantGuard.Reader reader, Map<String, Object> doc, Instant now) {
        if (!TenantGuard.mayRead(reader, doc)) {
            return List.of();
        }
        var visible = new ArrayList<Match.Source>();
        for (var source : SourceMerge.sources(doc)) {
            if (TenantGuard.mayRead(reader, source) && !SourceMerge.expired(source, now)) {
                visible.add(IndicatorDocuments.source(source, now));
            }
        }
        return visible;
    }

    /** An observable address or network, parsed once per lookup (null when it does not parse). */
    private record Parsed(Observable observable, IPAddress address) {
        static List<Parsed> of(List<Observable> observables) {
            return observables.stream()
                    .map(o -> new Parsed(o, new IPAddressString(o.value()).getAddress()))
                    .toList();
        }
    }

    private List<Observable> matched(Map<String, Object> doc, List<Parsed> addresses, List<Parsed> networks) {
        var result = new ArrayList<>(byId.getOrDefault(text(doc, "id"), List.of()));
        var range = text(doc, "ip_range");
        if (range != null) {
            var network = new IPAddressString(range).getAddress();
            for (var a : addresses) {
                if (network != null
                        && a.address() != null
                        && network.contains(a.address())
                        && !result.contains(a.observable())) {
                    result.add(a.observable());
                }
            }
        }
        var ip = text(doc, "ip");
        if (ip != null) {
            var address = new IPAddressString(ip).getAddress();
            for (var n : networks) {
                if (address != null
                        && n.address() != null
                        && n.address().contains(address)
                        && !result.contains(n.observable())) {
                    result.add(n.observable());
                }
            }
        }
        return result;
    }

    private static String text(Map<String, Object> doc, String field) {
        return IndicatorDocuments.text(doc, field);
    }
}
