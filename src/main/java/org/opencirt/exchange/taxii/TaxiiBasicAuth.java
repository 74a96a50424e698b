package org.opencirt.exchange.taxii;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.tenant.ClientTokens;

/**
 * HTTP Basic for TAXII clients that speak nothing else: under {@code /taxii2/}, a partner client's id and secret
 * sent as Basic credentials are exchanged at Keycloak for the client's own token (cached briefly, see
 * {@link ClientTokens}), and the request goes on as if it had carried that token. From there on it is the same
 * request as with a bearer token: the same roles, tenant and partner claims decide what it may see. Refused
 * credentials get 401 with a Basic challenge, before any resource is reached.
 */
public class TaxiiBasicAuth {

    private static final String BASIC = "Basic ";
    private static final int MAX_HEADER = 4096;

    private final ClientTokens tokens;
    private final ObjectMapper mapper;

    TaxiiBasicAuth(ClientTokens tokens, ObjectMapper mapper) {
        this.tokens = tokens;
        this.mapper = mapper;
    }

    /** Runs before Quarkus authenticates the request (its authentication filter has priority 200). */
    @RouteFilter(300)
    void basicToBearer(RoutingContext rc) {
        var header = rc.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (!TaxiiFilters.isTaxiiPath(rc.request().path())
                || header == null
                || !header.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            rc.next();
            return;
        }
        var credentials = credentials(header);
        if (credentials.isEmpty()) {
            refuse(
                    rc,
                    ProblemType.UNAUTHORIZED.status(),
                    "Unauthorized",
                    "Basic credentials must be id:secret in base64",
                    null);
            return;
        }
        var id = credentials.get()[0];
        var secret = credentials.get()[1];
        rc.vertx().executeBlocking(() -> tokens.token(id, secret), false).onComplete(result -> {
            if (result.succeeded() && result.result().isPresent()) {
                rc.request()
                        .headers()
                        .set(
                                HttpHeaders.AUTHORIZATION,
                                "Bearer " + result.result().get());
                rc.next();
            } else if (result.succeeded()) {
                refuse(
                        rc,
                        ProblemType.UNAUTHORIZED.status(),
                        "Unauthorized",
                        "The client id or secret is not valid",
                        null);
            } else if (result.cause() instanceof ApiException e) {
                refuse(rc, e.type().status(), e.type().title(), e.getMessage(), e.retryAfterSeconds());
            } else {
                rc.fail(result.cause());
            }
        });
    }

    /** The id and secret of a Basic header, or empty when it is not {@code base64(id:secret)} with both present. */
    static Optional<String[]> credentials(String header) {
        if (header.length() > MAX_HEADER) {
            return Optional.empty();
        }
        try {
            var decoded = new String(
                    Base64.getDecoder().decode(header.substring(BASIC.length()).strip()), StandardCharsets.UTF_8);
            var colon = decoded.indexOf(':');
            if (colon < 1 || colon == decoded.length() - 1) {
                return Optional.empty();
            }
            return Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void refuse(RoutingContext rc, int status, String title, String description, Long retryAfter) {
        var response = rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, TaxiiMediaTypes.TAXII);
        if (status == ProblemType.UNAUTHORIZED.status()) {
            response.putHeader("WWW-Authenticate", "Basic realm=\"OpenCIRT TAXII\", charset=\"UTF-8\"");
        }
        if (retryAfter != null) {
            response.putHeader("Retry-After", String.valueOf(retryAfter));
        }
        try {
            response.end(mapper.writeValueAsString(new TaxiiError(title, description, null, String.valueOf(status))));
        } catch (JsonProcessingException e) {
            rc.fail(e);
        }
    }
}
