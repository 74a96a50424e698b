package org.opencirt.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.hibernate.StaleStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.opencirt.common.Texts;

/**
 * The one table from exceptions to problem documents. 5xx are logged at ERROR with an error id
 * that the response carries; 4xx at DEBUG; no stack trace ever reaches a client.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** Fields that only the server assigns: a body that carries one is refused with this message. */
    static final Set<String> SERVER_ASSIGNED = Set.of("id", "tenant", "tenantId", "createdAt", "updatedAt", "version");

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        var response = respond(e.type(), e.getMessage(), e.violations(), uri, e);
        if (e.retryAfterSeconds() != null) {
            return Response.fromResponse(response)
                    .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
                    .build();
        }
        return response;
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        var violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(pointer(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::pointer))
                .toList();
        return respond(
                ProblemType.VALIDATION, "%d field(s) are not valid".formatted(violations.size()), violations, uri, e);
    }

    @ServerExceptionMapper
    public Response unrecognizedField(UnrecognizedPropertyException e, UriInfo uri) {
        var field = e.getPropertyName();
        var message = SERVER_ASSIGNED.contains(field)
                ? "is assigned by the server and must not be sent"
                : "is not a known field";
        return respond(
                ProblemType.VALIDATION,
                "Field '%s' %s".formatted(field, message),
                List.of(new Problem.Violation(pointer(e), message)),
                uri,
                e);
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e, UriInfo uri) {
        return invalidValue(e, "must be " + JsonKinds.expected(e.getTargetType()), uri);
    }

    /** A value of the wrong kind (an object for a string...): said in JSON's words, never Jackson's (which name Java types). */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return invalidValue(e, "must be " + JsonKinds.expected(e.getTargetType()), uri);
    }

    /** A 400 naming the JSON value that could not be read, by its pointer. */
    private Response invalidValue(JsonMappingException e, String message, UriInfo uri) {
        return respond(
                ProblemType.VALIDATION,
                "The value at %s %s".formatted(pointer(e), message),
                List.of(new Problem.Violation(pointer(e), message)),
                uri,
                e);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        var location = e.getLocation() == null
                ? ""
                : " at line %d, column %d"
                        .formatted(e.getLocation().getLineNr(), e.getLocation().getColumnNr());
        return respond(ProblemType.BAD_REQUEST, "The body is not valid JSON" + location, List.of(), uri, e);
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, UriInfo uri) {
        return withChallenge(respond(ProblemType.UNAUTHORIZED, "A valid bearer token is required", List.of(), uri, e));
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, UriInfo uri) {
        return withChallenge(respond(
                ProblemType.UNAUTHORIZED,
                "The bearer token was refused (expired, wrong issuer or wrong audience)",
                List.of(),
                uri,
                e));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(ProblemType.FORBIDDEN, "Your role does not allow this operation", List.of(), uri, e);
    }

    /** A query or path parameter that is not of its type: named by finding the text the request sent. */
    @ServerExceptionMapper
    public Response invalidParameter(InvalidParameterException e, UriInfo uri) {
        var name = Stream.concat(
                        uri.getQueryParameters().entrySet().stream(), uri.getPathParameters().entrySet().stream())
                .filter(entry -> entry.getValue().contains(e.text()))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse("parameter");
        var message = "must be %s, not '%s'".formatted(e.expected(), Texts.abbreviate(e.text(), 40));
        return respond(
                ProblemType.VALIDATION, name + ": " + message, List.of(new Problem.Violation(name, message)), uri, e);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        var status = e.getResponse().getStatus();
        if (status >= 300 && status < 400) {
            return e.getResponse();
        }
        // the JSON reader reports an unreadable body as a 400 wrapping Jackson's exception
        switch (e.getCause()) {
            case UnrecognizedPropertyException cause -> {
                return unrecognizedField(cause, uri);
            }
            case InvalidFormatException cause -> {
                return invalidFormat(cause, uri);
            }
            case MismatchedInputException cause -> {
                return mismatchedInput(cause, uri);
            }
            case JsonProcessingException cause -> {
                return unreadableJson(cause, uri);
            }
            case null, default -> {}
        }
        var type = ProblemType.forStatus(status);
        var detail = status == 404 ? "No resource at this path" : e.getMessage();
        return respond(type, detail, List.of(), uri, e);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (isConcurrentChange(e)) {
            return respond(
                    ProblemType.CONFLICT,
                    "What you changed was changed at the same moment by someone or something else (a playbook, another"
                            + " user); nothing of your request was stored: send it again",
                    List.of(),
                    uri,
                    e);
        }
        return respond(ProblemType.INTERNAL, "An unexpected error occurred", List.of(), uri, e);
    }

    /**
     * A version conflict found when the transaction wrote (optimistic locking): a race with another change of
     * the same row, not a fault of the service, and the request rolled back whole.
     */
    public static boolean isConcurrentChange(Throwable e) {
        for (var cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof OptimisticLockException || cause instanceof StaleStateException) {
                return true;
            }
        }
        return false;
    }

    private static Response withChallenge(Response response) {
        return Response.fromResponse(response)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"opencirt\"")
                .build();
    }

    static Response respond(
            ProblemType type, String detail, List<Problem.Violation> violations, UriInfo uri, Throwable cause) {
        String errorId = null;
        if (type.status() >= 500) {
            errorId = UUID.randomUUID().toString();
            LOG.errorf(cause, "error %s on %s", errorId, uri.getPath());
            detail = detail + " (error id " + errorId + ")";
        } else {
            LOG.debugf("%d on %s: %s", type.status(), uri.getPath(), detail);
        }
        var problem = new Problem(
                type.uri(),
                type.title(),
                type.status(),
                detail,
                uri.getPath(),
                errorId,
                violations.isEmpty() ? null : violations);
        return Response.status(type.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }

    /** The JSON pointer of a bean-validation violation of a body: the property path below the parameter. */
    private static String pointer(ConstraintViolation<?> violation) {
        var pointer = new StringBuilder();
        for (var node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                if (node.getIndex() != null) {
                    pointer.append('/').append(node.getIndex());
                }
                if (node.getName() != null && node.getKind() == ElementKind.PROPERTY) {
                    pointer.append('/').append(escape(node.getName()));
                }
            }
        }
        return pointer.isEmpty() ? "/" : pointer.toString();
    }

    private static String pointer(JsonMappingException e) {
        var pointer = new StringBuilder();
        for (var ref : e.getPath()) {
            pointer.append('/').append(ref.getFieldName() != null ? escape(ref.getFieldName()) : ref.getIndex());
        }
        return pointer.isEmpty() ? "/" : pointer.toString();
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
