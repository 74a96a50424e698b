package org.opencirt.feed.parse;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.opencirt.common.Tlp;
import org.opencirt.observable.ObservableType;

/**
 * What STIX 2.1 objects (from a bundle or TAXII pages) give, one object at a time.
 *
 * <ul>
 *   <li>{@code indicator} with {@code pattern_type} {@code stix} (or none, as in STIX 2.0): each
 *       comparison of a simple pattern ({@link StixPattern}) whose path is
 *       {@code ipv4-addr:value} / {@code ipv6-addr:value} (a network if it has a {@code /}),
 *       {@code domain-name:value}, {@code url:value}, {@code email-addr:value},
 *       {@code file:hashes.MD5|SHA-1|SHA-256|SHA-512} (quoted or not) or
 *       {@code autonomous-system:number} is an item; another path is invalid
 *       ({@code unsupported object path}), and so is the whole pattern when it is complex. Items
 *       get the TLP of {@code object_marking_refs} (TLP 2.0 and 1.0 ids, 1.0 WHITE as CLEAR, and
 *       TLP marking definitions met earlier in the stream; the strictest wins), firstSeen
 *       {@code valid_from}, lastSeen {@code modified}, {@code confidence}, tags {@code labels}
 *       then {@code indicator_types}, description {@code description} (else {@code name}),
 *       sourceId the indicator id, and a classification when the classifications map a label or
 *       indicator type (or a label is an RSIT type).</li>
 *   <li>An indicator whose {@code valid_until} has passed is invalid ({@code expired (valid_until
 *       ...)}), as is a {@code revoked} one and one with another {@code pattern_type}: counted,
 *       reported, skipped.</li>
 *   <li>Cyber observables standing alone are items: {@code ipv4-addr}, {@code ipv6-addr},
 *       {@code domain-name}, {@code url}, {@code email-addr} ({@code value}),
 *       {@code autonomous-system} ({@code number}), {@code file} (one item per supported hash;
 *       a file without one is invalid). sourceId the object id; TLP as above.</li>
 *   <li>Other STIX 2.1 object types (reports, malware, relationships, identities, marking
 *       definitions, other observables...) are understood and skipped, each counted with
 *       {@link ItemSink#skipped} as {@code not an indicator: <type>}; an object type
 *       STIX 2.1 does not define is invalid ({@code unsupported STIX object type 'x'}).</li>
 * </ul>
 */
final class StixObjects {

    static final Set<String> SKIPPED = Set.of(
            "attack-pattern",
            "campaign",
            "course-of-action",
            "grouping",
            "identity",
            "incident",
            "infrastructure",
            "intrusion-set",
            "location",
            "malware",
            "malware-analysis",
            "note",
            "observed-data",
            "opinion",
            "report",
            "threat-actor",
            "tool",
            "vulnerability",
            "relationship",
            "sighting",
            "artifact",
            "directory",
            "email-message",
            "mac-addr",
            "mutex",
            "network-traffic",
            "process",
            "software",
            "user-account",
            "windows-registry-key",
            "x509-certificate",
            "language-content",
            "marking-definition",
            "extension-definition");

    /** The reason each skipped type is counted under, made once: {@code "not an indicator: report"}. */
    private static final Map<String, String> SKIP_REASONS =
            SKIPPED.stream().collect(Collectors.toUnmodifiableMap(t -> t, t -> Skips.NOT_AN_INDICATOR + t));

    private static final Map<String, ObservableType> VALUE_OBJECTS = Map.of(
            "ipv4-addr", ObservableType.IPV4,
            "ipv6-addr", ObservableType.IPV6,
            "domain-name", ObservableType.DOMAIN,
            "url", ObservableType.URL,
            "email-addr", ObservableType.EMAIL);

    private static final String TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

    private final Draft.Rules rules;
    private final Clock clock;
    private final ItemSink sink;
    private final Map<String, Tlp> markings = new HashMap<>(TlpLabels.STIX_MARKINGS);
    private Instant latest;

    StixObjects(ParserOptions options, Clock clock, ItemSink sink) {
        this.rules = new Draft.Rules(options, null, Map.of());
        this.clock = clock;
        this.sink = sink;
    }

    /** The latest {@code modified} (else {@code created}) of the objects seen, or null. */
    Instant latest() {
        return latest;
    }

    void object(JsonNode object, long position) {
        if (!object.isObject()) {
            sink.invalid(position, "not a STIX object", Excerpts.of(object));
            return;
        }
        String type = Json.text(object, "type");
        if (type == null) {
            sink.invalid(position, "STIX object without a type", Excerpts.of(object));
            return;
        }
        Instant stamp = Timestamps.parse(Json.text(object, "modified"));
        if (stamp == null) {
            stamp = Timestamps.parse(Json.text(object, "created"));
        }
        if (stamp != null && (latest == null || stamp.isAfter(latest))) {
            latest = stamp;
        }
        if (type.equals("indicator")) {
            indicator(object, position);
        } else if (VALUE_OBJECTS.containsKey(type)) {
            observable(object, VALUE_OBJECTS.get(type), Json.text(object, "value"), position);
        } else if (type.equals("autonomous-system")) {
            String number = Json.text(object, "number");
            observable(object, ObservableType.ASN, number == null ? null : "AS" + number.strip(), position);
        } else if (type.equals("file")) {
            file(object, position);
        } else if (type.equals("marking-definition")) {
            marking(object);
            sink.skipped(position, SKIP_REASONS.get(type));
        } else if (SKIPPED.contains(type)) {
            sink.skipped(position, SKIP_REASONS.get(type));
        } else {
            sink.invalid(position, "unsupported STIX object type '" + Excerpts.of(type) + "'", Excerpts.of(object));
        }
    }

    private void indicator(JsonNode indicator, long position) {
        String patternType = Json.text(indicator, "pattern_type");
        if (patternType != null && !patternType.equalsIgnoreCase("stix")) {
            sink.invalid(
                    position, "unsupported pattern_type '" + Excerpts.of(patternType) + "'", Excerpts.of(indicator));
            return;
        }
        if (indicator.path("revoked").asBoolean(false)) {
            sink.invalid(position, "revoked indicator", Excerpts.of(indicator));
            return;
        }
        String validUntil = Json.text(indicator, "valid_until");
        Instant until = Timestamps.parse(validUntil);
        if (until != null && !until.isAfter(clock.instant())) {
            sink.invalid(position, "expired (valid_until " + validUntil + ")", Excerpts.of(indicator));
            return;
        }
        List<StixPattern.Comparison> comparisons;
        try {
            comparisons = StixPattern.parse(Json.text(indicator, "pattern"));
        } catch (StixPattern.Unsupported e) {
            sink.invalid(position, "unsupported pattern (" + e.getMessage() + ")", Excerpts.of(indicator));
            return;
        }
        List<String> tags = new ArrayList<>();
        strings(indicator.path("labels"), tags);
        strings(indicator.path("indicator_types"), tags);
        String classification = rules.classifyFirst(tags);
        Tlp tlp = tlp(indicator);
        for (StixPattern.Comparison comparison : comparisons) {
            ObservableType type = typeOf(comparison);
            if (type == null) {
                sink.invalid(
                        position,
                        "unsupported object path '" + Excerpts.of(comparison.path()) + "'",
                        Excerpts.of(indicator));
                continue;
            }
            String value = type == ObservableType.ASN ? "AS" + comparison.value() : comparison.value();
            Draft draft = new Draft(value);
            draft.type = type == ObservableType.IPV4 || type == ObservableType.IPV6
                    ? (value.indexOf('/') >= 0 ? ObservableType.CIDR : type)
                    : type;
            tags.forEach(draft::tag);
            draft.classification = classification;
            draft.tlp = tlp;
            draft.firstSeen = Timestamps.parse(Json.text(indicator, "valid_from"));
            draft.lastSeen = Timestamps.parse(Json.text(indicator, "modified"));
            draft.confidence(Json.text(indicator, "confidence"));
            String description = Json.text(indicator, "description");
            draft.description =
                    description != null && !description.isBlank() ? description : Json.text(indicator, "name");
            draft.sourceId = Json.text(indicator, "id");
            draft.finish(rules, position, () -> Excerpts.of(indicator), sink);
        }
    }

    private static ObservableType typeOf(StixPattern.Comparison c) {
        String object = c.objectType().toLowerCase(Locale.ROOT);
        String property = c.property();
        if (property.equals("value") && c.quoted() && VALUE_OBJECTS.containsKey(object)) {
            return VALUE_OBJECTS.get(object);
        }
        if (object.equals("autonomous-system") && property.equals("number") && isDigits(c.value())) {
            return ObservableType.ASN;
        }
        if (object.equals("file") && property.startsWith("hashes.") && c.quoted()) {
            return hashType(property.substring("hashes.".length()));
        }
        return null;
    }

    private static ObservableType hashType(String algorithm) {
        return switch (algorithm.toUpperCase(Locale.ROOT).replace("-", "").replace("_", "")) {
            case "MD5" -> ObservableType.MD5;
            case "SHA1" -> ObservableType.SHA1;
            case "SHA256" -> ObservableType.SHA256;
            case "SHA512" -> ObservableType.SHA512;
            default -> null;
        };
    }

    private void observable(JsonNode object, ObservableType type, String value, long position) {
        if (value == null) {
            sink.invalid(position, Json.text(object, "type") + " without a value", Excerpts.of(object));
            return;
        }
        Draft draft = new Draft(value);
        draft.type = (type == ObservableType.IPV4 || type == ObservableType.IPV6) && value.indexOf('/') >= 0
                ? ObservableType.CIDR
                : type;
        draft.tlp = tlp(object);
        draft.sourceId = Json.text(object, "id");
        draft.finish(rules, position, () -> Excerpts.of(object), sink);
    }

    private void file(JsonNode file, long position) {
        JsonNode hashes = file.path("hashes");
        boolean any = false;
        for (var hash : hashes.properties()) {
            ObservableType type = hashType(hash.getKey());
            String value = Json.text(hash.getValue());
            if (type != null && value != null) {
                any = true;
                observable(file, type, value, position);
            }
        }
        if (!any) {
            sink.invalid(position, "file without an MD5, SHA-1, SHA-256 or SHA-512 hash", Excerpts.of(file));
        }
    }

    /** Learns a TLP marking definition with an id of its own (TLP 1.0 style or the TLP 2.0 extension). */
    private void marking(JsonNode definition) {
        String id = Json.text(definition, "id");
        if (id == null || markings.containsKey(id)) {
            return;
        }
        Tlp tlp = null;
        if ("tlp".equalsIgnoreCase(Json.text(definition, "definition_type"))) {
            tlp = TlpLabels.parse(Json.text(definition.path("definition"), "tlp"));
        } else if (definition.path("extensions").has(TLP2_EXTENSION)) {
            tlp = TlpLabels.parse(Json.text(definition, "name"));
        }
        if (tlp != null) {
            markings.put(id, tlp);
        }
    }

    private Tlp tlp(JsonNode object) {
        Tlp tlp = null;
        for (JsonNode ref : object.path("object_marking_refs")) {
            tlp = TlpLabels.stricter(tlp, markings.get(ref.asText()));
        }
        return tlp;
    }

    private static void strings(JsonNode array, List<String> out) {
        for (JsonNode element : array) {
            String s = Json.text(element);
            if (s != null && !s.isBlank() && !out.contains(s.strip())) {
                out.add(s.strip());
            }
        }
    }

    private static boolean isDigits(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
