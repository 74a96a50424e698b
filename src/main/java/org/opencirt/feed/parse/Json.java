package org.opencirt.feed.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Streaming JSON: Jackson's {@link JsonParser} walks the document and only one record at a time
 * becomes a tree. Jackson's default read constraints hold (strings up to 20 million characters,
 * nesting up to 1000 levels); the parser never closes the stream it reads.
 */
final class Json {

    static final ObjectMapper MAPPER =
            JsonMapper.builder().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE).build();

    /** Reads one whole JSON document from a string (a JSON line); anything after it is an error. */
    static final ObjectReader DOCUMENT = MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {}

    /** Handles one record of an array. */
    @FunctionalInterface
    interface RecordHandler {
        void record(JsonNode record, long index) throws IOException;
    }

    /**
     * A parser over the bytes. Jackson guesses UTF-16 or UTF-32 from zero bytes at the start, and its
     * UTF-32 reader reports a bad character with a {@link java.io.CharConversionException}, not a
     * {@link JsonProcessingException}: every caller treats both as a syntax error.
     */
    static JsonParser open(InputStream in) throws IOException {
        try {
            return MAPPER.createParser(in);
        } catch (CharConversionException e) {
            // the guess itself failed (a UCS-4 byte order Jackson cannot read)
            throw new FeedFormatException("not JSON: " + JsonErrors.message(e), e);
        }
    }

    /**
     * Streams the elements of the array at {@code pointer} to the handler, with their 0-based index.
     *
     * <p>A syntax error before the array is reached (not JSON at all, an empty input), or no array
     * at the pointer, is a {@link FeedFormatException}. A syntax error inside the array (a
     * truncated download) ends the reading: the records read so far stay read, and one invalid
     * entry at the index of the broken record says why.
     *
     * @return the number of elements handled
     */
    static long forEachRecord(InputStream in, JsonPointer pointer, String what, ItemSink sink, RecordHandler handler)
            throws IOException {
        try (JsonParser p = open(in)) {
            try {
                JsonToken first = p.nextToken();
                if (first == null) {
                    throw new FeedFormatException("empty input: no JSON " + what);
                }
                JsonToken at = seek(p, pointer);
                if (at == null) {
                    throw new FeedFormatException("no " + what + " at JSON pointer '" + pointer + "'");
                }
                if (at != JsonToken.START_ARRAY) {
                    throw new FeedFormatException(
                            "expected the " + what + " as a JSON array at '" + pointer + "', found " + describe(at));
                }
            } catch (JsonProcessingException | CharConversionException e) {
                throw new FeedFormatException("not JSON: " + JsonErrors.message(e), e);
            }
            long index = 0;
            while (true) {
                JsonNode node;
                try {
                    JsonToken t = p.nextToken();
                    if (t == JsonToken.END_ARRAY) {
                        return index;
                    }
                    if (t == null) {
                        sink.invalid(index, "the JSON ends inside the " + what + " array (truncated?)", "");
                        return index;
                    }
                    node = MAPPER.readTree(p);
                } catch (JsonProcessingException | CharConversionException e) {
                    sink.invalid(index, "JSON syntax error, the rest is not read: " + JsonErrors.message(e), "");
                    return index;
                }
                handler.record(node, index++);
            }
        }
    }

    /**
     * Moves from the current token (the start of a value) to the value at the pointer; answers its
     * first token, or null when there is none.
     */
    static JsonToken seek(JsonParser p, JsonPointer pointer) throws IOException {
        JsonToken t = p.currentToken();
        if (pointer.matches()) {
            return t;
        }
        if (t == JsonToken.START_OBJECT) {
            String name = pointer.getMatchingProperty();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (field.equals(name)) {
                    return seek(p, pointer.tail());
                }
                p.skipChildren();
            }
            return null;
        }
        if (t == JsonToken.START_ARRAY) {
            int wanted = pointer.getMatchingIndex();
            if (wanted < 0) {
                return null;
            }
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (i++ == wanted) {
                    return seek(p, pointer.tail());
                }
                p.skipChildren();
            }
        }
        return null;
    }

    static String describe(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }

    /** The text of a scalar node (string, number, boolean), or null for missing, null, arrays and objects. */
    static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull() || node.isContainerNode()) {
            return null;
        }
        return node.asText();
    }

    /** The text of a field of an object node, or null. */
    static String text(JsonNode node, String field) {
        return node == null ? null : text(node.get(field));
    }
}
