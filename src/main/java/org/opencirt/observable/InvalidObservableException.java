package org.opencirt.observable;

/**
 * A value is not a valid observable of the type asked for. The message says what is wrong in
 * words meant for the analyst who typed the value ("'999.1.1.1' is not an IPv4 address"); it
 * quotes at most the first 80 characters of the value.
 *
 * <p>Unchecked, and without a stack trace: it reports bad input, not a bug, and the extractor
 * throws and catches many of them.
 */
public class InvalidObservableException extends IllegalArgumentException {

    private final ObservableType type;

    public InvalidObservableException(ObservableType type, String message) {
        super(message);
        this.type = type;
    }

    /** The type the value was checked against; null if none was given. */
    public ObservableType type() {
        return type;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
