package org.opencirt.exchange.service;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.CharConversionException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what a STIX import receives: a TAXII envelope ({@code {"objects": [...]}}, other members such as
 * {@code more} and {@code next} ignored) or a STIX bundle ({@code {"type": "bundle", "id": ..., "objects": [...]}}).
 * {@link #scan} reads the whole body before anything is stored, so a body that is not JSON or not such an object
 * is refused whole; {@link #each} then hands its objects over one at a time. Both use Jackson's streaming parser,
 * so an object is a tree only while it is handled.
 */
public final class StixBundles {

    /** The most objects one request may hold. */
    public static final int MAX_OBJECTS = 10_000;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(100)
                            .maxStringLength(1_000_000)
                            .build())
                    .build())
            .build();

    private StixBundles() {}

    /** The body is no envelope or bundle; the message says why, in plain words. */
    public static final class Malformed extends Exception {
        Malformed(String message) {
            super(message);
        }
    }

    /** The body holds more than {@link #MAX_OBJECTS} objects. */
    public static final class TooManyObjects extends Exception {
        TooManyObjects() {
            super("at most %d objects per request".formatted(MAX_OBJECTS));
        }
    }

    /**
     * One object of the body as the scan saw it.
     *
     * @param index   its 0-based place in {@code objects}
     * @param id      its {@code id}, or null
     * @param version its {@code modified} (else {@code created}), or null
     */
    public record Entry(int index, String id, String version) {}

    /** Handles one object of the body. */
    @FunctionalInterface
    public interface Handler {
        void object(int index, JsonNode object);
    }

    /**
     * Reads the whole body: one JSON object whose {@code type}, when present, is {@code bundle}, holding an
     * {@code objects} array, and nothing after it.
     *
     * @return each object's index, id and version
     * @throws Malformed when the body is not such a JSON object
     * @throws TooManyObjects when it holds more than {@link #MAX_OBJECTS} objects
     */
    public static List<Entry> scan(byte[] body) throws Malformed, TooManyObjects {
        var entries = new ArrayList<Entry>();
        read(body, (index, object) -> {
            if (index >= MAX_OBJECTS) {
                throw new Stop();
            }
            entries.add(new Entry(index, text(object, "id"), version(object)));
        });
        return entries;
    }

    /**
     * Hands each object of a body that {@link #scan} accepted to the handler, in order.
     *
     * @throws Malformed when the body is not an envelope or a bundle (never for a body {@link #scan} accepted)
     */
    public static void each(byte[] body, Handler handler) throws Malformed {
        try {
            read(body, handler);
        } catch (TooManyObjects e) {
            throw new IllegalStateException("a scanned body holds at most the objects it may", e);
        }
    }

    /** An object's version: {@code modified}, else {@code created}, else null. */
    public static String version(JsonNode object) {
        var modified = text(object, "modified");
        return modified != null ? modified : text(object, "created");
    }

    /** A text member of an object, or null. */
    public static String text(JsonNode object, String name) {
        var value = object.get(name);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** Thrown by the scan's handler past the limit. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    private static void read(byte[] body, Handler handler) throws Malformed, TooManyObjects {
        try (JsonParser p = MAPPER.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new Malformed("the body is not a JSON object with 'objects'");
            }
            var sawObjects = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                var name = p.currentName();
                var value = p.nextToken();
                if (name.equals("objects")) {
                    if (value != JsonToken.START_ARRAY) {
                        throw new Malformed("'objects' is not an array");
                    }
                    sawObjects = true;
                    var index = 0;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        JsonNode object = MAPPER.readTree(p);
                        handler.object(index++, object);
                    }
                } else if (name.equals("type")) {
                    if (value != JsonToken.VALUE_STRING || !"bundle".equals(p.getText())) {
                        throw new Malformed("'type' is not 'bundle': send a STIX bundle or a TAXII envelope");
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (!sawObjects) {
                throw new Malformed("no 'objects' array");
            }
            if (p.nextToken() != null) {
                throw new Malformed("something follows the JSON object");
            }
        } catch (Stop e) {
            throw new TooManyObjects();
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            throw new Malformed(
                    where == null
                            ? "not valid JSON"
                            : "not valid JSON (line %d, column %d)".formatted(where.getLineNr(), where.getColumnNr()));
        } catch (CharConversionException e) {
            throw new Malformed("not valid JSON: the text is not UTF-8, UTF-16 or UTF-32");
        } catch (IOException e) {
            throw new Malformed("not valid JSON");
        }
    }
}
