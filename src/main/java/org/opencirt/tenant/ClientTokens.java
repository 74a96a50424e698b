package org.opencirt.tenant;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.hash.Hashing;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.common.problem.TooManyRequests;
import org.opencirt.common.usage.UsageCounters;
import org.opencirt.common.web.RateLimiter;

/**
 * Access tokens for a Keycloak client's own id and secret (the client-credentials grant), for callers that can only
 * send those (TAXII clients that speak HTTP Basic). A token is kept for a short while under a hash of the id and the
 * secret, so a client polling every few seconds costs Keycloak about one request a minute, a wrong secret never
 * meets a kept token, and no secret is held in memory. Refused credentials are counted per client id: past a few a
 * minute the client id gets 429 without Keycloak being asked, so a secret cannot be guessed through this door.
 */
@ApplicationScoped
public class ClientTokens {

    private static final Logger LOG = Logger.getLogger(ClientTokens.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** A token is not handed out when it has less than this left. */
    private static final Duration MARGIN = Duration.ofSeconds(15);

    static final int FAILURES_PER_MINUTE = 10;

    private record Kept(String token, Instant expires) {}

    private final URI tokenEndpoint;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Cache<String, Kept> kept;
    private final RateLimiter failures;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    ClientTokens(
            @ConfigProperty(name = "opencirt.keycloak.url") String keycloakUrl,
            TenancyConfig config,
            ObjectMapper mapper,
            UsageCounters usage,
            Clock clock) {
        this.tokenEndpoint = URI.create("%s/realms/%s/protocol/openid-connect/token"
                .formatted(keycloakUrl.replaceAll("/+$", ""), config.realm()));
        this.mapper = mapper;
        this.clock = clock;
        this.kept = CacheBuilder.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(config.clientTokenCache())
                .build();
        this.failures = new RateLimiter(usage, "client-failures", FAILURES_PER_MINUTE, Duration.ofMinutes(1), clock);
    }

    /**
     * A token for the client, or empty when Keycloak refuses the id and secret.
     *
     * @throws TooManyRequests when the client id had too many refused attempts this minute
     * @throws ApiException 503 when Keycloak cannot be reached or answers with an error of its own
     */
    public Optional<String> token(String clientId, String secret) {
        var key = Hashing.sha256()
                .hashString(clientId + '\u0000' + secret, StandardCharsets.UTF_8)
                .toString();
        var now = clock.instant();
        var hit = kept.getIfPresent(key);
        if (hit != null && hit.expires().isAfter(now.plus(MARGIN))) {
            return Optional.of(hit.token());
        }
        if (failures.isExhausted(clientId)) {
            throw new TooManyRequests(
                    "Too many refused credentials for this client; try again later", failures.retryAfterSeconds());
        }
        var fresh = request(clientId, secret, now);
        if (fresh.isEmpty()) {
            failures.tryAcquire(clientId);
            return Optional.empty();
        }
        kept.put(key, fresh.get());
        return fresh.map(Kept::token);
    }

    private Optional<Kept> request(String clientId, String secret, Instant now) {
        var form = "grant_type=client_credentials&client_id=%s&client_secret=%s"
                .formatted(encode(clientId), encode(secret));
        var request = HttpRequest.newBuilder(tokenEndpoint)
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 400 || response.statusCode() == 401) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                LOG.warnf("Keycloak's token endpoint answered %d to a client-credentials grant", response.statusCode());
                throw unavailable(null);
            }
            var body = mapper.readTree(response.body());
            var token = body.path("access_token").asText("");
            if (token.isEmpty()) {
                throw unavailable(null);
            }
            return Optional.of(
                    new Kept(token, now.plusSeconds(body.path("expires_in").asLong(60))));
        } catch (IOException e) {
            LOG.warnf(
                    "Keycloak's token endpoint could not be reached: %s",
                    e.getClass().getSimpleName());
            throw unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        }
    }

    private static ApiException unavailable(Exception cause) {
        return new ApiException(
                ProblemType.UNAVAILABLE,
                "The identity provider cannot check credentials right now; try again later",
                List.of(),
                cause);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
