package org.opencirt.common.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the platform faces browsers and partners: {@code opencirt.web.*}. */
@ConfigMapping(prefix = "opencirt.web")
public interface WebConfig {

    /**
     * The platform's public base URL as people and partners reach it ({@code https://cirt.example}, a path
     * prefix allowed). Every absolute link the service writes starts with it (the CSAF provider-metadata.json,
     * ROLIE feeds, advisory pages, the console's return after logout), never with a request's Host header.
     * No default in production ({@code OPENCIRT_PUBLIC_URL}): the service refuses to start without it. When it
     * is https, cookies are {@code Secure} and responses carry HSTS even if a proxy speaks plain HTTP to us.
     */
    String publicUrl();

    /** How long browsers keep to https once told ({@code Strict-Transport-Security: max-age}), on https only. */
    @WithDefault("P365D")
    Duration hstsMaxAge();
}
