package org.opencirt.common.web;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The configured public base URL ({@code opencirt.web.public-url}), checked at start-up: absolute, http or https,
 * a host, no query or fragment. Links built from it cannot be steered by a forged Host header.
 */
@Startup
@ApplicationScoped
public class PublicUrl {

    private final String base;
    private final boolean https;

    PublicUrl(WebConfig config) {
        var value = config.publicUrl().strip();
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw invalid();
        }
        var scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https"))
                || uri.getHost() == null
                || uri.getRawQuery() != null
                || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            throw invalid();
        }
        this.base = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        this.https = scheme.equals("https");
    }

    /** The value itself is not repeated: a URL with credentials in it would end up in the log. */
    private static IllegalStateException invalid() {
        return new IllegalStateException(
                "opencirt.web.public-url (OPENCIRT_PUBLIC_URL) must be the platform's absolute http(s) URL "
                        + "such as https://cirt.example, with a host and without query, fragment or credentials");
    }

    /** The base URL without a trailing slash: {@code https://cirt.example}. */
    public String base() {
        return base;
    }

    /** Whether people reach the platform over https (then cookies are Secure and HSTS is sent). */
    public boolean https() {
        return https;
    }
}
