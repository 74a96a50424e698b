package org.opencirt.observable;

import java.util.Objects;

/**
 * One observable: a type and its value in normalised form.
 *
 * <p>The value is normalised on construction (see {@link Normaliser#normalise}), so two
 * observables that denote the same thing are {@code equals}, and a value that is not valid for its
 * type cannot exist as an {@code Observable}: the constructor throws
 * {@link InvalidObservableException}. That holds for JSON too:
 * {@code {"type":"domain","value":"Example.COM."}} reads as {@code example.com}.
 *
 * <p>JSON form: {@code {"type":"ipv4","value":"198.51.100.7"}}.
 *
 * @param type  the kind of observable
 * @param value the normalised value
 */
public record Observable(ObservableType type, String value) {

    /**
     * @throws InvalidObservableException if {@code value} is not a valid {@code type}
     * @throws NullPointerException if {@code type} is null
     */
    public Observable {
        Objects.requireNonNull(type, "type");
        value = Normaliser.normalisedValue(type, value);
    }

    /** Same as {@code new Observable(type, raw)}; reads better at call sites that parse input. */
    public static Observable of(ObservableType type, String raw) {
        return new Observable(type, raw);
    }

    @Override
    public String toString() {
        return type.wireName() + ":" + value;
    }
}
