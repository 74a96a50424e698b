package org.opencirt.exchange.stix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.opencirt.common.NameUuids;

/**
 * The ids of exported STIX objects, all deterministic so that two exports of the same thing give the same ids.
 *
 * <ul>
 *   <li>Cyber observables (SCOs): STIX 2.1's own rule, a version 5 UUID in the SCO namespace of the JSON
 *       (canonical: keys sorted, no blanks) of the type's id-contributing properties.</li>
 *   <li>An indicator and its {@code based-on} relationship: the indicator's {@code stixKey} (a version 5 UUID of its
 *       document id) combined with a version 5 UUID of the CIRT, reversibly, so the id is the CIRT's own and the
 *       indicator is found again from it (ADR 25).</li>
 *   <li>An incident: its own id (a random UUID, already unique). Its relationships to its observables, the CIRT's
 *       identity and an advisory's report: version 5 UUIDs of what they stand for in the platform's namespace.</li>
 * </ul>
 */
public final class StixIds {

    /** The namespace STIX 2.1 defines for deterministic SCO ids. */
    static final UUID SCO_NAMESPACE = UUID.fromString("00abedb4-aa42-466c-9c01-fed23315a9b7");

    /** OpenCIRT's own namespace for the ids of the objects it exports. */
    static final UUID OPENCIRT_NAMESPACE = UUID.fromString("4b2d9e7a-1c3f-5a8b-9d0e-2f4a6c8e0b1d");

    private static final ObjectMapper CANONICAL =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private StixIds() {}

    /** The id of an SCO from its id-contributing properties (values are strings, numbers or maps of them). */
    public static String sco(String type, Map<String, Object> contributing) {
        try {
            return type + "--" + NameUuids.v5(SCO_NAMESPACE, CANONICAL.writeValueAsString(contributing));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The identity of a CIRT. */
    public static String identity(String cirt) {
        return "identity--" + ours("identity:" + cirt);
    }

    /** The indicator a CIRT exports for an indicator document. */
    public static String indicator(String cirt, UUID stixKey) {
        return "indicator--" + NameUuids.mix(stixKey, ours("indicator:" + cirt));
    }

    /** The {@code based-on} relationship from a CIRT's indicator to its observable. */
    public static String basedOn(String cirt, UUID stixKey) {
        return "relationship--" + NameUuids.mix(stixKey, ours("based-on:" + cirt));
    }

    /** The {@code stixKey} of the indicator document behind an id {@link #indicator} or {@link #basedOn} made. */
    public static Optional<UUID> indicatorKey(String cirt, String id) {
        if (id.startsWith("indicator--")) {
            return uuid(id.substring("indicator--".length())).map(u -> NameUuids.mix(u, ours("indicator:" + cirt)));
        }
        if (id.startsWith("relationship--")) {
            return uuid(id.substring("relationship--".length())).map(u -> NameUuids.mix(u, ours("based-on:" + cirt)));
        }
        return Optional.empty();
    }

    /** An incident. */
    public static String incident(UUID id) {
        return "incident--" + id;
    }

    /** The relationship of an incident to one of its observables. */
    public static String incidentObservable(UUID incident, String scoId) {
        return "relationship--" + ours("incident-observable:" + incident + ":" + scoId);
    }

    /** What an incident saw of one of its observables, for a sighting. */
    public static String observedData(UUID incident, String scoId) {
        return "observed-data--" + ours("incident-observed:" + incident + ":" + scoId);
    }

    /** The sighting, in an incident, of an indicator through one of the incident's observables. */
    public static String sighting(UUID incident, String scoId, String indicatorId) {
        return "sighting--" + ours("incident-sighting:" + incident + ":" + scoId + ":" + indicatorId);
    }

    /** The report of a published advisory. */
    public static String report(UUID advisory) {
        return "report--" + ours("advisory:" + advisory);
    }

    private static UUID ours(String name) {
        return NameUuids.v5(OPENCIRT_NAMESPACE, name);
    }

    private static Optional<UUID> uuid(String text) {
        try {
            var uuid = UUID.fromString(text);
            return uuid.toString().equalsIgnoreCase(text) ? Optional.of(uuid) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
