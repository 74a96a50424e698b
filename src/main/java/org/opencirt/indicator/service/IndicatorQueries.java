package org.opencirt.indicator.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.opencirt.common.Tlp;
import org.opencirt.common.problem.ApiException;
import org.opencirt.indicator.model.IndicatorExport;
import org.opencirt.indicator.model.IndicatorIds;
import org.opencirt.indicator.model.IndicatorView;
import org.opencirt.indicator.model.Match;
import org.opencirt.observable.InvalidObservableException;
import org.opencirt.observable.Normaliser;
import org.opencirt.observable.ObservableType;
import org.opencirt.observable.Refang;
import org.opencirt.search.IndicatorPages;
import org.opencirt.search.TenantGuard;

/**
 * The indicator API's listing and reading: the indicators a CIRT may see, filtered, page by page
 * in a stable order, each with only the sources it may see. The filters on sources (when last
 * seen, TLP, feed) must hold for one visible source: a page may then hold fewer indicators than
 * its limit, and its {@code next} still leads on.
 */
@ApplicationScoped
public class IndicatorQueries {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final int MAX_TEXT = 500;

    private final IndicatorPages pages;
    private final Readers readers;
    private final Clock clock;

    IndicatorQueries(IndicatorPages pages, Readers readers, Clock clock) {
        this.pages = pages;
        this.readers = readers;
        this.clock = clock;
    }

    /** What a caller asks for; every field may be null. {@code text} is a prefix of the value; {@code tlp} labels to keep. */
    public record Request(
            String type,
            String value,
            String network,
            String text,
            String since,
            List<String> tlp,
            String source,
            Integer limit,
            String cursor) {}

    public record IndicatorList(List<IndicatorView> indicators, String next) {}

    /**
     * @throws ApiException 400 naming the parameter that is wrong, 503 when search is unavailable
     */
    public IndicatorList list(String tenant, Request request) {
        var limit = limit(request);
        var filter = filter(request);
        var now = clock.instant();
        var reader = readers.cirt(tenant);
        var page = pages.page(reader, filter, limit, blankToNull(request.cursor(), "cursor"), now);
        var indicators = new ArrayList<IndicatorView>();
        for (var doc : page.documents()) {
            var sources = VisibleMatches.visibleSources(reader, doc, now);
            if (sources.stream().anyMatch(s -> wanted(s, filter))) {
                indicators.add(VisibleMatches.view(doc, sources));
            }
        }
        return new IndicatorList(indicators, page.next());
    }

    private static int limit(Request request) {
        var limit = request.limit() == null ? DEFAULT_LIMIT : request.limit();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.invalid("limit", "from 1 to %d".formatted(MAX_LIMIT));
        }
        return limit;
    }

    private static IndicatorPages.Filter filter(Request request) {
        // a value is read as the lookup API reads it; a type alone only filters
        var observable = request.value() == null || request.value().isBlank()
                ? null
                : IndicatorService.observable(request.value(), request.type());
        var type = observable == null ? type(request.type()) : observable.type();
        var value = observable == null ? null : observable.value();
        return new IndicatorPages.Filter(
                null,
                type == null ? null : type.wireName(),
                value,
                network(request.network()),
                text(request.text()),
                since(request.since()),
                labels(request.tlp()),
                blankToNull(request.source(), "source"));
    }

    /**
     * The indicators a CIRT may see, filtered as {@link #list} filters them, as it may export them (STIX): one page, at
     * most {@value #MAX_LIMIT}.
     *
     * @throws ApiException 400 naming the parameter that is wrong, 503 when search is unavailable
     */
    public IndicatorExport.Page exportList(String tenant, Request request) {
        var limit = limit(request);
        var filter = filter(request);
        var now = clock.instant();
        var reader = readers.cirt(tenant);
        var page = pages.page(reader, filter, limit, blankToNull(request.cursor(), "cursor"), now);
        var exports = new ArrayList<IndicatorExport>();
        for (var doc : page.documents()) {
            var visible = new ArrayList<Map<String, Object>>();
            for (var source : SourceMerge.sources(doc)) {
                if (TenantGuard.mayRead(reader, source) && !SourceMerge.expired(source, now)) {
                    visible.add(source);
                }
            }
            var wanted =
                    visible.stream().map(s -> IndicatorDocuments.source(s, now)).anyMatch(s -> wanted(s, filter));
            if (wanted) {
                exports.add(export(doc, visible, now));
            }
        }
        return new IndicatorExport.Page(exports, page.next());
    }

    /** One indicator by id, with the sources the CIRT may see; 404 when it may see none. */
    public IndicatorView get(String tenant, String id) {
        if (id == null || id.length() > 100) {
            throw ApiException.notFound("Indicator");
        }
        var now = clock.instant();
        var filter = new IndicatorPages.Filter(id, null, null, null, null, null, List.of(), null);
        var reader = readers.cirt(tenant);
        for (var doc : pages.page(reader, filter, 1, null, now).documents()) {
            var sources = VisibleMatches.visibleSources(reader, doc, now);
            if (!sources.isEmpty()) {
                return VisibleMatches.view(doc, sources);
            }
        }
        throw ApiException.notFound("Indicator");
    }

    /**
     * A page of the indicators of a CIRT's TAXII root as a caller's CIRT may see them, in the order they were stored
     * (ADR 25). The root's own users see everything their CIRT may see; another CIRT sees only the root CIRT's own feeds'
     * sources that it may see under their TLP or through a feed's grant; a remote partner of the root's CIRT its CLEAR
     * and GREEN sources and those of its feeds granted to that partner (ADR 29).
     *
     * @param remotePartner the remote partner reading (its id), or null for a CIRT's users
     * @param root       the CIRT whose root is read
     * @param types      observable types (wire names) to keep, or null for all
     * @param stixKeys   the {@link IndicatorExport#stixKey}s to keep, or null for all
     * @param addedAfter only those stored after this, or null
     * @throws ApiException 400 for a cursor of another query, 503 when search is unavailable
     */
    public IndicatorExport.Page exportPage(
            String tenant,
            String root,
            UUID remotePartner,
            List<String> types,
            List<UUID> stixKeys,
            Instant addedAfter,
            int limit,
            String cursor) {
        var now = clock.instant();
        var scope = tenant.equals(root) && remotePartner == null ? null : root;
        // a remote partner of the root's CIRT is in its community, not in the platform's: CLEAR and GREEN only, and
        // what a grant of a feed names it for
        var reader = remotePartner == null ? readers.cirt(tenant) : readers.partnerOf(tenant, remotePartner);
        var filter = new IndicatorPages.AddedFilter(
                scope,
                null,
                addedAfter,
                stixKeys == null ? null : stixKeys.stream().map(UUID::toString).toList(),
                types);
        var page = pages.byDateAdded(reader, filter, limit, cursor, now);
        var exports = new ArrayList<IndicatorExport>();
        for (var doc : page.documents()) {
            var visible = new ArrayList<Map<String, Object>>();
            for (var source : SourceMerge.sources(doc)) {
                if (TenantGuard.mayRead(reader, source)
                        && !SourceMerge.expired(source, now)
                        && (scope == null || scope.equals(source.get("scope")))) {
                    visible.add(source);
                }
            }
            if (!visible.isEmpty()) {
                exports.add(export(doc, visible, now));
            }
        }
        return new IndicatorExport.Page(exports, page.next());
    }

    private static IndicatorExport export(Map<String, Object> doc, List<Map<String, Object>> sources, Instant now) {
        var view = VisibleMatches.view(
                doc,
                sources.stream().map(s -> IndicatorDocuments.source(s, now)).toList());
        var added = instant(doc.get("added_at"));
        Instant created = null;
        Instant modified = null;
        Instant validFrom = null;
        Instant validUntil = null;
        var never = false;
        var tags = new LinkedHashSet<String>();
        var exported = new ArrayList<IndicatorExport.ExportSource>();
        for (var source : sources) {
            var stored = Optional.ofNullable(instant(source.get("added_at"))).orElse(added);
            created = created == null || stored.isBefore(created) ? stored : created;
            modified = modified == null || stored.isAfter(modified) ? stored : modified;
            var first = Optional.ofNullable(instant(source.get("first_seen"))).orElse(stored);
            validFrom = validFrom == null || first.isBefore(validFrom) ? first : validFrom;
            var expires = instant(source.get("expires_at"));
            never |= expires == null;
            validUntil = expires != null && (validUntil == null || expires.isAfter(validUntil)) ? expires : validUntil;
            if (source.get("tags") instanceof List<?> list) {
                list.forEach(t -> tags.add(String.valueOf(t)));
            }
            exported.add(new IndicatorExport.ExportSource(
                    IndicatorDocuments.text(source, "feed"),
                    IndicatorDocuments.text(source, "tlp"),
                    source.get("source_ids") instanceof List<?> ids
                            ? ids.stream().map(String::valueOf).toList()
                            : List.of(),
                    IndicatorDocuments.text(source, "description")));
        }
        var key = IndicatorDocuments.text(doc, "stix_key");
        return new IndicatorExport(
                view.id(),
                key == null ? IndicatorIds.stixKey(view.id()) : UUID.fromString(key),
                view.type(),
                view.value(),
                view.tlp(),
                view.confidence(),
                view.classification(),
                view.category(),
                List.copyOf(tags),
                exported,
                validFrom,
                never ? null : validUntil,
                created,
                modified,
                added);
    }

    private static Instant instant(Object value) {
        return value == null ? null : Instant.parse(value.toString());
    }

    private static boolean wanted(Match.Source source, IndicatorPages.Filter filter) {
        return (filter.seenSince() == null
                        || source.lastSeen() != null && !source.lastSeen().isBefore(filter.seenSince()))
                && (filter.tlps().isEmpty() || filter.tlps().contains(source.tlp()))
                && (filter.feed() == null || filter.feed().equals(source.feed()));
    }

    private static ObservableType type(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return ObservableType.fromWire(text.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("type", "one of " + String.join(", ", ObservableType.wireNames()));
        }
    }

    /** A network (CIDR) or one address, as Elasticsearch's ip field takes it. */
    private static String network(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        var refanged = Refang.refang(text).strip();
        try {
            var kind = refanged.contains("/")
                    ? ObservableType.CIDR
                    : refanged.contains(":") ? ObservableType.IPV6 : ObservableType.IPV4;
            return Normaliser.normalise(kind, refanged).value();
        } catch (InvalidObservableException e) {
            throw ApiException.invalid("network", "a network (CIDR) or an address: " + e.getMessage());
        }
    }

    private static String text(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.length() > MAX_TEXT) {
            throw ApiException.invalid("text", "at most %d characters".formatted(MAX_TEXT));
        }
        return Refang.refang(text).strip();
    }

    private static Instant since(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("since", "a UTC time such as 2026-12-01T00:00:00Z");
        }
    }

    private static List<String> labels(List<String> given) {
        var labels = new ArrayList<String>();
        for (var text : given == null ? List.<String>of() : given) {
            labels.add(Tlp.ofLabel(text)
                    .orElseThrow(() -> ApiException.invalid("tlp", "CLEAR, GREEN, AMBER, AMBER+STRICT or RED"))
                    .wire());
        }
        return List.copyOf(labels);
    }

    private static String blankToNull(String text, String parameter) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (text.length() > MAX_TEXT * 4) {
            throw ApiException.invalid(parameter, "too long");
        }
        return text.strip();
    }
}
