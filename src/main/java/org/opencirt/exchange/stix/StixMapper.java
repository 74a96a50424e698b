package org.opencirt.exchange.stix;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.opencirt.common.Tlp;
import org.opencirt.common.WireEnum;
import org.opencirt.indicator.model.IndicatorExport;

/**
 * Maps what a CIRT may see to STIX 2.1 objects (docs/exchange.md, "STIX 2.1 mapping"): pure functions, no I/O.
 * Every object names its producer's identity in {@code created_by_ref} and its TLP 2.0 marking in
 * {@code object_marking_refs}; the only custom properties are {@code x_opencirt_*} ones where STIX has no property.
 */
public final class StixMapper {

    /** STIX timestamps: UTC, millisecond precision. */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The open vocabulary of STIX's {@code indicator_types}: a classified indicator is malicious activity. */
    private static final String MALICIOUS = "malicious-activity";

    private StixMapper() {}

    /** A STIX timestamp. */
    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /** The producer's identity. */
    public static ObjectNode identity(StixFacts.Producer producer) {
        var identity = common("identity", StixIds.identity(producer.cirt()));
        identity.put("created", timestamp(producer.since()));
        identity.put("modified", timestamp(producer.since()));
        identity.put("name", producer.name());
        identity.put("identity_class", "organization");
        identity.putArray("sectors").add("government-national");
        identity.put("x_opencirt_cirt", producer.cirt());
        return identity;
    }

    /**
     * The cyber observable an observable is, with its deterministic id; empty for a type STIX has no observable for
     * (a CVE id).
     */
    public static Optional<ObjectNode> observable(StixFacts.Observable observable) {
        var value = observable.value();
        Map<String, Object> contributing = new LinkedHashMap<>();
        String type;
        switch (observable.type()) {
            case "ipv4", "ipv6", "cidr" -> {
                type = addressType(observable);
                contributing.put("value", value);
            }
            case "domain" -> {
                type = "domain-name";
                contributing.put("value", value);
            }
            case "url" -> {
                type = "url";
                contributing.put("value", value);
            }
            case "email" -> {
                type = "email-addr";
                contributing.put("value", value);
            }
            case "md5", "sha1", "sha256", "sha512" -> {
                type = "file";
                contributing.put("hashes", Map.of(hashName(observable.type()), value));
            }
            case "filename" -> {
                type = "file";
                contributing.put("name", value);
            }
            case "asn" -> {
                type = "autonomous-system";
                contributing.put("number", asNumber(value));
            }
            default -> {
                return Optional.empty();
            }
        }
        var sco = common(type, StixIds.sco(type, contributing));
        contributing.forEach((name, v) -> sco.set(name, NODES.pojoNode(v)));
        return Optional.of(normalised(sco));
    }

    /**
     * An indicator as a CIRT exports it: the observable, the indicator whose pattern matches it, and the
     * {@code based-on} relationship between them; empty for a type STIX has no pattern for.
     */
    public static List<ObjectNode> indicator(StixFacts.Producer producer, IndicatorExport indicator) {
        var sco = observable(new StixFacts.Observable(indicator.type(), indicator.value()));
        if (sco.isEmpty()) {
            return List.of();
        }
        var tlp = WireEnum.fromWire(Tlp.class, indicator.tlp());
        var created = timestamp(indicator.created());
        var modified = timestamp(indicator.modified());
        var id = StixIds.indicator(producer.cirt(), indicator.stixKey());
        var object = sdo("indicator", id, producer, tlp, created, modified);
        object.put("name", indicator.value());
        object.put("pattern", pattern(sco.get()));
        object.put("pattern_type", "stix");
        object.put("pattern_version", "2.1");
        object.put("valid_from", timestamp(indicator.validFrom()));
        if (indicator.validUntil() != null && indicator.validUntil().isAfter(indicator.validFrom())) {
            object.put("valid_until", timestamp(indicator.validUntil()));
        }
        object.putArray("indicator_types").add(indicator.classification() == null ? "unknown" : MALICIOUS);
        object.put("confidence", Math.max(0, Math.min(100, indicator.confidence())));
        var labels = new ArrayList<>(indicator.tags());
        if (indicator.classification() != null && !labels.contains(indicator.classification())) {
            labels.addFirst(indicator.classification());
        }
        if (!labels.isEmpty()) {
            var array = object.putArray("labels");
            labels.stream().filter(l -> !l.isBlank()).distinct().forEach(array::add);
        }
        indicator.sources().stream()
                .map(s -> s.description())
                .filter(d -> d != null && !d.isBlank())
                .findFirst()
                .ifPresent(d -> object.put("description", d));
        var references = NODES.arrayNode();
        for (var source : indicator.sources()) {
            var reference = references.addObject();
            reference.put("source_name", "opencirt-feed:" + source.feed());
            reference.put("description", "TLP:" + source.tlp());
            if (!source.sourceIds().isEmpty()) {
                reference.put("external_id", source.sourceIds().getFirst());
            }
        }
        object.set("external_references", references);
        if (indicator.category() != null) {
            object.put("x_opencirt_category", indicator.category());
        }
        var marked = sco.get();
        marked.putArray("object_marking_refs").add(TlpMarkings.id(tlp));
        var relationship = sdo(
                "relationship",
                StixIds.basedOn(producer.cirt(), indicator.stixKey()),
                producer,
                tlp,
                created,
                modified);
        relationship.put("relationship_type", "based-on");
        relationship.put("source_ref", id);
        relationship.put("target_ref", marked.get("id").asText());
        return List.of(object, marked, relationship);
    }

    /**
     * An incident as the caller may see it: the incident, its observables and a {@code related-to} relationship to each,
     * and for each observable that matched an indicator, a {@code sighting} of the producer's indicator with the
     * {@code observed-data} of what was seen. A revoked one is the incident alone, {@code revoked} (the caller may no
     * longer see the rest).
     */
    public static List<ObjectNode> incident(StixFacts.Producer producer, StixFacts.Incident incident) {
        var id = StixIds.incident(incident.id());
        var created = timestamp(incident.created());
        var modified = timestamp(incident.revokedAt() != null ? incident.revokedAt() : incident.modified());
        var object = sdo("incident", id, producer, incident.tlp(), created, modified);
        if (incident.revokedAt() != null) {
            object.put("name", "Incident no longer shared");
            object.put("revoked", true);
            return List.of(object);
        }
        object.put("name", incident.title() != null ? incident.title() : "Incident " + incident.id());
        if (incident.description() != null && !incident.description().isBlank()) {
            object.put("description", incident.description());
        }
        var labels = NODES.arrayNode();
        if (incident.category() != null) {
            labels.add(incident.category());
        }
        if (incident.type() != null) {
            labels.add(incident.type());
        }
        if (!labels.isEmpty()) {
            object.set("labels", labels);
        }
        if (incident.reference() != null) {
            object.putArray("external_references")
                    .addObject()
                    .put("source_name", "opencirt")
                    .put("external_id", incident.reference());
        }
        putIfPresent(object, "x_opencirt_state", incident.state());
        putIfPresent(object, "x_opencirt_severity", incident.severity());
        if (incident.occurredAt() != null) {
            object.put("x_opencirt_occurred_at", timestamp(incident.occurredAt()));
        }
        if (incident.reportedAt() != null) {
            object.put("x_opencirt_reported_at", timestamp(incident.reportedAt()));
        }
        var objects = new ArrayList<ObjectNode>();
        objects.add(object);
        var seen = new java.util.HashSet<String>();
        var scoOfValue = new java.util.HashMap<String, String>();
        for (var observable :
                incident.observables() == null ? List.<StixFacts.Observable>of() : incident.observables()) {
            var sco = observable(observable).orElse(null);
            if (sco == null || !seen.add(sco.get("id").asText())) {
                continue;
            }
            scoOfValue.putIfAbsent(observable.value(), sco.get("id").asText());
            sco.putArray("object_marking_refs").add(TlpMarkings.id(incident.tlp()));
            objects.add(sco);
            var relationship = sdo(
                    "relationship",
                    StixIds.incidentObservable(incident.id(), sco.get("id").asText()),
                    producer,
                    incident.tlp(),
                    created,
                    timestamp(incident.modified()));
            relationship.put("relationship_type", "related-to");
            relationship.put("source_ref", id);
            relationship.put("target_ref", sco.get("id").asText());
            objects.add(relationship);
        }
        for (var sighting : incident.sightings() == null ? List.<StixFacts.Sighting>of() : incident.sightings()) {
            var sco = scoOfValue.get(sighting.observable());
            if (sco != null) {
                objects.addAll(sighting(producer, incident, sighting, sco));
            }
        }
        return objects;
    }

    /** A sighting of the producer's indicator in an incident, and the observed data behind it, under the stricter label. */
    private static List<ObjectNode> sighting(
            StixFacts.Producer producer, StixFacts.Incident incident, StixFacts.Sighting sighting, String sco) {
        var tlp = sighting.tlp().isAtLeast(incident.tlp()) ? sighting.tlp() : incident.tlp();
        var seen = timestamp(sighting.seenAt());
        var observed = sdo("observed-data", StixIds.observedData(incident.id(), sco), producer, tlp, seen, seen);
        observed.put("first_observed", seen);
        observed.put("last_observed", seen);
        observed.put("number_observed", 1);
        observed.putArray("object_refs").add(sco);
        var indicator = StixIds.indicator(producer.cirt(), sighting.indicatorKey());
        var object = sdo("sighting", StixIds.sighting(incident.id(), sco, indicator), producer, tlp, seen, seen);
        object.put("first_seen", seen);
        object.put("last_seen", seen);
        object.put("count", 1);
        object.put("sighting_of_ref", indicator);
        object.putArray("observed_data_refs").add(observed.get("id").asText());
        object.putArray("where_sighted_refs").add(StixIds.identity(producer.cirt()));
        return List.of(observed, object);
    }

    /**
     * A published advisory as a STIX report: its CSAF metadata, the CVEs it covers as {@code external_references}
     * ({@code cve}), and the signed CSAF document's URL with its SHA-256 (ADR 25). A revoked one is the report alone,
     * {@code revoked}.
     */
    public static ObjectNode report(StixFacts.Producer producer, StixFacts.Advisory advisory) {
        var created = timestamp(advisory.published());
        var modified = timestamp(advisory.revokedAt() != null ? advisory.revokedAt() : advisory.modified());
        var report = sdo("report", StixIds.report(advisory.id()), producer, advisory.tlp(), created, modified);
        report.put("name", advisory.title());
        if (advisory.summary() != null && !advisory.summary().isBlank()) {
            report.put("description", advisory.summary());
        }
        report.putArray("report_types").add("vulnerability");
        report.put("published", created);
        // a report must reference something: its producer's identity, which the bundle or collection also holds
        report.putArray("object_refs").add(StixIds.identity(producer.cirt()));
        if (advisory.revokedAt() != null) {
            report.put("revoked", true);
        }
        var references = report.putArray("external_references");
        var csaf = references.addObject();
        csaf.put("source_name", "csaf");
        csaf.put("external_id", advisory.trackingId());
        csaf.put("url", advisory.csafUrl());
        if (advisory.sha256() != null) {
            csaf.putObject("hashes").put("SHA-256", advisory.sha256());
        }
        for (var cve : advisory.cves()) {
            references.addObject().put("source_name", "cve").put("external_id", cve);
        }
        return report;
    }

    /**
     * The TLP 2.0 marking definitions (and the extension's definition) that some of the objects reference.
     */
    public static List<ObjectNode> markings(Collection<ObjectNode> objects) {
        Set<Tlp> used = EnumSet.noneOf(Tlp.class);
        for (var object : objects) {
            for (var ref : object.path("object_marking_refs")) {
                for (var tlp : Tlp.values()) {
                    if (TlpMarkings.id(tlp).equals(ref.asText())) {
                        used.add(tlp);
                    }
                }
            }
        }
        var markings = new ArrayList<ObjectNode>();
        if (!used.isEmpty()) {
            markings.add(TlpMarkings.extensionDefinition());
        }
        used.forEach(tlp -> markings.add(TlpMarkings.definition(tlp)));
        return markings;
    }

    /** A bundle of the objects, with the producer's identity and the markings they reference, each object once. */
    public static ObjectNode bundle(StixFacts.Producer producer, List<ObjectNode> objects) {
        var bundle = NODES.objectNode();
        bundle.put("type", "bundle");
        bundle.put("id", "bundle--" + UUID.randomUUID());
        ArrayNode array = bundle.putArray("objects");
        var ids = new java.util.HashSet<String>();
        var all = new ArrayList<ObjectNode>();
        all.add(identity(producer));
        all.addAll(markings(objects));
        all.addAll(objects);
        for (var object : all) {
            if (ids.add(object.get("id").asText())) {
                array.add(object);
            }
        }
        return bundle;
    }

    /** The STIX pattern matching an observable exactly. */
    static String pattern(ObjectNode sco) {
        var type = sco.get("type").asText();
        return switch (type) {
            case "file" -> {
                if (sco.has("hashes")) {
                    var hash = sco.get("hashes").properties().iterator().next();
                    var name = hash.getKey().contains("-") ? "'" + hash.getKey() + "'" : hash.getKey();
                    yield "[file:hashes.%s = %s]"
                            .formatted(name, quoted(hash.getValue().asText()));
                }
                yield "[file:name = %s]".formatted(quoted(sco.get("name").asText()));
            }
            case "autonomous-system" ->
                "[autonomous-system:number = %d]".formatted(sco.get("number").asLong());
            default -> "[%s:value = %s]".formatted(type, quoted(sco.get("value").asText()));
        };
    }

    private static String quoted(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static String addressType(StixFacts.Observable observable) {
        return switch (observable.type()) {
            case "ipv4" -> "ipv4-addr";
            case "ipv6" -> "ipv6-addr";
            default -> observable.value().contains(":") ? "ipv6-addr" : "ipv4-addr";
        };
    }

    private static String hashName(String type) {
        return switch (type) {
            case "md5" -> "MD5";
            case "sha1" -> "SHA-1";
            case "sha256" -> "SHA-256";
            default -> "SHA-512";
        };
    }

    private static long asNumber(String value) {
        return Long.parseLong(value.regionMatches(true, 0, "AS", 0, 2) ? value.substring(2) : value);
    }

    /** Pojo values (a map of hashes, a number) as plain JSON nodes. */
    private static ObjectNode normalised(ObjectNode sco) {
        var result = NODES.objectNode();
        sco.properties().forEach(e -> result.set(e.getKey(), StixJson.tree(e.getValue())));
        return result;
    }

    private static ObjectNode common(String type, String id) {
        var object = NODES.objectNode();
        object.put("type", type);
        object.put("spec_version", "2.1");
        object.put("id", id);
        return object;
    }

    private static ObjectNode sdo(
            String type, String id, StixFacts.Producer producer, Tlp tlp, String created, String modified) {
        var object = common(type, id);
        object.put("created_by_ref", StixIds.identity(producer.cirt()));
        object.put("created", created);
        object.put("modified", modified.compareTo(created) < 0 ? created : modified);
        object.putArray("object_marking_refs").add(TlpMarkings.id(tlp));
        return object;
    }

    private static void putIfPresent(ObjectNode object, String field, String value) {
        if (value != null) {
            object.put(field, value);
        }
    }
}
