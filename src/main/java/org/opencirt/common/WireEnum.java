package org.opencirt.common;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An enum with a stable name on the wire (JSON, query parameters, Elasticsearch), distinct from
 * the Java constant: {@code in-progress} for {@code IN_PROGRESS}, {@code AMBER+STRICT}.
 */
public interface WireEnum {

    /** The value as it appears in JSON and in queries: by default the constant in lower case with dashes. */
    @JsonValue
    default String wire() {
        return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Every wire value of an enum, in declaration order: what an error lists as allowed. */
    static List<String> wireValues(Class<?> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(c -> ((WireEnum) c).wire())
                .toList();
    }

    /**
     * The constant with a wire value.
     *
     * @throws IllegalArgumentException naming the allowed values
     */
    static <E extends Enum<E> & WireEnum> E fromWire(Class<E> type, String wire) {
        for (var constant : type.getEnumConstants()) {
            if (constant.wire().equals(wire)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("'%s' is not one of %s".formatted(wire, wireValues(type)));
    }
}
