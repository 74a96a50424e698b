package org.opencirt.observable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opencirt.common.Texts;

/**
 * Finds the observables in free text: an analyst's notes, a forwarded e-mail, a report.
 *
 * <p>How:
 * <ol>
 *   <li>Only the first {@value #MAX_TEXT} characters are read; the rest is ignored.</li>
 *   <li>The text is {@linkplain Refang refanged}.</li>
 *   <li>URLs: a scheme (http, https, ftp, sftp) and {@code ://}, up to white space or one of
 *       {@code " < > ` { } | \ ^}; trailing punctuation ({@code . , ; : ! ? ' *}) and closing
 *       brackets without an opening one in the URL are left out. Each URL is reported, then its
 *       host as a domain, ipv4 or ipv6 (analysts pivot on the host). Nothing else is looked for
 *       inside a URL: a hash or a second domain in its path or query is not reported separately.</li>
 *   <li>E-mail addresses: around each {@code @}, a local part of letters, digits and
 *       {@code . _ % + - '} (other RFC 5322 specials are not recognised here) and a domain. Each is
 *       reported, then its domain.</li>
 *   <li>Hashes: runs of exactly 32, 40, 64 or 128 hex digits with no letter, digit or {@code _}
 *       on either side; typed by length.</li>
 *   <li>CVE ids ({@code CVE-2024-12345}, any case) and AS numbers written {@code AS64500} or
 *       {@code ASN64500} (any case; bare numbers are never taken for AS numbers).</li>
 *   <li>Networks, addresses and domains: in each run of letters, digits and {@code . - _ : /}, a
 *       CIDR network ({@code 10.0.0.0/8}), an IPv6 address (containing at least one digit), an
 *       IPv4 address or a domain; a run that is none of them is split at {@code /} then at
 *       {@code :} and each piece tried again, so {@code example.com/path} and
 *       {@code 198.51.100.7:8080} give the domain and the address. Dotted numbers that form a valid
 *       address are addresses, version numbers included ({@code 1.2.3.4}); {@code v1.2.3} is
 *       nothing. File names are not domains unless their extension is a real top-level domain:
 *       {@code invoice.pdf} is nothing, {@code invoice.zip} is a domain (.zip is a TLD).</li>
 * </ol>
 * Each candidate is normalised with {@link Normaliser}; the ones that fail are skipped silently.
 * The result is distinct by type and value, in order of first appearance (a URL or an e-mail
 * address comes before its host), and holds at most {@code max} observables.
 *
 * <p>Time is linear in the length of the text: the regular expressions used can only start a
 * match where a word starts and never backtrack across a run, and everything else is hand-written
 * scanning with bounded look-around.
 */
public final class ObservableExtractor {

    /** Longest text read; characters beyond are ignored. */
    public static final int MAX_TEXT = 1_000_000;

    private static final Pattern URL_START =
            Pattern.compile("(?<![A-Za-z0-9+.-])(?:https?|s?ftp)://", Pattern.CASE_INSENSITIVE);
    private static final Pattern CVE =
            Pattern.compile("(?<![A-Za-z0-9_-])CVE-[0-9]{4}-[0-9]{4,}+(?![A-Za-z0-9_])", Pattern.CASE_INSENSITIVE);
    private static final Pattern ASN =
            Pattern.compile("(?<![A-Za-z0-9_])ASN?[0-9]{1,10}+(?![A-Za-z0-9_])", Pattern.CASE_INSENSITIVE);

    private static final String URL_STOP = "\"<>`{}|\\^";
    private static final String URL_TRAILING = ".,;:!?'*";
    private static final String LOCAL_PART_SPECIALS = "._%+-'";
    private static final int MAX_LOCAL_PART = Normaliser.MAX_LOCAL_PART;
    private static final int MAX_DOMAIN = Normaliser.MAX_DOMAIN + 1;
    private static final int MAX_IPV6_TEXT = 45;
    private static final int MAX_CIDR_TEXT = 49;
    private static final int MAX_IPV4_TEXT = 15;
    private static final int MAX_REMEMBERED = 10_000;

    private ObservableExtractor() {}

    /**
     * The observables found in {@code text}, at most {@code max} of them.
     *
     * @throws IllegalArgumentException if {@code max} is negative
     */
    public static List<Observable> extract(String text, int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative: " + max);
        }
        if (text == null || text.isEmpty() || max == 0) {
            return List.of();
        }
        String refanged = Refang.refang(Texts.truncate(text, MAX_TEXT));
        Scan scan = new Scan(refanged);
        scan.urls();
        scan.emails();
        scan.hashes();
        scan.matches(CVE, ObservableType.CVE);
        scan.matches(ASN, ObservableType.ASN);
        scan.networksAndNames();

        scan.found.sort(Comparator.comparingInt(Found::position).thenComparingInt(Found::sequence));
        Set<Observable> distinct = new LinkedHashSet<>();
        for (Found found : scan.found) {
            distinct.add(found.observable());
            if (distinct.size() == max) {
                break;
            }
        }
        return List.copyOf(distinct);
    }

    private record Found(int position, int sequence, Observable observable) {}

    /** One extraction: the text, a copy where consumed spans are blanked, and what was found. */
    private static final class Scan {

        final String text;
        final char[] masked;
        final List<Found> found = new ArrayList<>();
        final Map<String, Optional<Observable>> seen = new HashMap<>();

        Scan(String text) {
            this.text = text;
            this.masked = text.toCharArray();
        }

        void add(int position, ObservableType type, String candidate) {
            normalise(type, candidate).ifPresent(o -> add(position, o));
        }

        /** Normalises a candidate, remembering the answer: logs repeat the same values a lot. */
        Optional<Observable> normalise(ObservableType type, String candidate) {
            String key = type.ordinal() + " " + candidate;
            Optional<Observable> known = seen.get(key);
            if (known == null) {
                known = Normaliser.tryNormaliseRefanged(type, candidate);
                if (seen.size() < MAX_REMEMBERED) {
                    seen.put(key, known);
                }
            }
            return known;
        }

        void add(int position, Observable observable) {
            found.add(new Found(position, found.size(), observable));
        }

        void blank(int start, int end) {
            for (int i = start; i < end; i++) {
                masked[i] = ' ';
            }
        }

        void urls() {
            Matcher m = URL_START.matcher(text);
            int from = 0;
            while (from < text.length() && m.find(from)) {
                int start = m.start();
                int end = m.end();
                while (end < text.length() && !isUrlStop(text.charAt(end))) {
                    end++;
                }
                from = end;
                blank(start, end);
                if (end - start > Normaliser.MAX_INPUT) {
                    continue; // refused by the normaliser anyway
                }
                end = trimUrlEnd(start, end);
                Optional<Observable> url = normalise(ObservableType.URL, text.substring(start, end));
                if (url.isPresent()) {
                    add(start, url.get());
                    add(start, Normaliser.hostOf(url.get()));
                }
            }
        }

        /** Leaves out trailing punctuation, and closing brackets that open nowhere in the URL. */
        private int trimUrlEnd(int start, int end) {
            int parens = 0;
            int brackets = 0;
            for (int i = start; i < end; i++) {
                switch (text.charAt(i)) {
                    case '(' -> parens++;
                    case ')' -> parens--;
                    case '[' -> brackets++;
                    case ']' -> brackets--;
                    default -> {}
                }
            }
            while (end > start) {
                char last = text.charAt(end - 1);
                if (URL_TRAILING.indexOf(last) >= 0) {
                    end--;
                } else if (last == ')' && parens < 0) {
                    parens++;
                    end--;
                } else if (last == ']' && brackets < 0) {
                    brackets++;
                    end--;
                } else {
                    break;
                }
            }
            return end;
        }

        void emails() {
            int n = masked.length;
            for (int at = 0; at < n; at++) {
                if (masked[at] != '@') {
                    continue;
                }
                int start = at;
                while (start > 0 && isLocalPartChar(masked[start - 1]) && at - start <= MAX_LOCAL_PART) {
                    start--;
                }
                if (at - start > MAX_LOCAL_PART) {
                    continue; // local part too long
                }
                while (start < at && (masked[start] == '.' || masked[start] == '\'')) {
                    start++;
                }
                int end = at + 1;
                while (end < n && isDomainChar(masked[end]) && end - at <= MAX_DOMAIN) {
                    end++;
                }
                while (end > at + 1 && (masked[end - 1] == '.' || masked[end - 1] == '-')) {
                    end--;
                }
                if (start == at || end - at > MAX_DOMAIN || !mayBeDomain(masked, at + 1, end)) {
                    continue;
                }
                Optional<Observable> email = normalise(ObservableType.EMAIL, new String(masked, start, end - start));
                if (email.isPresent()) {
                    String value = email.get().value();
                    add(start, email.get());
                    add(start, new Observable(ObservableType.DOMAIN, value.substring(value.lastIndexOf('@') + 1)));
                    blank(start, end);
                }
            }
        }

        void hashes() {
            int n = masked.length;
            int i = 0;
            while (i < n) {
                if (!isWordChar(masked[i])) {
                    i++;
                    continue;
                }
                int start = i;
                boolean hex = true;
                while (i < n && isWordChar(masked[i])) {
                    hex &= Character.digit(masked[i], 16) >= 0 && masked[i] < 0x80;
                    i++;
                }
                ObservableType type = ObservableType.hashOfLength(i - start);
                if (hex && type != null) {
                    add(start, type, new String(masked, start, i - start));
                }
            }
        }

        void matches(Pattern pattern, ObservableType type) {
            Matcher m = pattern.matcher(java.nio.CharBuffer.wrap(masked));
            while (m.find()) {
                add(m.start(), type, m.group());
            }
        }

        void networksAndNames() {
            int n = masked.length;
            int i = 0;
            while (i < n) {
                if (!isRunChar(masked[i])) {
                    i++;
                    continue;
                }
                int start = i;
                while (i < n && isRunChar(masked[i])) {
                    i++;
                }
                classify(start, i);
            }
        }

        /** Tries the run masked[start, end) as a network, address or domain; else splits it. */
        private void classify(int start, int end) {
            // trim punctuation that cannot start or end a value ("::" may: ::1, fe80::)
            while (start < end && isEdgePunctuation(masked, start, end, true)) {
                start++;
            }
            while (end > start && isEdgePunctuation(masked, start, end, false)) {
                end--;
            }
            if (start >= end) {
                return;
            }
            int length = end - start;
            if (indexOf('/', start, end) >= 0) {
                if (length <= MAX_CIDR_TEXT
                        && onlyAddressChars(start, end, true)
                        && count('/', start, end) == 1
                        && tryAdd(start, ObservableType.CIDR, start, end)) {
                    return;
                }
                split('/', start, end);
                return;
            }
            if (indexOf(':', start, end) >= 0) {
                if (length <= MAX_IPV6_TEXT
                        && onlyAddressChars(start, end, false)
                        && count(':', start, end) >= 2
                        && hasDigit(start, end)
                        && tryAdd(start, ObservableType.IPV6, start, end)) {
                    return;
                }
                split(':', start, end);
                return;
            }
            if (onlyDigitsAndDots(start, end)) {
                if (length <= MAX_IPV4_TEXT && count('.', start, end) == 3) {
                    tryAdd(start, ObservableType.IPV4, start, end);
                }
                return;
            }
            if (length <= MAX_DOMAIN && mayBeDomain(masked, start, end)) {
                tryAdd(start, ObservableType.DOMAIN, start, end);
            }
        }

        private void split(char separator, int start, int end) {
            int pieceStart = start;
            for (int i = start; i <= end; i++) {
                if (i == end || masked[i] == separator) {
                    if (i > pieceStart) {
                        classify(pieceStart, i);
                    }
                    pieceStart = i + 1;
                }
            }
        }

        private boolean tryAdd(int position, ObservableType type, int start, int end) {
            Optional<Observable> observable = normalise(type, new String(masked, start, end - start));
            observable.ifPresent(o -> add(position, o));
            return observable.isPresent();
        }

        private int count(char c, int start, int end) {
            int count = 0;
            for (int i = start; i < end; i++) {
                if (masked[i] == c) {
                    count++;
                }
            }
            return count;
        }

        private int indexOf(char c, int start, int end) {
            for (int i = start; i < end; i++) {
                if (masked[i] == c) {
                    return i;
                }
            }
            return -1;
        }

        private boolean onlyAddressChars(int start, int end, boolean slash) {
            for (int i = start; i < end; i++) {
                char c = masked[i];
                boolean ok = c < 0x80 && Character.digit(c, 16) >= 0 || c == '.' || c == ':' || slash && c == '/';
                if (!ok) {
                    return false;
                }
            }
            return true;
        }

        private boolean onlyDigitsAndDots(int start, int end) {
            for (int i = start; i < end; i++) {
                char c = masked[i];
                if (!(c >= '0' && c <= '9' || c == '.')) {
                    return false;
                }
            }
            return true;
        }

        private boolean hasDigit(int start, int end) {
            for (int i = start; i < end; i++) {
                if (masked[i] >= '0' && masked[i] <= '9') {
                    return true;
                }
            }
            return false;
        }
    }

    /** Whether the first (or last) character of chars[start, end) is punctuation to trim off. */
    private static boolean isEdgePunctuation(char[] chars, int start, int end, boolean leading) {
        int i = leading ? start : end - 1;
        char c = chars[i];
        if (c == ':') {
            // a lone colon goes ("IP:", ":8080"); a double one stays ("::1", "fe80::")
            int inner = leading ? i + 1 : i - 1;
            return !(inner >= start && inner < end && chars[inner] == ':');
        }
        return c == '.' || c == '-' || c == '_' || c == '/';
    }

    /**
     * A cheap test that chars[start, end) could be a domain: a dot, and a last label of at least
     * two characters starting with a letter (as every top-level domain does).
     */
    private static boolean mayBeDomain(char[] chars, int start, int end) {
        int lastDot = end - 1;
        while (lastDot >= start && chars[lastDot] != '.') {
            lastDot--;
        }
        return lastDot > start && end - lastDot > 2 && Character.isLetter(chars[lastDot + 1]);
    }

    private static boolean isUrlStop(char c) {
        return Character.isWhitespace(c)
                || Character.isSpaceChar(c)
                || Character.isISOControl(c)
                || URL_STOP.indexOf(c) >= 0;
    }

    private static boolean isLocalPartChar(char c) {
        return Character.isLetterOrDigit(c) || LOCAL_PART_SPECIALS.indexOf(c) >= 0;
    }

    private static boolean isDomainChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '-';
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static boolean isRunChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == ':' || c == '/';
    }
}
