package org.opencirt.tenant.constituency.registry;

import java.io.IOException;

/**
 * The input cannot be read on: it exceeds a {@link RegistryLimits limit} or is not in the format. The message
 * names the line (and column, when known) and the limit, and quotes nothing from the input.
 */
public class RegistryFormatException extends IOException {

    private final long line;
    private final long column;
    private final String limit;

    RegistryFormatException(long line, long column, String limit, String message) {
        super(
                column > 0
                        ? "line %d, column %d: %s".formatted(line, column, message)
                        : "line %d: %s".formatted(line, message));
        this.line = line;
        this.column = column;
        this.limit = limit;
    }

    /** A limit exceeded at a line. */
    static RegistryFormatException limit(long line, String limit, long value, String what) {
        return new RegistryFormatException(
                line, 0, limit, "more than %d %s (the limit %s); reading stopped".formatted(value, what, limit));
    }

    /** The line the problem is on, from 1. */
    public long line() {
        return line;
    }

    /** The column the problem is at, from 1, or 0 when not known. */
    public long column() {
        return column;
    }

    /** The name of the {@link RegistryLimits} component exceeded, or null when the format is wrong instead. */
    public String limit() {
        return limit;
    }
}
