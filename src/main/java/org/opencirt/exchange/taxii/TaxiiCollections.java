package org.opencirt.exchange.taxii;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The four collections of every CIRT's API root. Their ids are name-based UUIDs of the CIRT and the collection's
 * name, so they never change and a partner may keep them; the same name under two CIRTs gives two ids.
 */
public final class TaxiiCollections {

    /** One collection of a root, before it is tied to a CIRT. */
    record Kind(String name, String title, String description, boolean canRead, boolean canWrite) {}

    static final List<Kind> KINDS = List.of(
            new Kind(
                    "indicators",
                    "Indicators",
                    "STIX indicators of the CIRT that your CIRT may see (its own, or shared with it)",
                    true,
                    false),
            new Kind(
                    "incidents",
                    "Incidents",
                    "STIX incidents of the CIRT that your CIRT may see (its own, or shared with it)",
                    true,
                    false),
            new Kind(
                    "advisories",
                    "Advisories",
                    "STIX reports of the CIRT's published advisories that your CIRT may see",
                    true,
                    false),
            new Kind("inbox", "Inbox", "Where a partner sends STIX objects to the CIRT", false, true));

    private TaxiiCollections() {}

    /** The id of a CIRT's collection: a name-based UUID of {@code opencirt-taxii:<cirt>:<name>}. */
    public static UUID id(String cirt, String name) {
        return UUID.nameUUIDFromBytes(
                "opencirt-taxii:%s:%s".formatted(cirt, name).getBytes(StandardCharsets.UTF_8));
    }

    /** The kind of a CIRT's collection with this id (as sent in the path), or empty. */
    static Optional<Kind> byId(String cirt, String id) {
        return KINDS.stream()
                .filter(kind -> id(cirt, kind.name()).toString().equalsIgnoreCase(id))
                .findFirst();
    }
}
