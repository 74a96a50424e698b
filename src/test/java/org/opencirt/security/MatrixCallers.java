package org.opencirt.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.opencirt.testing.Tokens;

/**
 * The callers of the matrix, all of CIRT A ({@code cert-cd}) or of no CIRT, and their tokens.
 * Tokens are fetched once and reused until they are close to their five-minute lifetime.
 */
final class MatrixCallers {

    /** Tokens are fetched again after this age (the realm's tokens live 300 s). */
    private static final Duration REUSE = Duration.ofSeconds(200);

    private record Cached(String token, Instant fetched) {}

    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

    /**
     * One caller.
     *
     * @param name  as reported in each case's name
     * @param token the caller's token, or null for an anonymous caller
     */
    record Caller(String name, Supplier<String> token) {

        boolean anonymous() {
            return token == null;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private MatrixCallers() {}

    /** A demo user's token, cached. */
    static Supplier<String> token(String username) {
        return cached(username, () -> Tokens.user(username));
    }

    /** A machine client's token, cached. */
    static Supplier<String> client(String clientId, String secret) {
        return cached(clientId, () -> Tokens.client(clientId, secret));
    }

    private static Supplier<String> cached(String key, Supplier<String> fetch) {
        return () -> CACHE.compute(
                        key,
                        (k, old) -> old != null && old.fetched().plus(REUSE).isAfter(Instant.now())
                                ? old
                                : new Cached(fetch.get(), Instant.now()))
                .token();
    }
}
