package org.opencirt.common.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;

/**
 * An RFC 9457 problem document: the one shape every error of the API takes.
 *
 * @param type    a URI naming the kind of problem (stable, documented in the README)
 * @param title   a short summary of the kind of problem
 * @param status  the HTTP status
 * @param detail  what went wrong with this request
 * @param instance the request path
 * @param errorId for 5xx, the id under which the server logged the cause
 * @param errors  for validation problems, each field that is wrong
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        URI type, String title, int status, String detail, String instance, String errorId, List<Violation> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid part of a request: a JSON pointer (RFC 6901) into the body, or a parameter name. */
    public record Violation(String pointer, String message) {}
}
