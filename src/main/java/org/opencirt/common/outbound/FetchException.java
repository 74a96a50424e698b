package org.opencirt.common.outbound;

import java.io.IOException;
import java.util.Objects;

/**
 * An outbound request (a feed fetch, a webhook) that did not produce a usable answer, with the
 * {@link Reason} a feed run records. Also thrown while reading a streamed body (timeout, limit,
 * broken connection), so a caller catching {@code IOException} around the read sees the reason too.
 */
public class FetchException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why a fetch failed. */
    public enum Reason {
        /** The destination (or a redirect's) is loopback, private, link-local, ..., or outside the file root. */
        BLOCKED_DESTINATION,
        /** More bytes than the policy allows, on the wire or after decompression. */
        TOO_LARGE,
        /** The connect timeout or the total timeout (headers and body) passed. */
        TIMEOUT,
        /** The server answered with a status that is neither 2xx, 304 nor a redirect. */
        HTTP_STATUS,
        /** More redirects than the policy allows. */
        TOO_MANY_REDIRECTS,
        /** Not a URL the outbound clients accept: scheme, syntax, credentials in the URL, invalid header. */
        BAD_URL,
        /** Anything else on the way: name resolution, connection, TLS, broken gzip, missing file. */
        IO
    }

    private final Reason reason;
    private final Integer httpStatus;

    public FetchException(Reason reason, String message) {
        this(reason, message, null);
    }

    public FetchException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.httpStatus = null;
    }

    /** An {@link Reason#HTTP_STATUS} failure. */
    public FetchException(int httpStatus, String message) {
        super(message);
        this.reason = Reason.HTTP_STATUS;
        this.httpStatus = httpStatus;
    }

    public Reason reason() {
        return reason;
    }

    /** The response status for {@link Reason#HTTP_STATUS}, else null. */
    public Integer httpStatus() {
        return httpStatus;
    }
}
