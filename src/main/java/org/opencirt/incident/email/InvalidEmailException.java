package org.opencirt.incident.email;

import java.util.Objects;

/**
 * The upload is not a usable e-mail. The message says what is wrong in terms the client can
 * act on; {@link #kind()} says which kind of answer fits.
 */
public final class InvalidEmailException extends RuntimeException {

    /** Why the message was refused; suggested HTTP status in brackets. */
    public enum Kind {
        /** Not an RFC 822 message, or one without a usable sender or structure (400). */
        MALFORMED,
        /** The message or one of its attachments is over a byte limit (413). */
        TOO_LARGE,
        /** Too many MIME parts or attachments, or nesting too deep (422). */
        TOO_MANY_PARTS
    }

    private final Kind kind;

    public InvalidEmailException(Kind kind, String message) {
        this(kind, message, null);
    }

    public InvalidEmailException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }

    static InvalidEmailException malformed(String message) {
        return new InvalidEmailException(Kind.MALFORMED, message);
    }

    static InvalidEmailException malformed(String message, Throwable cause) {
        return new InvalidEmailException(Kind.MALFORMED, message, cause);
    }

    static InvalidEmailException tooLarge(String message) {
        return new InvalidEmailException(Kind.TOO_LARGE, message);
    }

    static InvalidEmailException tooManyParts(String message) {
        return new InvalidEmailException(Kind.TOO_MANY_PARTS, message);
    }
}
