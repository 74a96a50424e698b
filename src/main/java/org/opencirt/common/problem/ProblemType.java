package org.opencirt.common.problem;

import jakarta.ws.rs.core.Response.Status;
import java.net.URI;

/**
 * The kinds of problem the API reports. The type URI is stable: clients may switch on it.
 */
public enum ProblemType {
    BAD_REQUEST("bad-request", "Bad request", Status.BAD_REQUEST),
    VALIDATION("validation", "The request is not valid", Status.BAD_REQUEST),
    UNAUTHORIZED("unauthorized", "Authentication required", Status.UNAUTHORIZED),
    FORBIDDEN("forbidden", "Not allowed", Status.FORBIDDEN),
    NO_TENANT("no-tenant", "The token does not name exactly one national CIRT", Status.FORBIDDEN),
    NOT_FOUND("not-found", "Not found", Status.NOT_FOUND),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed", Status.METHOD_NOT_ALLOWED),
    NOT_ACCEPTABLE("not-acceptable", "No acceptable representation", Status.NOT_ACCEPTABLE),
    CONFLICT("conflict", "Conflict with the current state", Status.CONFLICT),
    PRECONDITION_FAILED("precondition-failed", "The resource changed since you read it", Status.PRECONDITION_FAILED),
    PRECONDITION_REQUIRED("precondition-required", "An If-Match header is required", 428),
    PAYLOAD_TOO_LARGE("payload-too-large", "Request body too large", Status.REQUEST_ENTITY_TOO_LARGE),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type", Status.UNSUPPORTED_MEDIA_TYPE),
    UNPROCESSABLE("unprocessable", "The request cannot be processed", 422),
    TOO_MANY_REQUESTS("too-many-requests", "Too many requests", Status.TOO_MANY_REQUESTS),
    INTERNAL("internal", "Internal error", Status.INTERNAL_SERVER_ERROR),
    UPSTREAM("upstream", "A service OpenCIRT depends on failed", Status.BAD_GATEWAY),
    UNAVAILABLE("unavailable", "Service unavailable", Status.SERVICE_UNAVAILABLE);

    private static final String BASE = "https://opencirt.org/problems/";

    private final URI uri;
    private final String title;
    private final int status;

    ProblemType(String slug, String title, Status status) {
        this(slug, title, status.getStatusCode());
    }

    ProblemType(String slug, String title, int status) {
        this.uri = URI.create(BASE + slug);
        this.title = title;
        this.status = status;
    }

    public URI uri() {
        return uri;
    }

    public String title() {
        return title;
    }

    public int status() {
        return status;
    }

    /** The problem type for a bare HTTP status, for errors raised by the framework. */
    public static ProblemType forStatus(int status) {
        for (var type : values()) {
            if (type.status == status && type != VALIDATION && type != NO_TENANT && type != UPSTREAM) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL : BAD_REQUEST;
    }
}
