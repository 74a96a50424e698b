package org.opencirt.tenant.constituency.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Properties of a jCard (RFC 7095) as RDAP entities carry it in {@code vcardArray}:
 * {@code ["vcard", [[name, parameters, type, value], ...]]}.
 */
final class Jcard {

    private Jcard() {}

    /** The non-blank text values of a property ({@code fn}, {@code email}, {@code org}: its first component). */
    static List<String> values(JsonNode entity, String name) {
        var values = new ArrayList<String>();
        for (var property : properties(entity)) {
            if (!isNamed(property, name)) {
                continue;
            }
            var value = property.get(3);
            var text = value.isArray() && !value.isEmpty() ? value.get(0) : value;
            if (text.isTextual() && !text.asText().isBlank()) {
                values.add(text.asText().strip());
            }
        }
        return values;
    }

    /** A parameter of the first property of that name ({@code cc} of {@code adr}, RFC 8605), or null. */
    static String parameter(JsonNode entity, String name, String parameter) {
        for (var property : properties(entity)) {
            if (isNamed(property, name) && property.get(1).path(parameter).isTextual()) {
                return property.get(1).path(parameter).asText();
            }
        }
        return null;
    }

    private static boolean isNamed(JsonNode property, String name) {
        return property.isArray()
                && property.size() >= 4
                && name.equalsIgnoreCase(property.get(0).asText());
    }

    private static JsonNode properties(JsonNode entity) {
        var card = entity.path("vcardArray");
        if (!card.isArray() || card.size() < 2 || !"vcard".equals(card.get(0).asText())) {
            return MissingNode.getInstance();
        }
        return card.get(1);
    }
}
