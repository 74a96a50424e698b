package org.opencirt.observable;

import com.google.common.net.InternetDomainName;
import inet.ipaddr.AddressStringException;
import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.ipv4.IPv4AddressStringParameters;
import inet.ipaddr.ipv6.IPv6Address;
import inet.ipaddr.ipv6.IPv6AddressStringParameters;
import java.net.IDN;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
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

    private static final int QUOTE_LIMIT = 80;

    private static final IPAddressStringParameters IP_PARAMETERS = ipParameters();

    private static final Set<String> PUBLIC_TOP_LABELS = ConcurrentHashMap.newKeySet();
    private static final Pattern ASN = Pattern.compile("(?:ASN?)?([0-9]{1,10})", Pattern.CASE_INSENSITIVE);
    private static final Pattern CVE = Pattern.compile("CVE-([0-9]{4})-([0-9]{4,})", Pattern.CASE_INSENSITIVE);
    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://");
    private static final Pattern HAS_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]{0,15}://.*", Pattern.DOTALL);
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");

    private static final Map<String, String> SCHEMES = Map.of(
            "http", "http", "https", "https", "ftp", "ftp", "sftp", "sftp",
            "hxxp", "http", "hxxps", "https", "fxp", "ftp");
    private static final Map<String, String> DEFAULT_PORTS = Map.of(
            "http", "80", "https", "443", "ftp", "21", "sftp", "22");
    private static final String LOCAL_PART_SPECIALS = ".!#$%&'*+/=?^_`{|}~-";
    private static final Set<String> DOCUMENTATION_TLDS = Set.of("example");

    private Normaliser() {
    }

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
        if (hash != null && HEX.matcher(value).matches()) {
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
            throw new InvalidObservableException(type,
                    "the value is longer than " + MAX_INPUT + " characters");
        }
        String value = (refang && type != ObservableType.FILENAME ? Refang.refang(raw) : raw).strip();
        if (value.isEmpty()) {
            throw new InvalidObservableException(type, "a value is required for " + article(type));
        }
        return switch (type) {
            case IPV4 -> ipv4(value);
            case IPV6 -> ipv6(value);
            case CIDR -> cidr(value);
            case DOMAIN -> domain(value, type, () -> quote(value) + " is not a domain name: ");
            case URL -> url(value);
            case EMAIL -> email(value);
            case MD5, SHA1, SHA256, SHA512 -> hash(type, value);
            case ASN -> asn(value);
            case CVE -> cve(value);
            case FILENAME -> filename(value);
        };
    }

    /** Whether the text, as it stands, normalises to a domain name. */
    static boolean isDomain(String text) {
        if (text.length() > MAX_DOMAIN + 1) {
            return false;
        }
        try {
            domain(text, ObservableType.DOMAIN, () -> "");
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
        return new Observable(isDottedDecimal(host, false) ? ObservableType.IPV4 : ObservableType.DOMAIN, host);
    }

    // ---------------------------------------------------------------- addresses

    private static String ipv4(String value) {
        IPAddress address = address(value, ObservableType.IPV4);
        if (address.getNetworkPrefixLength() != null) {
            throw new InvalidObservableException(ObservableType.IPV4,
                    quote(value) + " has a prefix length: it is a network, use type cidr");
        }
        if (!address.isIPv4() || !isDottedDecimal(value, false)) {
            throw new InvalidObservableException(ObservableType.IPV4, quote(value) + " is not an IPv4 address");
        }
        return address.toCanonicalString();
    }

    private static String ipv6(String value) {
        String bare = value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
        IPAddress address = address(bare, ObservableType.IPV6);
        if (address.getNetworkPrefixLength() != null) {
            throw new InvalidObservableException(ObservableType.IPV6,
                    quote(value) + " has a prefix length: it is a network, use type cidr");
        }
        if (!address.isIPv6()) {
            throw new InvalidObservableException(ObservableType.IPV6,
                    quote(value) + " is an IPv4 address, not an IPv6 address");
        }
        return ipv6Text((IPv6Address) address.toIPv6());
    }

    private static String ipv6Text(IPv6Address address) {
        return address.isIPv4Mapped() ? address.toMixedString() : address.toCanonicalString();
    }

    private static String cidr(String value) {
        IPAddress address = address(value, ObservableType.CIDR);
        Integer prefix = address.getNetworkPrefixLength();
        IPAddress network = prefix == null ? address.toPrefixBlock(address.getBitCount()) : address.toPrefixBlock();
        return network.toCanonicalString();
    }

    private static IPAddress address(String value, ObservableType type) {
        String what = type == ObservableType.CIDR ? "a CIDR network (address/prefix length)" : article(type);
        if (isDottedDecimal(value, true) && hasLeadingZero(value)) {
            throw new InvalidObservableException(type, quote(value) + " is ambiguous: an IPv4 number with a "
                    + "leading zero may be read as octal; write it without leading zeros");
        }
        try {
            return new IPAddressString(value, IP_PARAMETERS).toAddress();
        } catch (AddressStringException | RuntimeException e) {
            throw new InvalidObservableException(type, quote(value) + " is not " + what);
        }
    }

    /**
     * Whether the value is four dot-separated runs of digits (then a {@code /} and digits when
     * {@code network}): the shape of an IPv4 address, checked on every address a feed states, so
     * without a regular expression.
     */
    private static boolean isDottedDecimal(String value, boolean network) {
        int dots = 0;
        boolean digits = false;
        int i = 0;
        for (; i < value.length(); i++) {
            char c = value.charAt(i);
            if (isDigit(c)) {
                digits = true;
            } else if (c == '.' && digits && dots < 3) {
                dots++;
                digits = false;
            } else {
                break;
            }
        }
        if (!digits || dots != 3) {
            return false;
        }
        if (i == value.length()) {
            return true;
        }
        if (!network || value.charAt(i) != '/' || i + 1 == value.length()) {
            return false;
        }
        for (int j = i + 1; j < value.length(); j++) {
            if (!isDigit(value.charAt(j))) {
                return false;
            }
        }
        return true;
    }

    /** Whether a dotted-decimal number starts with 0 followed by another digit (octal to some readers). */
    private static boolean hasLeadingZero(String dotted) {
        for (int i = 0; i + 1 < dotted.length(); i++) {
            if (dotted.charAt(i) == '0' && (i == 0 || dotted.charAt(i - 1) == '.') && isDigit(dotted.charAt(i + 1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IPAddressStringParameters ipParameters() {
        IPAddressStringParameters.Builder builder = new IPAddressStringParameters.Builder();
        builder.allowEmpty(false);
        builder.allowAll(false);
        builder.allowSingleSegment(false);
        builder.allowMask(false);
        builder.allowPrefix(true);
        builder.allowPrefixOnly(false);
        builder.allow_inet_aton(false);
        builder.allowWildcardedSeparator(false);
        builder.setRangeOptions(RangeParameters.NO_RANGE);
        IPv4AddressStringParameters.Builder ipv4 = builder.getIPv4AddressParametersBuilder();
        ipv4.allow_inet_aton(false);
        ipv4.allowLeadingZeros(false);
        ipv4.allowBinary(false);
        ipv4.allowPrefixesBeyondAddressSize(false);
        ipv4.allowWildcardedSeparator(false);
        ipv4.setRangeOptions(RangeParameters.NO_RANGE);
        IPv6AddressStringParameters.Builder ipv6 = builder.getIPv6AddressParametersBuilder();
        ipv6.allowZone(false);
        ipv6.allowBase85(false);
        ipv6.allowBinary(false);
        ipv6.allowPrefixesBeyondAddressSize(false);
        ipv6.allowWildcardedSeparator(false);
        ipv6.setRangeOptions(RangeParameters.NO_RANGE);
        return builder.toParams();
    }

    // ---------------------------------------------------------------- names

    /**
     * The normalised domain name, or an exception whose message is {@code prefix} followed by the
     * reason (built only on failure).
     */
    private static String domain(String value, ObservableType type, Supplier<String> prefix) {
        String name = value.toLowerCase(Locale.ROOT);
        if (!isAscii(name)) {
            try {
                name = IDN.toASCII(name).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                throw new InvalidObservableException(type, prefix.get() + "it is not a valid internationalised name");
            }
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty()) {
            throw new InvalidObservableException(type, prefix.get() + "it is empty");
        }
        if (name.length() > MAX_DOMAIN) {
            throw new InvalidObservableException(type, prefix.get() + "it is longer than " + MAX_DOMAIN + " characters");
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            checkLabel(label, type, prefix);
        }
        if (labels.length < 2) {
            throw new InvalidObservableException(type,
                    prefix.get() + "it has a single label; a domain needs a name and a public suffix");
        }
        String last = labels[labels.length - 1];
        if (!DOCUMENTATION_TLDS.contains(last) && !hasPublicSuffix(name, last)) {
            throw new InvalidObservableException(type, prefix.get() + "'" + last + "' is not a public suffix");
        }
        return name;
    }

    private static void checkLabel(String label, ObservableType type, Supplier<String> prefix) {
        if (label.isEmpty()) {
            throw new InvalidObservableException(type, prefix.get() + "it has an empty label");
        }
        if (label.length() > 63) {
            throw new InvalidObservableException(type,
                    prefix.get() + "label '" + abbreviate(label) + "' is longer than 63 characters");
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                throw new InvalidObservableException(type, prefix.get() + "it contains " + describe(c)
                        + "; labels are letters, digits and '-'");
            }
        }
        if (label.startsWith("-") || label.endsWith("-")) {
            throw new InvalidObservableException(type, prefix.get() + "label '" + label + "' starts or ends with '-'");
        }
        if (label.startsWith("xn--") && IDN.toUnicode(label).equals(label)) {
            throw new InvalidObservableException(type, prefix.get() + "label '" + label + "' is not valid punycode");
        }
    }

    /**
     * Whether the name ends in a public suffix. A name under a top-level label that is itself a
     * public suffix (com, de, ...) has one: those labels are remembered, at most the public suffix
     * list's top-level entries, so most names skip Guava's walk over their suffixes.
     */
    private static boolean hasPublicSuffix(String asciiName, String topLabel) {
        if (PUBLIC_TOP_LABELS.contains(topLabel)) {
            return true;
        }
        try {
            if (InternetDomainName.from(topLabel).isPublicSuffix()) {
                PUBLIC_TOP_LABELS.add(topLabel);
                return true;
            }
            return InternetDomainName.from(asciiName).hasPublicSuffix();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String url(String value) {
        ObservableType type = ObservableType.URL;
        Supplier<String> notUrl = () -> quote(value) + " is not a URL: ";
        checkNoWhitespaceOrControl(value, type, notUrl);
        Matcher scheme = SCHEME.matcher(value);
        if (!scheme.lookingAt()) {
            throw new InvalidObservableException(type, notUrl.get() + "it must start with a scheme and '://' "
                    + "(http, https, ftp or sftp)");
        }
        String schemeName = SCHEMES.get(scheme.group(1).toLowerCase(Locale.ROOT));
        if (schemeName == null) {
            throw new InvalidObservableException(type, notUrl.get() + "scheme '" + abbreviate(scheme.group(1))
                    + "' is not one of http, https, ftp, sftp");
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
                host = "[" + ipv6(literal) + "]";
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
            if (isDottedDecimal(rawHost, false)) {
                try {
                    host = ipv4(rawHost);
                } catch (InvalidObservableException e) {
                    throw new InvalidObservableException(type, notUrl.get() + "host " + e.getMessage());
                }
            } else {
                host = domain(rawHost, type, () -> notUrl.get() + "host " + quote(rawHost) + " is not a domain name: ");
            }
        }
        if (port != null && !port.isEmpty()) {
            if (port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw new InvalidObservableException(type, notUrl.get() + "port '" + abbreviate(port)
                        + "' is not a number from 1 to 65535");
            }
            port = Integer.toString(Integer.parseInt(port));
            if (port.equals(DEFAULT_PORTS.get(schemeName))) {
                port = null;
            }
        }
        StringBuilder url = new StringBuilder(value.length() + 16).append(schemeName).append("://");
        if (userInfo != null) {
            url.append(userInfo).append('@');
        }
        url.append(host);
        if (port != null && !port.isEmpty()) {
            url.append(':').append(port);
        }
        url.append(rest);
        if (url.length() > MAX_URL) {
            throw new InvalidObservableException(type, notUrl.get() + "it is longer than " + MAX_URL + " characters");
        }
        return url.toString();
    }

    private static String email(String value) {
        ObservableType type = ObservableType.EMAIL;
        Supplier<String> notEmail = () -> quote(value) + " is not an e-mail address: ";
        String address = value.regionMatches(true, 0, "mailto:", 0, 7) ? value.substring(7) : value;
        checkNoWhitespaceOrControl(address, type, notEmail);
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw new InvalidObservableException(type, notEmail.get() + "expected local-part@domain");
        }
        String local = address.substring(0, at);
        if (local.length() > MAX_LOCAL_PART) {
            throw new InvalidObservableException(type,
                    notEmail.get() + "the local part is longer than " + MAX_LOCAL_PART + " characters");
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (!(c >= 0x80 || Character.isLetterOrDigit(c) || LOCAL_PART_SPECIALS.indexOf(c) >= 0)) {
                throw new InvalidObservableException(type, notEmail.get() + "the local part contains " + describe(c));
            }
        }
        if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            throw new InvalidObservableException(type,
                    notEmail.get() + "the local part starts or ends with a dot, or has two dots in a row");
        }
        String domainPart = address.substring(at + 1);
        String domain = domain(domainPart, type,
                () -> notEmail.get() + "domain " + quote(domainPart) + " is not a domain name: ");
        String email = local + "@" + domain;
        if (email.length() > MAX_EMAIL) {
            throw new InvalidObservableException(type, notEmail.get() + "it is longer than " + MAX_EMAIL + " characters");
        }
        return email;
    }

    // ---------------------------------------------------------------- identifiers

    private static String hash(ObservableType type, String value) {
        if (value.length() != type.hexLength() || !HEX.matcher(value).matches()) {
            throw new InvalidObservableException(type, quote(value) + " is not " + article(type) + ": expected "
                    + type.hexLength() + " hexadecimal characters");
        }
        return value.toLowerCase(Locale.ROOT);
    }

    private static String asn(String value) {
        Matcher m = ASN.matcher(value);
        long number = m.matches() ? Long.parseLong(m.group(1)) : -1;
        if (number < 1 || number > 4_294_967_295L) {
            throw new InvalidObservableException(ObservableType.ASN, quote(value)
                    + " is not an AS number: expected AS64500, ASN64500 or 64500, from 1 to 4294967295");
        }
        return "AS" + number;
    }

    private static String cve(String value) {
        Matcher m = CVE.matcher(value);
        if (!m.matches()) {
            throw new InvalidObservableException(ObservableType.CVE,
                    quote(value) + " is not a CVE id: expected CVE-YYYY-NNNN (four or more digits)");
        }
        int year = Integer.parseInt(m.group(1));
        if (year < 1999 || year > 2100) {
            throw new InvalidObservableException(ObservableType.CVE,
                    quote(value) + " is not a CVE id: the year must be from 1999 to 2100");
        }
        return "CVE-" + m.group(1) + "-" + m.group(2);
    }

    private static String filename(String value) {
        ObservableType type = ObservableType.FILENAME;
        Supplier<String> notFile = () -> quote(value) + " is not a file name: ";
        if (value.length() > MAX_FILENAME) {
            throw new InvalidObservableException(type, notFile.get() + "it is longer than " + MAX_FILENAME + " characters");
        }
        if (value.equals(".") || value.equals("..")) {
            throw new InvalidObservableException(type, notFile.get() + "'.' and '..' name directories");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '\\' || Character.isISOControl(c)) {
                throw new InvalidObservableException(type, notFile.get() + "it contains " + describe(c)
                        + (c == '/' || c == '\\' ? " (a path, not a name)" : ""));
            }
        }
        return value;
    }

    // ---------------------------------------------------------------- helpers

    private static void checkNoWhitespaceOrControl(String value, ObservableType type,
            Supplier<String> prefix) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                throw new InvalidObservableException(type, prefix.get() + "it contains white space");
            }
            if (Character.isISOControl(c)) {
                throw new InvalidObservableException(type, prefix.get() + "it contains " + describe(c));
            }
        }
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

    private static boolean isAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static String article(ObservableType type) {
        String name = type.displayName();
        boolean vowelSound = "aeiouAEIOU".indexOf(name.charAt(0)) >= 0 && !name.startsWith("URL")
                || name.startsWith("MD5");
        return (vowelSound ? "an " : "a ") + name;
    }

    private static String describe(char c) {
        if (c == 0) {
            return "a NUL character";
        }
        if (Character.isISOControl(c) || Character.isWhitespace(c)) {
            return String.format("the control or space character U+%04X", (int) c);
        }
        return "'" + c + "'";
    }

    static String quote(String value) {
        return "'" + abbreviate(value) + "'";
    }

    private static String abbreviate(String value) {
        return value.length() <= QUOTE_LIMIT ? value : value.substring(0, QUOTE_LIMIT) + "…";
    }
}
