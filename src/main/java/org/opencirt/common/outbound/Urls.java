package org.opencirt.common.outbound;

import inet.ipaddr.IPAddressString;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.opencirt.common.outbound.FetchException.Reason;

/** URL rules shared by the outbound clients and the destination check. */
public final class Urls {

    private Urls() {}

    /** scheme, host and port: where credentials may go. */
    public record Origin(String scheme, String host, int port) {
        public static Origin of(URI url) {
            return new Origin(Urls.scheme(url), canonicalHost(url.getHost()), effectivePort(url));
        }
    }

    public static String scheme(URI url) {
        return url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    }

    public static int effectivePort(URI url) {
        if (url.getPort() != -1) {
            return url.getPort();
        }
        return "https".equals(scheme(url)) ? 443 : 80;
    }

    /**
     * Lower case, without a trailing dot; an IPv6 literal in brackets and compressed
     * ({@code [::1]}), so that allow-list entries and URL hosts compare equal.
     */
    public static String canonicalHost(String host) {
        var h = host.strip().toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.contains(":")) {
            var address = new IPAddressString(h).getAddress();
            return "[" + (address == null ? h : address.toCompressedString()) + "]";
        }
        return h;
    }

    /**
     * Checks an {@code http}/{@code https} URL and strips its fragment.
     *
     * @throws FetchException BAD_URL for another scheme, no host, a user-info part or a bad port
     */
    public static URI checkHttpUrl(URI url) throws FetchException {
        var scheme = scheme(url);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new FetchException(
                    Reason.BAD_URL,
                    "unsupported URL scheme '%s' (http, https and file only)"
                            .formatted(url.getScheme() == null ? "" : url.getScheme()));
        }
        if (url.isOpaque() || url.getHost() == null || url.getHost().isEmpty()) {
            throw new FetchException(Reason.BAD_URL, "URL without a valid host: " + describe(url));
        }
        if (url.getRawUserInfo() != null) {
            throw new FetchException(
                    Reason.BAD_URL,
                    "credentials in the URL are not accepted (pass them as a header): " + describe(url));
        }
        if (url.getPort() == 0 || url.getPort() > 65535) {
            throw new FetchException(Reason.BAD_URL, "invalid port in " + describe(url));
        }
        if (url.getRawFragment() == null) {
            return url;
        }
        try {
            var s = url.toString();
            return new URI(s.substring(0, s.indexOf('#')));
        } catch (URISyntaxException e) {
            throw new FetchException(Reason.BAD_URL, "invalid URL " + describe(url), e);
        }
    }

    /** The URL for messages and logs: no user-info, no query (feeds put API keys there), no fragment. */
    public static String describe(URI url) {
        if (url.isOpaque() || url.getRawAuthority() == null) {
            var scheme = url.getScheme();
            var path = url.getRawPath();
            return scheme == null ? String.valueOf(path) : scheme + ":" + (path == null ? "..." : path);
        }
        var host = url.getHost() != null ? url.getHost() : url.getRawAuthority().replaceFirst("^.*@", "");
        var port = url.getHost() != null && url.getPort() != -1 ? ":" + url.getPort() : "";
        return url.getScheme() + "://" + host + port + (url.getRawPath() == null ? "" : url.getRawPath());
    }
}
