package org.opencirt.common.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.web.RouteFilter;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.opencirt.common.problem.Problem;
import org.opencirt.common.problem.ProblemType;

/**
 * Refuses a request whose declared body is over the limit before any of it is read, with a
 * problem document (under {@code /taxii2/}, a TAXII error message). A chunked body that grows past the limit is cut by the HTTP layer itself
 * ({@code quarkus.http.limits.max-body-size}), which is the same setting.
 */
@ApplicationScoped
public class RequestSizeLimit {

    private static final String TAXII_PREFIX = "/taxii2/";
    private static final String TAXII_MEDIA_TYPE = "application/taxii+json;version=2.1";

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
            var detail = "The body declares %s bytes; the limit is %d bytes".formatted(declared, maxBytes);
            if (rc.request().path().startsWith(TAXII_PREFIX)) {
                // TAXII clients get TAXII's error message in TAXII's media type, as every answer under /taxii2/
                var error = new LinkedHashMap<String, String>();
                error.put("title", type.title());
                error.put("description", detail);
                error.put("http_status", String.valueOf(type.status()));
                rc.response()
                        .setStatusCode(type.status())
                        .putHeader("Content-Type", TAXII_MEDIA_TYPE)
                        .putHeader("Connection", "close")
                        .end(mapper.writeValueAsString(error));
                return;
            }
            var problem = new Problem(
                    type.uri(),
                    type.title(),
                    type.status(),
                    detail,
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
