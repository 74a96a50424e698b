package org.opencirt.common.problem;

import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import org.opencirt.common.WireEnum;

/**
 * What a JSON value must be, said in the words of JSON ("a string", "one of [...]"), for errors
 * about a value that could not be read: never the Java type it was meant for.
 */
final class JsonKinds {

    private JsonKinds() {}

    /** "a string", "a number", "an array", "one of [low, high]"... for the type a value was read into. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "a value of another kind";
        }
        if (type.isEnum()) {
            var values = WireEnum.class.isAssignableFrom(type)
                    ? WireEnum.wireValues(type)
                    : Arrays.stream(type.getEnumConstants())
                            .map(String::valueOf)
                            .toList();
            return "one of " + values;
        }
        if (type == String.class || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == int.class
                || type == long.class
                || type == short.class
                || type == byte.class
                || type == Integer.class
                || type == Long.class
                || type == Short.class
                || type == Byte.class) {
            return "a whole number";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (UUID.class.equals(type)) {
            return "a UUID";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "a date and time (RFC 3339, such as 2026-12-07T10:00:00Z)";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type)
                || type.isRecord()
                || !type.getName().startsWith("java.")) {
            return "an object";
        }
        return "a value of another kind";
    }
}
