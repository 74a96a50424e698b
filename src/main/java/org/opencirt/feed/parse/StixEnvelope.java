package org.opencirt.feed.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Streams a JSON object holding an {@code objects} array: a STIX bundle or a TAXII envelope.
 * The objects go one at a time to a {@link StixObjects}; the other members (small: {@code type},
 * {@code more}, {@code next}, {@code title}...) are kept as trees for the caller.
 */
final class StixEnvelope {

    /** Checks a member other than {@code objects} as soon as it is read. */
    @FunctionalInterface
    interface MemberCheck {
        void check(String name, JsonNode value) throws FeedFormatException;
    }

    /**
     * @param members the members other than {@code objects}
     * @param objects how many objects were read
     * @param broken  whether a syntax error ended the reading inside the objects (reported as invalid)
     * @param sawObjects whether there was an {@code objects} array
     */
    record Result(Map<String, JsonNode> members, long objects, boolean broken, boolean sawObjects) {}

    private StixEnvelope() {}

    /**
     * @param firstIndex position of the first object (objects are numbered on across TAXII pages)
     * @throws FeedFormatException when the input is no JSON object, or breaks before its objects
     */
    static Result read(
            InputStream in, String what, long firstIndex, StixObjects handler, ItemSink sink, MemberCheck check)
            throws IOException {
        return read(in, what, firstIndex, handler, sink, check, false);
    }

    /**
     * {@link #read(InputStream, String, long, StixObjects, ItemSink, MemberCheck)} that, when
     * {@code arrays} is true, also takes a top-level JSON array as the objects (a plain list of
     * STIX objects); {@link Result#members()} is then empty.
     */
    static Result read(
            InputStream in,
            String what,
            long firstIndex,
            StixObjects handler,
            ItemSink sink,
            MemberCheck check,
            boolean arrays)
            throws IOException {
        Map<String, JsonNode> members = new LinkedHashMap<>();
        long index = firstIndex;
        boolean inObjects = false;
        boolean sawObjects = false;
        try (JsonParser p = Json.open(in)) {
            try {
                JsonToken first = p.nextToken();
                if (first == null) {
                    throw new FeedFormatException("empty input: no " + what);
                }
                if (first == JsonToken.START_ARRAY && arrays) {
                    sawObjects = true;
                    inObjects = true;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        handler.object(Json.MAPPER.readTree(p), index++);
                    }
                    return new Result(members, index - firstIndex, false, true);
                }
                if (first != JsonToken.START_OBJECT) {
                    throw new FeedFormatException("not a " + what + ": the JSON is " + Json.describe(first)
                            + (arrays ? ", not an object or an array of objects" : ", not an object"));
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if (name.equals("objects")) {
                        if (value == JsonToken.VALUE_NULL) {
                            continue;
                        }
                        if (value != JsonToken.START_ARRAY) {
                            throw new FeedFormatException(
                                    "not a " + what + ": 'objects' is " + Json.describe(value) + ", not an array");
                        }
                        sawObjects = true;
                        inObjects = true;
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            JsonNode object = Json.MAPPER.readTree(p);
                            handler.object(object, index++);
                        }
                        inObjects = false;
                    } else {
                        JsonNode node = Json.MAPPER.readTree(p);
                        members.put(name, node);
                        check.check(name, node);
                    }
                }
            } catch (JsonProcessingException | CharConversionException e) {
                if (!sawObjects) {
                    throw new FeedFormatException("not a " + what + ": " + JsonErrors.message(e), e);
                }
                sink.invalid(
                        index,
                        "JSON syntax error" + (inObjects ? "" : " after the objects") + ", the rest is not read: "
                                + JsonErrors.message(e),
                        "");
                return new Result(members, index - firstIndex, true, true);
            }
        }
        return new Result(members, index - firstIndex, false, sawObjects);
    }
}
