package org.opencirt.common.yaml;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML document read into a JSON tree that remembers the line of every value, so that errors
 * found later (schema, binding, semantics) can name the line a person has to fix.
 */
public final class LocatedTree {

    private static final YAMLFactory YAML = YAMLFactory.builder().build();

    private final JsonNode root;
    private final Map<String, Integer> lines;

    private LocatedTree(JsonNode root, Map<String, Integer> lines) {
        this.root = root;
        this.lines = lines;
    }

    public JsonNode root() {
        return root;
    }

    /** The line of the value at a JSON pointer, or of its nearest ancestor that has one. */
    public int lineOf(String pointer) {
        var p = pointer == null || pointer.equals("/") ? "" : pointer;
        while (true) {
            var line = lines.get(p);
            if (line != null) {
                return line;
            }
            if (p.isEmpty()) {
                return 1;
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }

    /**
     * Reads one YAML document.
     *
     * @throws YamlException with the line and column of a syntax error
     */
    public static LocatedTree parse(String text) {
        return parse(text, false);
    }

    /**
     * Reads one YAML document of plain data, as a message from outside sends it: no tags
     * ({@code !!binary}, {@code !foo}), no aliases ({@code *name}: nothing is expanded, so an
     * anchor alone is inert and read as its value; the parser does not report anchors on scalars),
     * no key twice in a mapping. The caller bounds the size of {@code text}; the parser's own
     * limits (nesting, code points) hold as for {@link #parse}.
     *
     * @throws YamlException with the line of the first offending token
     */
    public static LocatedTree parsePlain(String text) {
        return parse(text, true);
    }

    private static LocatedTree parse(String text, boolean plain) {
        try (var parser = YAML.createParser(text)) {
            var lines = new HashMap<String, Integer>();
            var token = parser.nextToken();
            if (token == null) {
                throw new YamlException(1, "the document is empty");
            }
            var root = read(parser, "", lines, plain);
            return new LocatedTree(root, lines);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var location = e.getLocation();
            throw new YamlException(location == null ? 1 : location.getLineNr(), e.getOriginalMessage());
        } catch (IOException e) {
            throw new YamlException(1, e.getMessage());
        }
    }

    private static JsonNode read(JsonParser parser, String pointer, Map<String, Integer> lines, boolean plain)
            throws IOException {
        var line = parser.currentTokenLocation().getLineNr();
        lines.put(pointer, line);
        if (plain && parser instanceof YAMLParser yaml) {
            if (yaml.isCurrentAlias()) {
                throw new YamlException(line, "aliases are not accepted");
            }
            if (yaml.getTypeId() != null) {
                throw new YamlException(line, "tags are not accepted");
            }
            if (yaml.getObjectId() != null) {
                throw new YamlException(line, "anchors are not accepted");
            }
        }
        var factory = JsonNodeFactory.instance;
        return switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = factory.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    var name = parser.currentName();
                    if (plain && object.has(name)) {
                        throw new YamlException(
                                parser.currentTokenLocation().getLineNr(), "a key appears twice in one mapping");
                    }
                    parser.nextToken();
                    object.set(
                            name,
                            read(parser, pointer + "/" + name.replace("~", "~0").replace("/", "~1"), lines, plain));
                }
                yield object;
            }
            case START_ARRAY -> {
                ArrayNode array = factory.arrayNode();
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(parser, pointer + "/" + index++, lines, plain));
                }
                yield array;
            }
            case VALUE_STRING -> factory.textNode(parser.getText());
            case VALUE_NUMBER_INT -> factory.numberNode(parser.getBigIntegerValue());
            case VALUE_NUMBER_FLOAT -> factory.numberNode(parser.getDecimalValue());
            case VALUE_TRUE -> factory.booleanNode(true);
            case VALUE_FALSE -> factory.booleanNode(false);
            case VALUE_NULL -> factory.nullNode();
            default ->
                throw new YamlException(
                        parser.currentTokenLocation().getLineNr(), "unexpected " + parser.currentToken());
        };
    }

    /** A YAML syntax error. */
    public static final class YamlException extends RuntimeException {
        private final int line;

        public YamlException(int line, String message) {
            super(message);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }
}
