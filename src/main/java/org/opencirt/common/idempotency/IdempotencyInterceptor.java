package org.opencirt.common.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.util.HexFormat;
import org.opencirt.common.crypto.Digests;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.common.web.ClientAddresses;

/**
 * Runs {@link Idempotent} endpoints at most once per caller and key. It runs after
 * authentication (it is a CDI interceptor on the resource method), so a caller can only ever
 * replay its own answers.
 */
@Idempotent
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class IdempotencyInterceptor {

    public static final String HEADER = "Idempotency-Key";
    static final int MAX_KEY_LENGTH = 200;
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);

    @Inject
    IdempotencyStore store;

    @Inject
    HttpServerRequest request;

    @Inject
    ClientAddresses clients;

    @Inject
    SecurityIdentity identity;

    @Inject
    ObjectMapper json;

    @AroundInvoke
    Object once(InvocationContext context) throws Exception {
        var key = request.getHeader(HEADER);
        if (key == null) {
            return context.proceed();
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw ApiException.invalid(HEADER, "must be 1 to %d characters".formatted(MAX_KEY_LENGTH));
        }
        var caller = identity.isAnonymous()
                ? "anonymous@" + clients.of(request)
                : identity.getPrincipal().getName();
        var hash = requestHash(context);
        var stored = store.claim(caller, key, hash);
        if (stored.isPresent()) {
            var previous = stored.get();
            if (!previous.requestHash().equals(hash)) {
                throw new ApiException(
                        ProblemType.UNPROCESSABLE,
                        "Idempotency-Key '%s' was already used with another request body".formatted(key));
            }
            if (previous.status() != null) {
                return replay(previous);
            }
            if (!store.takeOver(caller, key, hash, ABANDONED_AFTER)) {
                throw new ApiException(
                        ProblemType.CONFLICT,
                        "A request with Idempotency-Key '%s' is still being processed; retry later".formatted(key));
            }
        }
        Object result;
        try {
            result = context.proceed();
        } catch (Exception e) {
            store.release(caller, key);
            throw e;
        }
        if (result instanceof Response response && response.getStatus() < 300) {
            var location = response.getLocation() == null
                    ? null
                    : response.getLocation().toString();
            var etag = response.getEntityTag() == null
                    ? null
                    : response.getEntityTag().getValue();
            var kept =
                    response.getEntity() instanceof HoldsSecret secret ? secret.withoutSecret() : response.getEntity();
            store.complete(caller, key, response.getStatus(), location, etag, json.writeValueAsString(kept));
        } else {
            store.release(caller, key);
        }
        return result;
    }

    private static Response replay(IdempotencyStore.Stored previous) {
        var builder = Response.status(previous.status())
                .type(MediaType.APPLICATION_JSON)
                .entity(previous.body())
                .header("Idempotent-Replayed", "true");
        if (previous.location() != null) {
            builder.header(HttpHeaders.LOCATION, previous.location());
        }
        if (previous.etag() != null) {
            builder.tag(previous.etag());
        }
        return builder.build();
    }

    /** SHA-256 of the endpoint and its body arguments (not the context ones). */
    private String requestHash(InvocationContext context) throws Exception {
        var digest = Digests.newSha256();
        digest.update(context.getMethod().toGenericString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (var argument : context.getParameters()) {
            if (argument instanceof UriInfo || argument instanceof HttpHeaders) {
                continue;
            }
            digest.update((byte) 0);
            digest.update(argument instanceof byte[] bytes ? bytes : json.writeValueAsBytes(argument));
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
