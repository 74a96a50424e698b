package org.opencirt.common.problem;

import java.util.List;

/**
 * A failure the API reports as a problem document. Services throw it (or a subclass) with
 * a detail that tells the client what to change.
 */
public class ApiException extends RuntimeException {

    private final ProblemType type;
    private final List<Problem.Violation> violations;

    public ApiException(ProblemType type, String detail) {
        this(type, detail, List.of(), null);
    }

    public ApiException(ProblemType type, String detail, List<Problem.Violation> violations) {
        this(type, detail, violations, null);
    }

    public ApiException(ProblemType type, String detail, List<Problem.Violation> violations, Throwable cause) {
        super(detail, cause);
        this.type = type;
        this.violations = List.copyOf(violations);
    }

    public ProblemType type() {
        return type;
    }

    public List<Problem.Violation> violations() {
        return violations;
    }

    /** Seconds after which the client may try again (sent as Retry-After), or null. */
    public Long retryAfterSeconds() {
        return null;
    }

    public static ApiException notFound(String what) {
        return new ApiException(ProblemType.NOT_FOUND, what + " not found");
    }

    /** A 400 naming one invalid part of the request. */
    public static ApiException invalid(String pointer, String message) {
        return new ApiException(
                ProblemType.VALIDATION,
                "%s: %s".formatted(pointer, message),
                List.of(new Problem.Violation(pointer, message)));
    }

    public static ApiException conflict(String detail) {
        return new ApiException(ProblemType.CONFLICT, detail);
    }
}
