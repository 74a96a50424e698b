package org.opencirt.secret;

/**
 * A secret reference that cannot be used now. The message is safe to record and show: it names
 * the reference, never a value, a file's content or a lower-level error.
 */
public class SecretUnavailable extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;

    public SecretUnavailable(String code, String message) {
        super(message, null, false, false); // no stack trace: it is an expected outcome, never logged as a failure
        this.code = code;
    }

    /** A short, stable code: {@code secret-missing}, {@code secret-refused}, {@code secret-unreadable}. */
    public String code() {
        return code;
    }
}
