package org.opencirt.exchange.taxii;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.exchange.service.StixExports;
import org.opencirt.exchange.stix.StixIds;
import org.opencirt.exchange.stix.StixMapper;
import org.opencirt.incident.service.IncidentService;
import org.opencirt.indicator.service.IndicatorQueries;
import org.opencirt.search.Cursors;

/**
 * The objects of a root's read collections, as the caller's CIRT may see them (docs/exchange.md, ADR 25): the root
 * CIRT's own users see its view; another CIRT sees what the root CIRT shares with it. Objects come in the order the
 * server made them visible to the caller ({@code date_added}), page by page with a signed {@code next}.
 *
 * <ul>
 *   <li>{@code indicators}: per indicator document, its indicator, observable and {@code based-on} relationship, all
 *       with the document's {@code added_at} (the server's time it, or a source of it, was first stored).</li>
 *   <li>{@code incidents}: for the root's own users every incident of the CIRT, {@code date_added} its last change;
 *       for another CIRT every incident a grant ever shared with it, {@code date_added} the earliest active grant,
 *       or, once every grant is revoked, a {@code revoked} version added at the revocation.</li>
 *   <li>{@code advisories}: a STIX report per published advisory (its latest version), for the root's own users
 *       every one ({@code date_added} its last change), for another CIRT those a grant shares with it, as
 *       incidents.</li>
 * </ul>
 *
 * Each object has one version, the current one: {@code match[version]} {@code first}, {@code last} and {@code all}
 * select it, a timestamp selects it when it is its version.
 */
@ApplicationScoped
public class TaxiiObjects {

    /** TAXII timestamps: UTC, microseconds (what PostgreSQL keeps; Elasticsearch's are whole milliseconds). */
    static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private static final UUID LAST_UUID = new UUID(-1L, -1L);
    private static final Set<String> INDICATOR_SCOS =
            Set.of("ipv4-addr", "ipv6-addr", "domain-name", "url", "email-addr", "file", "autonomous-system");

    private final TaxiiRoots roots;
    private final IndicatorQueries indicators;
    private final IncidentService incidents;
    private final StixExports exports;
    private final Cursors cursors;

    TaxiiObjects(
            TaxiiRoots roots,
            IndicatorQueries indicators,
            IncidentService incidents,
            StixExports exports,
            Cursors cursors) {
        this.roots = roots;
        this.indicators = indicators;
        this.incidents = incidents;
        this.exports = exports;
        this.cursors = cursors;
    }

    /** One object of a page, with what the manifest says of it. */
    record Item(String id, Instant dateAdded, String version, ObjectNode object) {}

    /** A page: its objects, whether more follow, and the {@code next} that reads them. */
    record Result(List<Item> items, boolean more, String next) {

        String first() {
            return items.isEmpty() ? null : TIMESTAMP.format(items.getFirst().dateAdded());
        }

        String last() {
            return items.isEmpty() ? null : TIMESTAMP.format(items.getLast().dateAdded());
        }
    }

    /**
     * A page of a collection's objects.
     *
     * @throws ApiException 404 for a root the caller's CIRT may not use or an unknown collection, 403 for a
     *     collection that cannot be read (the inbox), 400 for a wrong filter or a next of another query
     */
    Result read(String caller, Optional<UUID> partner, String cirt, String collection, TaxiiQuery query) {
        roots.collection(caller, partner.isPresent(), cirt, collection);
        var kind = TaxiiCollections.byId(cirt, collection).orElseThrow(() -> ApiException.notFound("Collection"));
        if (!kind.canRead()) {
            throw new ApiException(ProblemType.FORBIDDEN, "This collection cannot be read: send objects to it");
        }
        var reader = new StixExports.Reader(caller, partner.orElse(null));
        var page = switch (kind.name()) {
            case "indicators" -> indicators(reader, cirt, query);
            case "incidents" -> reader.isOwn(cirt) ? ownIncidents(cirt, query) : sharedIncidents(reader, cirt, query);
            case "advisories" -> advisories(reader, cirt, query);
            default -> new Result(List.of(), false, null);
        };
        var kept = page.items().stream().filter(item -> wanted(item, query)).toList();
        return new Result(kept, page.more(), page.next());
    }

    private static boolean wanted(Item item, TaxiiQuery query) {
        var type = item.object().get("type").asText();
        return (query.types().isEmpty() || query.types().contains(type))
                && (query.ids().isEmpty() || query.ids().contains(item.id()))
                && (query.specVersions().isEmpty() || query.specVersions().contains("2.1"))
                && versionWanted(item, query.versions());
    }

    private static boolean versionWanted(Item item, Set<String> versions) {
        for (var version : versions) {
            if (Set.of("first", "last", "all").contains(version)
                    || Instant.parse(version).equals(Instant.parse(item.version()))) {
                return true;
            }
        }
        return false;
    }

    private Result indicators(StixExports.Reader reader, String cirt, TaxiiQuery query) {
        var producer = exports.producer(cirt);
        var kinds = 3;
        List<String> platformTypes = null;
        if (!query.types().isEmpty()) {
            var scos = query.types().stream().filter(INDICATOR_SCOS::contains).toList();
            kinds = (query.types().contains("indicator") ? 1 : 0)
                    + (query.types().contains("relationship") ? 1 : 0)
                    + (scos.isEmpty() ? 0 : 1);
            if (kinds == 0) {
                return new Result(List.of(), false, null);
            }
            if (kinds == 1 && !scos.isEmpty()) {
                platformTypes = platformTypes(scos);
            }
        }
        List<UUID> keys = null;
        if (!query.ids().isEmpty()) {
            keys = new ArrayList<>();
            for (var id : query.ids()) {
                var key = StixIds.indicatorKey(cirt, id);
                if (key.isEmpty()) {
                    keys = null; // an observable's id: found by reading, not by key
                    break;
                }
                keys.add(key.get());
            }
        }
        var size = Math.max(1, query.limit() / kinds);
        var page = indicators.exportPage(
                reader.cirt(), cirt, reader.partner(), platformTypes, keys, query.addedAfter(), size, query.next());
        var items = new ArrayList<Item>();
        for (var indicator : page.indicators()) {
            for (var object : StixMapper.indicator(producer, indicator)) {
                items.add(item(object, indicator.dateAdded()));
            }
        }
        return new Result(items, page.next() != null, page.next());
    }

    private static List<String> platformTypes(List<String> scos) {
        var types = new ArrayList<String>();
        for (var sco : scos) {
            switch (sco) {
                case "ipv4-addr", "ipv6-addr" ->
                    types.addAll(List.of(sco.startsWith("ipv4") ? "ipv4" : "ipv6", "cidr"));
                case "domain-name" -> types.add("domain");
                case "url" -> types.add("url");
                case "email-addr" -> types.add("email");
                case "file" -> types.addAll(List.of("md5", "sha1", "sha256", "sha512", "filename"));
                case "autonomous-system" -> types.add("asn");
                default -> {}
            }
        }
        return List.copyOf(new HashSet<>(types));
    }

    private Result ownIncidents(String cirt, TaxiiQuery query) {
        var producer = exports.producer(cirt);
        var fingerprint = query.fingerprint("incidents:" + cirt);
        var position = cursors.position(query.next(), cirt, fingerprint, "next");
        Instant after = query.addedAfter();
        UUID afterId = after == null ? null : LAST_UUID;
        if (position != null) {
            after = Instant.parse(position.get(0));
            afterId = UUID.fromString(position.get(1));
        }
        var ids = incidentIds(query, "incident--");
        var size = query.limit();
        var page = incidents.pageByChange(cirt, after, afterId, ids, size + 1);
        var more = page.size() > size;
        var shown = more ? page.subList(0, size) : page;
        var items = new ArrayList<Item>();
        for (var incident : shown) {
            var facts = StixExports.facts(
                    incident,
                    java.util.EnumSet.allOf(org.opencirt.exchange.model.IncidentPart.class),
                    null,
                    null,
                    true);
            for (var object : StixMapper.incident(producer, facts)) {
                items.add(item(object, incident.updatedAt()));
            }
        }
        String next = null;
        if (more) {
            var last = shown.getLast();
            next = cursors.encodePosition(
                    cirt,
                    fingerprint,
                    List.of(last.updatedAt().toString(), last.id().toString()));
        }
        return new Result(items, more, next);
    }

    private Result sharedIncidents(StixExports.Reader reader, String cirt, TaxiiQuery query) {
        var producer = exports.producer(cirt);
        var ids = incidentIds(query, "incident--");
        return inMemory(reader, "incidents:" + cirt, query, exports.sharedEntries(cirt, reader), ids, entry -> {
            var facts = exports.sharedFacts(cirt, entry);
            return facts == null ? null : StixMapper.incident(producer, facts);
        });
    }

    private Result advisories(StixExports.Reader reader, String cirt, TaxiiQuery query) {
        var producer = exports.producer(cirt);
        List<UUID> ids = null;
        if (!query.ids().isEmpty()) {
            ids = new ArrayList<>();
            for (var id : query.ids()) {
                var advisory = reportAdvisory(cirt, id, reader);
                if (advisory == null) {
                    ids = null;
                    break;
                }
                ids.add(advisory);
            }
        }
        return inMemory(reader, "advisories:" + cirt, query, exports.advisoryEntries(cirt, reader), ids, entry -> {
            var facts = exports.advisoryFacts(cirt, entry);
            return facts == null ? null : List.of(StixMapper.report(producer, facts));
        });
    }

    /** The advisory whose report id this is, among those of the collection; null when it is no report id. */
    private UUID reportAdvisory(String cirt, String id, StixExports.Reader reader) {
        if (!id.startsWith("report--")) {
            return null;
        }
        return exports.advisoryEntries(cirt, reader).stream()
                .map(StixExports.SharedEntry::incident)
                .filter(advisory -> StixIds.report(advisory).equals(id))
                .findFirst()
                .orElse(new UUID(0, 0));
    }

    /**
     * Pages through entries read from PostgreSQL, sorted by (date added, id), after the signed position in
     * {@code next}; an entry whose objects are null (gone, or no longer shared) is passed over.
     */
    private Result inMemory(
            StixExports.Reader reader,
            String collection,
            TaxiiQuery query,
            List<StixExports.SharedEntry> entries,
            List<UUID> ids,
            java.util.function.Function<StixExports.SharedEntry, List<ObjectNode>> objectsOf) {
        // a partner's next serves only that partner, not its CIRT's users
        var fingerprint = query.fingerprint(collection + ":" + reader.partner());
        var caller = reader.cirt();
        var position = cursors.position(query.next(), caller, fingerprint, "next");
        var candidates = entries.stream()
                .filter(e -> query.addedAfter() == null || e.dateAdded().isAfter(query.addedAfter()))
                .filter(e -> ids == null || ids.contains(e.incident()))
                .filter(e -> position == null
                        || e.dateAdded().isAfter(Instant.parse(position.get(0)))
                        || e.dateAdded().equals(Instant.parse(position.get(0)))
                                && e.incident().toString().compareTo(position.get(1)) > 0)
                .toList();
        var items = new ArrayList<Item>();
        var taken = 0;
        StixExports.SharedEntry last = null;
        var index = 0;
        for (; index < candidates.size() && taken < query.limit(); index++) {
            var entry = candidates.get(index);
            last = entry;
            var objects = objectsOf.apply(entry);
            if (objects == null) {
                continue;
            }
            taken++;
            for (var object : objects) {
                items.add(item(object, entry.dateAdded()));
            }
        }
        var more = index < candidates.size();
        var next = more
                ? cursors.encodePosition(
                        caller,
                        fingerprint,
                        List.of(last.dateAdded().toString(), last.incident().toString()))
                : null;
        return new Result(items, more, next);
    }

    /** The incidents named by {@code match[id]}, when every id names one; null to read them all. */
    private static List<UUID> incidentIds(TaxiiQuery query, String prefix) {
        if (query.ids().isEmpty()) {
            return null;
        }
        var ids = new ArrayList<UUID>();
        for (var id : query.ids()) {
            if (!id.startsWith(prefix)) {
                return null;
            }
            ids.add(UUID.fromString(id.substring(prefix.length())));
        }
        return ids;
    }

    private static Item item(ObjectNode object, Instant dateAdded) {
        var version = object.has("modified")
                ? object.get("modified").asText()
                : object.has("created") ? object.get("created").asText() : TIMESTAMP.format(dateAdded);
        return new Item(object.get("id").asText().toLowerCase(Locale.ROOT), dateAdded, version, object);
    }
}
