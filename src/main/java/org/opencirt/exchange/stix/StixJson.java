package org.opencirt.exchange.stix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.POJONode;

/** Turns the values the mapping builds (strings, numbers, maps) into plain JSON trees. */
final class StixJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StixJson() {}

    static JsonNode tree(JsonNode node) {
        return node instanceof POJONode pojo ? MAPPER.valueToTree(pojo.getPojo()) : node;
    }
}
