package org.opencirt.exchange.stix;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;
import org.opencirt.common.Tlp;

/**
 * TLP 2.0 in STIX 2.1: the marking definitions of the TLP 2.0 extension, with their published ids, and the
 * extension's own definition. Exported objects reference them by {@code object_marking_refs}.
 */
public final class TlpMarkings {

    /** The TLP 2.0 extension definition. */
    public static final String EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

    /** Who published the extension definition (its {@code created_by_ref}). */
    static final String EXTENSION_CREATOR = "identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01";

    private static final String PUBLISHED = "2022-10-01T00:00:00.000Z";

    private static final Map<Tlp, String> IDS = Map.of(
            Tlp.CLEAR, "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
            Tlp.GREEN, "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
            Tlp.AMBER, "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
            Tlp.AMBER_STRICT, "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
            Tlp.RED, "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TlpMarkings() {}

    /** The id of a label's marking definition. */
    public static String id(Tlp tlp) {
        return IDS.get(tlp);
    }

    /** A label's marking definition. */
    public static ObjectNode definition(Tlp tlp) {
        var marking = NODES.objectNode();
        marking.put("type", "marking-definition");
        marking.put("spec_version", "2.1");
        marking.put("id", id(tlp));
        marking.put("created", PUBLISHED);
        marking.put("name", "TLP:" + tlp.wire());
        var extension = marking.putObject("extensions").putObject(EXTENSION);
        extension.put("extension_type", "property-extension");
        extension.put("tlp_2_0", tlp.wire().toLowerCase(Locale.ROOT));
        return marking;
    }

    /** The TLP 2.0 extension's definition, which the marking definitions name in {@code extensions}. */
    public static ObjectNode extensionDefinition() {
        var definition = NODES.objectNode();
        definition.put("type", "extension-definition");
        definition.put("spec_version", "2.1");
        definition.put("id", EXTENSION);
        definition.put("created_by_ref", EXTENSION_CREATOR);
        definition.put("created", PUBLISHED);
        definition.put("modified", PUBLISHED);
        definition.put("name", "TLP 2.0");
        definition.put("description", "Traffic Light Protocol (TLP) 2.0 marking definitions");
        definition.put(
                "schema",
                "https://github.com/oasis-open/cti-stix-common-objects/tree/main/extension-definition-specifications/tlp-2.0");
        definition.put("version", "1.0.0");
        definition.putArray("extension_types").add("property-extension");
        return definition;
    }
}
