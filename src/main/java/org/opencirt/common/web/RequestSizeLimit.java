package org.opencirt.common.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.web.RouteFilter;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.opencirt.common.problem.Problem;
import org.opencirt.common.problem.ProblemType;

/**
 * Refuses a request whose declared body is over the limit before any of it is read, with a
 * problem document. A chunked body that grows past the limit is cut by the HTTP layer itself
 * ({@code quarkus.http.limits.max-body-size}), which is the same setting.
 */
@ApplicationScoped
public class RequestSizeLimit {

    private final long maxBytes;
    private final ObjectMapper mapper;

    RequestSizeLimit(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize, ObjectMapper mapper) {
        this.maxBytes = maxBodySize.asLongValue();
        this.mapper = mapper;
    }

    @RouteFilter(900)
    void refuseOversizedBodies(RoutingContext rc) throws JsonProcessingException {
        var declared = rc.request().getHeader("Content-Length");
        if (declared != null && isOver(declared)) {
            var type = ProblemType.PAYLOAD_TOO_LARGE;
            var problem = new Problem(
                    type.uri(),
                    type.title(),
                    type.status(),
                    "The body declares %s bytes; the limit is %d bytes".formatted(declared, maxBytes),
                    rc.request().path(),
                    null,
                    null);
            rc.response()
                    .setStatusCode(type.status())
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("Connection", "close")
                    .end(mapper.writeValueAsString(problem));
            return;
        }
        rc.next();
    }

    private boolean isOver(String declared) {
        try {
            return Long.parseLong(declared.trim()) > maxBytes;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
