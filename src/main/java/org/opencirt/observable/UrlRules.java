package org.opencirt.observable;

import static org.opencirt.observable.Refusals.abbreviate;
import static org.opencirt.observable.Refusals.checkNoWhitespaceOrControl;
import static org.opencirt.observable.Refusals.quote;

import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules of {@link Normaliser} for URLs: a known scheme, a host that is a domain or an address,
 * an optional port without the scheme's default; path, query and fragment kept as written.
 */
final class UrlRules {

    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://");
    private static final Map<String, String> SCHEMES = Map.of(
            "http", "http", "https", "https", "ftp", "ftp", "sftp", "sftp", "hxxp", "http", "hxxps", "https", "fxp",
            "ftp");
    private static final Map<String, String> DEFAULT_PORTS =
            Map.of("http", "80", "https", "443", "ftp", "21", "sftp", "22");

    private UrlRules() {}

    static String url(String value) {
        ObservableType type = ObservableType.URL;
        Supplier<String> notUrl = () -> quote(value) + " is not a URL: ";
        checkNoWhitespaceOrControl(value, type, notUrl);
        Matcher scheme = SCHEME.matcher(value);
        if (!scheme.lookingAt()) {
            throw new InvalidObservableException(
                    type, notUrl.get() + "it must start with a scheme and '://' " + "(http, https, ftp or sftp)");
        }
        String schemeName = SCHEMES.get(scheme.group(1).toLowerCase(Locale.ROOT));
        if (schemeName == null) {
            throw new InvalidObservableException(
                    type,
                    notUrl.get() + "scheme '" + abbreviate(scheme.group(1)) + "' is not one of http, https, ftp, sftp");
        }
        int authorityStart = scheme.end();
        int authorityEnd = authorityStart;
        while (authorityEnd < value.length() && "/?#".indexOf(value.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        String authority = value.substring(authorityStart, authorityEnd);
        String rest = value.substring(authorityEnd);
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? null : authority.substring(0, at);
        String hostPort = authority.substring(at + 1);
        String host;
        String port;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new InvalidObservableException(type, notUrl.get() + "the IPv6 host has no closing ']'");
            }
            String literal = hostPort.substring(1, close);
            try {
                host = "[" + IpAddressRules.ipv6(literal) + "]";
            } catch (InvalidObservableException e) {
                throw new InvalidObservableException(type, notUrl.get() + "host " + e.getMessage());
            }
            String after = hostPort.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                throw new InvalidObservableException(type, notUrl.get() + "unexpected text after the IPv6 host");
            }
            port = after.isEmpty() ? null : after.substring(1);
        } else {
            int colon = hostPort.indexOf(':');
            String rawHost = colon < 0 ? hostPort : hostPort.substring(0, colon);
            port = colon < 0 ? null : hostPort.substring(colon + 1);
            if (rawHost.isEmpty()) {
                throw new InvalidObservableException(type, notUrl.get() + "it has no host");
            }
            if (IpAddressRules.isDottedDecimal(rawHost, false)) {
                try {
                    host = IpAddressRules.ipv4(rawHost);
                } catch (InvalidObservableException e) {
                    throw new InvalidObservableException(type, notUrl.get() + "host " + e.getMessage());
                }
            } else {
                host = DomainNameRules.domain(
                        rawHost, type, () -> notUrl.get() + "host " + quote(rawHost) + " is not a domain name: ");
            }
        }
        if (port != null && !port.isEmpty()) {
            if (port.length() > 5
                    || !port.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(port) < 1
                    || Integer.parseInt(port) > 65535) {
                throw new InvalidObservableException(
                        type, notUrl.get() + "port '" + abbreviate(port) + "' is not a number from 1 to 65535");
            }
            port = Integer.toString(Integer.parseInt(port));
            if (port.equals(DEFAULT_PORTS.get(schemeName))) {
                port = null;
            }
        }
        StringBuilder url =
                new StringBuilder(value.length() + 16).append(schemeName).append("://");
        if (userInfo != null) {
            url.append(userInfo).append('@');
        }
        url.append(host);
        if (port != null && !port.isEmpty()) {
            url.append(':').append(port);
        }
        url.append(rest);
        if (url.length() > Normaliser.MAX_URL) {
            throw new InvalidObservableException(
                    type, notUrl.get() + "it is longer than " + Normaliser.MAX_URL + " characters");
        }
        return url.toString();
    }
}
