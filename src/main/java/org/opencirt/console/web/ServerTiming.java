package org.opencirt.console.web;

import io.quarkus.vertx.web.RouteFilter;
import io.vertx.ext.web.RoutingContext;

/**
 * Every console response says how long the server took, from the request's arrival to its headers (session,
 * services, template rendering), as {@code Server-Timing: app;dur=12.3} (milliseconds): what the queue benchmark
 * reports, and what a browser's developer tools show.
 */
public class ServerTiming {

    @RouteFilter(100)
    void time(RoutingContext routing) {
        if (ConsolePaths.isConsole(routing.normalizedPath())) {
            var started = System.nanoTime();
            routing.addHeadersEndHandler(v -> routing.response()
                    .putHeader(
                            "Server-Timing",
                            String.format(java.util.Locale.ROOT, "app;dur=%.1f", (System.nanoTime() - started) / 1e6)));
        }
        routing.next();
    }
}
