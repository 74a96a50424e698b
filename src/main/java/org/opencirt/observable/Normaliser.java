package org.opencirt.observable;

import static org.opencirt.observable.Refusals.article;
import static org.opencirt.observable.Refusals.quote;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns what an analyst typed into the one normalised form of an observable, or says why it
 * cannot.
 *
 * <p>Every value is first refused if longer than {@value #MAX_INPUT} characters, then refanged
 * ({@link Refang}; except file names, which nobody defangs and which may legitimately contain
 * {@code [.]} or {@code (at)}) and stripped of surrounding white space. Then, per type:
 * <dl>
 *   <dt>ipv4</dt><dd>dotted quad, no prefix length, no leading zeros ({@code 010.1.1.1} is
 *   refused: some software reads it as octal).</dd>
 *   <dt>ipv6</dt><dd>no prefix length, no zone; may be written in brackets; RFC 5952 form
 *   (lower case, longest run of zeros compressed). An IPv4-mapped address stays IPv6 and uses the
 *   mixed notation RFC 5952 section 5 recommends: {@code ::ffff:192.0.2.1}.</dd>
 *   <dt>cidr</dt><dd>address/prefix, normalised to the network ({@code 198.51.100.7/24} is
 *   {@code 198.51.100.0/24}); a bare address gets {@code /32} or {@code /128}; IPv6 networks in
 *   RFC 5952 form, without mixed notation.</dd>
 *   <dt>domain</dt><dd>lower case, trailing dot dropped, IDN labels in punycode (IDNA 2003 as
 *   {@link IDN} implements it), labels of 1 to 63 characters {@code [a-z0-9-]} not starting or
 *   ending with {@code -}, at most 253 characters, at least two labels. It must <em>have</em> a
 *   public suffix by Guava's {@link InternetDomainName#hasPublicSuffix()}, which includes both the
 *   ICANN and the private sections of the Public Suffix List: a registrable name
 *   ({@code example.com}) and a multi-label suffix itself ({@code co.uk}, {@code github.io},
 *   whose operators' hosts analysts do report) are accepted; a single label ({@code com},
 *   {@code localhost}) or a name whose last label is no public suffix ({@code report.pdf},
 *   {@code corp.local}) is refused. One exception: the TLD {@code example} reserved for
 *   documentation by RFC 2606 is accepted, so documentation and test data can use it.</dd>
 *   <dt>url</dt><dd>scheme http, https, ftp or sftp (hxxp, hxxps and fxp once refanged), then
 *   {@code ://}, an optional user-info (kept as is), a host that is a domain (rules above), an
 *   IPv4 address or an IPv6 address in brackets (canonical), an optional port. Scheme and host
 *   lower case; the default port of the scheme (80, 443, 21, 22) and an empty port are dropped.
 *   Path, query and fragment are kept exactly as written, not decoded nor re-encoded (an empty
 *   path stays empty). No white space or control characters; at most 2048 characters once
 *   normalised.</dd>
 *   <dt>email</dt><dd>{@code local@domain}, optionally prefixed {@code mailto:}. The local part
 *   is kept as written: at most 64 characters, no white space, control characters or {@code @},
 *   no leading, trailing or doubled dot (quoted local parts are not supported). The domain follows
 *   the domain rules (IP-literal domains are refused). At most 254 characters.</dd>
 *   <dt>md5, sha1, sha256, sha512</dt><dd>exactly 32, 40, 64, 128 hex digits, lower case.</dd>
 *   <dt>asn</dt><dd>{@code AS64500}, {@code ASN64500} (any case) or {@code 64500}, written
 *   {@code AS64500}; 1 to 4294967295.</dd>
 *   <dt>cve</dt><dd>{@code CVE-YYYY-NNNN...} (any case), year 1999 to 2100, a sequence of at
 *   least four digits kept as written; upper case.</dd>
 *   <dt>filename</dt><dd>1 to 255 UTF-16 characters, no {@code /}, {@code \}, NUL or control
 *   character, not {@code .} or {@code ..}; otherwise kept as written (bidirectional overrides
 *   used to disguise extensions are kept: they are what the analyst saw).</dd>
 * </dl>
 */
public final class Normaliser {

    /** Inputs longer than this are refused before any other check. */
    public static final int MAX_INPUT = 4096;

    static final int MAX_URL = 2048;
    static final int MAX_EMAIL = 254;
    static final int MAX_LOCAL_PART = 64;
    static final int MAX_DOMAIN = 253;
    static final int MAX_FILENAME = 255;

    private static final Pattern HAS_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]{0,15}://.*", Pattern.DOTALL);

    private Normaliser() {}

    /**
     * The observable of this type that {@code raw} denotes, in normalised form.
     *
     * @throws InvalidObservableException if {@code raw} is not a valid value of {@code type};
     *         the message says why
     */
    public static Observable normalise(ObservableType type, String raw) {
        return new Observable(type, raw);
    }

    /** {@link #normalise} that answers empty instead of throwing. */
    public static Optional<Observable> tryNormalise(ObservableType type, String raw) {
        try {
            return Optional.of(new Observable(type, raw));
        } catch (InvalidObservableException e) {
            return Optional.empty();
        }
    }

    /**
     * Guesses the type of one bare value (bulk add without a type) and normalises it. Tried in
     * order: url (only with a {@code scheme://}), email (with an {@code @}), cidr (with a
     * {@code /}), ipv4, ipv6, a hash by its length, cve, asn (only written with its {@code AS} or
     * {@code ASN} prefix: a bare number is not guessed), domain. Never guesses a file name.
     *
     * @return empty if the value fits none of them, is blank, contains white space inside or is
     *         longer than {@value #MAX_INPUT} characters
     */
    public static Optional<Observable> detect(String raw) {
        if (raw == null || raw.length() > MAX_INPUT) {
            return Optional.empty();
        }
        String value = Refang.refang(raw).strip();
        if (value.isEmpty() || containsWhitespace(value)) {
            return Optional.empty();
        }
        if (HAS_SCHEME.matcher(value).matches()) {
            return tryNormalise(ObservableType.URL, value);
        }
        if (value.indexOf('@') >= 0) {
            return tryNormalise(ObservableType.EMAIL, value);
        }
        if (value.indexOf('/') >= 0) {
            return tryNormalise(ObservableType.CIDR, value);
        }
        for (ObservableType type : new ObservableType[] {ObservableType.IPV4, ObservableType.IPV6}) {
            Optional<Observable> found = tryNormalise(type, value);
            if (found.isPresent()) {
                return found;
            }
        }
        ObservableType hash = ObservableType.hashOfLength(value.length());
        if (hash != null && IdentifierRules.HEX.matcher(value).matches()) {
            return tryNormalise(hash, value);
        }
        if (value.regionMatches(true, 0, "CVE-", 0, 4)) {
            return tryNormalise(ObservableType.CVE, value);
        }
        if (value.regionMatches(true, 0, "AS", 0, 2)) {
            Optional<Observable> asn = tryNormalise(ObservableType.ASN, value);
            if (asn.isPresent()) {
                return asn;
            }
        }
        return tryNormalise(ObservableType.DOMAIN, value);
    }

    /**
     * {@link #tryNormalise} for text that is already refanged (the extractor's candidates):
     * failures, the common case there, skip refanging.
     */
    static Optional<Observable> tryNormaliseRefanged(ObservableType type, String candidate) {
        try {
            return Optional.of(new Observable(type, normalisedValue(type, candidate, false)));
        } catch (InvalidObservableException e) {
            return Optional.empty();
        }
    }

    /** The normalised value; the heart of {@link Observable}'s constructor. */
    static String normalisedValue(ObservableType type, String raw) {
        return normalisedValue(type, raw, true);
    }

    private static String normalisedValue(ObservableType type, String raw, boolean refang) {
        if (raw == null) {
            throw new InvalidObservableException(type, "a value is required for " + article(type));
        }
        if (raw.length() > MAX_INPUT) {
            throw new InvalidObservableException(type, "the value is longer than " + MAX_INPUT + " characters");
        }
        String value = (refang && type != ObservableType.FILENAME ? Refang.refang(raw) : raw).strip();
        if (value.isEmpty()) {
            throw new InvalidObservableException(type, "a value is required for " + article(type));
        }
        return switch (type) {
            case IPV4 -> IpAddressRules.ipv4(value);
            case IPV6 -> IpAddressRules.ipv6(value);
            case CIDR -> IpAddressRules.cidr(value);
            case DOMAIN -> DomainNameRules.domain(value, type, () -> quote(value) + " is not a domain name: ");
            case URL -> UrlRules.url(value);
            case EMAIL -> EmailAddressRules.email(value);
            case MD5, SHA1, SHA256, SHA512 -> IdentifierRules.hash(type, value);
            case ASN -> IdentifierRules.asn(value);
            case CVE -> IdentifierRules.cve(value);
            case FILENAME -> IdentifierRules.filename(value);
        };
    }

    /** Whether the text, as it stands, normalises to a domain name. */
    static boolean isDomain(String text) {
        if (text.length() > MAX_DOMAIN + 1) {
            return false;
        }
        try {
            DomainNameRules.domain(text, ObservableType.DOMAIN, () -> "");
            return true;
        } catch (InvalidObservableException e) {
            return false;
        }
    }

    /**
     * The host of a normalised URL as an observable: a domain, an IPv4 or an IPv6 address.
     */
    static Observable hostOf(Observable url) {
        if (url.type() != ObservableType.URL) {
            throw new IllegalArgumentException("not a URL: " + url);
        }
        String value = url.value();
        int authorityStart = value.indexOf("://") + 3;
        int authorityEnd = authorityStart;
        while (authorityEnd < value.length() && "/?#".indexOf(value.charAt(authorityEnd)) < 0) {
            authorityEnd++;
        }
        String authority = value.substring(authorityStart, authorityEnd);
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        if (hostPort.startsWith("[")) {
            return new Observable(ObservableType.IPV6, hostPort.substring(1, hostPort.indexOf(']')));
        }
        int colon = hostPort.indexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        return new Observable(
                IpAddressRules.isDottedDecimal(host, false) ? ObservableType.IPV4 : ObservableType.DOMAIN, host);
    }

    static boolean containsWhitespace(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return true;
            }
        }
        return false;
    }
}
