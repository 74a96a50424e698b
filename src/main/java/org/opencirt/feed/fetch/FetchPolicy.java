package org.opencirt.feed.fetch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.opencirt.common.outbound.DestinationGuard;
import org.opencirt.common.outbound.OutboundLimits;

/**
 * Limits and policy of one feed run (from configuration plus the feed's own limits).
 *
 * @param maxBytes              bytes on the wire (compressed) per resource
 * @param maxDecompressedBytes  bytes after gunzip per resource
 * @param connectTimeout        to open a connection
 * @param totalTimeout          the whole fetch: redirects, headers and reading the body to its end
 * @param maxRedirects          redirects followed per resource
 * @param allowedPrivateHosts   {@code host:port} or {@code host:low-high} (IPv6 as {@code [::1]:8080})
 *                              fetched although they resolve to loopback, private, link-local, ...
 *                              addresses; compared case-insensitively with the URL's host and port
 * @param fileRoot              {@code file:} URLs are allowed only below this folder; null refuses {@code file:}
 */
public record FetchPolicy(
        long maxBytes,
        long maxDecompressedBytes,
        Duration connectTimeout,
        Duration totalTimeout,
        int maxRedirects,
        Set<String> allowedPrivateHosts,
        Path fileRoot)
        implements OutboundLimits {

    public FetchPolicy {
        if (maxBytes <= 0 || maxDecompressedBytes <= 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(totalTimeout, "totalTimeout");
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("maxRedirects must not be negative");
        }
        allowedPrivateHosts = allowedPrivateHosts == null
                ? Set.of()
                : allowedPrivateHosts.stream()
                        .map(h -> h.strip().toLowerCase(Locale.ROOT))
                        .collect(Collectors.toUnmodifiableSet());
        DestinationGuard.checkAllowList(allowedPrivateHosts);
    }

    /** 100 MiB on the wire, 1 GiB decompressed, 10 s to connect, 5 min in all, 5 redirects, nothing private, no {@code file:}. */
    public static FetchPolicy defaults() {
        return new FetchPolicy(100L << 20, 1L << 30, Duration.ofSeconds(10), Duration.ofMinutes(5), 5, Set.of(), null);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
