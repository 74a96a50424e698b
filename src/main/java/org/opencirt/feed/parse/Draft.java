package org.opencirt.feed.parse;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.opencirt.common.Texts;
import org.opencirt.common.Tlp;
import org.opencirt.incident.model.Rsit;
import org.opencirt.observable.Normaliser;
import org.opencirt.observable.ObservableType;
import org.opencirt.observable.Refang;

/**
 * An item being put together from what a source wrote, before {@link #finish} checks it and
 * applies the options. One per item; not shared.
 */
final class Draft {

    private static final Pattern TAG_SEPARATORS = Pattern.compile("[,;|\\s]+");
    private static final Pattern HAS_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]{0,15}://.*", Pattern.DOTALL);

    /** Bounds on what a source may put in an item's text fields (a 20 MB JSON string stays out). */
    static final int MAX_TAGS = 100;

    static final int MAX_TAG = 256;
    static final int MAX_DESCRIPTION = 4096;
    static final int MAX_SOURCE_ID = 512;

    String value;
    /** A type the source or the format states; the forced type of the options wins. */
    ObservableType type;
    /** A type name as the source writes it (a CSV column), read by {@link TypeNames}. */
    String typeName;
    /** A classification as the source writes it: looked up in the classifications, or an RSIT type. */
    String classification;

    final Set<String> tags = new LinkedHashSet<>();
    Instant firstSeen;
    Instant lastSeen;
    Integer confidence;
    Tlp tlp;
    String description;
    String sourceId;

    Draft() {}

    Draft(String value) {
        this.value = value;
    }

    Draft tag(String tag) {
        if (tag != null) {
            String t = tag.strip();
            if (!t.isEmpty() && !t.equalsIgnoreCase("none") && !t.equalsIgnoreCase("null") && tags.size() < MAX_TAGS) {
                tags.add(Texts.abbreviate(t, MAX_TAG));
            }
        }
        return this;
    }

    /** Adds the tags of a list written {@code a,b}, {@code a;b}, {@code a|b} or {@code a b}. */
    Draft splitTags(String text) {
        if (text != null && !text.isBlank()) {
            for (String t : TAG_SEPARATORS.split(text.strip())) {
                tag(t);
            }
        }
        return this;
    }

    /** Reads a confidence 0-100 ({@code 85}, {@code 85.0}); anything else leaves it unset. */
    Draft confidence(String text) {
        confidence = confidenceOf(text);
        return this;
    }

    static Integer confidenceOf(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            double d = Double.parseDouble(text.strip());
            long rounded = Math.round(d);
            return d >= 0 && d <= 100 ? (int) rounded : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Why the value cannot be an item, or null when it can. */
    static String valueProblem(String value, ObservableType type) {
        if (value == null || value.isEmpty()) {
            return "no value";
        }
        if (value.length() > Normaliser.MAX_INPUT) {
            return "value longer than " + Normaliser.MAX_INPUT + " characters";
        }
        if (type != ObservableType.FILENAME) {
            for (int i = 0; i < value.length(); i++) {
                if (Character.isWhitespace(value.charAt(i)) || Character.isSpaceChar(value.charAt(i))) {
                    return "more than one value: white space inside '" + Excerpts.of(value) + "'";
                }
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && !Character.isWhitespace(c)) {
                // NUL padding, binary garbage: never part of an indicator
                return "control character U+%04X in the value".formatted((int) c);
            }
        }
        if (value.charAt(0) == '<') {
            // an HTML page or a tag (</pre>) appended to a list: no indicator starts with '<'
            return "markup, not a value: '" + Excerpts.of(value) + "'";
        }
        return null;
    }

    /**
     * The item, or null after telling the sink why there is none.
     *
     * @param rules the options and the classification table of the format
     */
    RawItem finish(Rules rules, long position, CharSequence excerpt, ItemSink sink) {
        return finish(rules, position, () -> Excerpts.of(excerpt), sink);
    }

    /** {@link #finish(Rules, long, CharSequence, ItemSink)} that makes the excerpt only when needed. */
    RawItem finish(Rules rules, long position, Supplier<String> excerpt, ItemSink sink) {
        String v = value == null ? null : value.strip();
        ObservableType named = TypeNames.parse(typeName, v);
        ObservableType t =
                rules.forced != null ? rules.forced : type != null ? type : named != null ? named : rules.hint;
        String problem = valueProblem(v, t);
        if (problem != null) {
            sink.invalid(position, problem, excerpt.get());
            return null;
        }
        if (rules.scheme != null && (t == ObservableType.URL || t == null) && !hasScheme(v)) {
            if (v.startsWith("//")) {
                // scheme-relative, as in HTML
                v = rules.scheme + ":" + v;
                t = ObservableType.URL;
            } else if (t == ObservableType.URL || looksLikeUrl(v)) {
                v = rules.scheme + "://" + v;
                t = ObservableType.URL;
            }
        }
        String rsit = rules.classify(classification);
        if (rsit == null && classification != null && !classification.isBlank()) {
            tag(classification);
        }
        if (rsit == null) {
            rsit = rules.fallback;
        }
        RawItem item = new RawItem(
                v,
                t,
                rsit,
                tags.isEmpty() ? List.of() : List.copyOf(tags),
                firstSeen,
                lastSeen,
                confidence,
                TlpLabels.wire(tlp),
                Texts.abbreviate(blankToNull(description), MAX_DESCRIPTION),
                Texts.abbreviate(blankToNull(sourceId), MAX_SOURCE_ID),
                position);
        sink.item(item);
        return item;
    }

    /** Whether a value starts with {@code scheme://}, also when defanged ({@code hxxp[:]//}). */
    static boolean hasScheme(String value) {
        return HAS_SCHEME.matcher(Refang.refang(value)).matches();
    }

    /**
     * Whether a value of no stated type is a url without its scheme: a host (a domain name or an
     * IPv4 address, maybe with a port, or an IPv6 address in brackets) followed by a {@code /},
     * and not a network ({@code 192.0.2.0/24}).
     */
    static boolean looksLikeUrl(String value) {
        String refanged = Refang.refang(value);
        int slash = refanged.indexOf('/');
        if (slash <= 0 || Normaliser.tryNormalise(ObservableType.CIDR, refanged).isPresent()) {
            return false;
        }
        String host = refanged.substring(0, slash);
        int at = host.lastIndexOf('@');
        host = host.substring(at + 1);
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            return close > 0
                    && Normaliser.tryNormalise(ObservableType.IPV6, host.substring(1, close))
                            .isPresent();
        }
        int colon = host.indexOf(':');
        if (colon >= 0) {
            host = host.substring(0, colon);
        }
        return Normaliser.tryNormalise(ObservableType.IPV4, host).isPresent()
                || Normaliser.tryNormalise(ObservableType.DOMAIN, host).isPresent();
    }

    static String blankToNull(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }

    /** What {@link #finish} applies: the forced type, the format's type hint and the classifications. */
    static final class Rules {

        final ObservableType forced;
        final ObservableType hint;
        private final Map<String, String> classifications;
        final String fallback;
        /** The scheme prepended to urls without one ({@link ParserOptions#addScheme()}), or null. */
        final String scheme;

        /**
         * @param builtIn the format's classifications (lower-case keys), under the options' ones
         */
        Rules(ParserOptions options, ObservableType hint, Map<String, String> builtIn) {
            this.forced = options.forcedType();
            this.hint = hint;
            this.scheme = options.scheme();
            Map<String, String> merged = new java.util.HashMap<>();
            builtIn.forEach((k, v) -> merged.put(k.toLowerCase(Locale.ROOT), v));
            options.classifications().forEach((k, v) -> {
                if (k != null) {
                    Rsit.typeNamed(v).ifPresent(type -> merged.put(k.strip().toLowerCase(Locale.ROOT), type));
                }
            });
            this.fallback = merged.remove(ParserOptions.ANY);
            this.classifications = Map.copyOf(merged);
        }

        /** The RSIT type a source's value maps to: by the table, else itself if it is one; or null. */
        String classify(String sourceValue) {
            if (sourceValue == null || sourceValue.isBlank()) {
                return null;
            }
            String mapped = classifications.get(sourceValue.strip().toLowerCase(Locale.ROOT));
            return mapped != null ? mapped : Rsit.typeNamed(sourceValue).orElse(null);
        }

        /** The first of these source values that classifies, or null. */
        String classifyFirst(List<String> sourceValues) {
            for (String v : sourceValues) {
                String rsit = classify(v);
                if (rsit != null) {
                    return rsit;
                }
            }
            return null;
        }
    }
}
