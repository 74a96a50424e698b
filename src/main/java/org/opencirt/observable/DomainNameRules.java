package org.opencirt.observable;

import static org.opencirt.observable.Refusals.abbreviate;
import static org.opencirt.observable.Refusals.describe;

import com.google.common.net.InternetDomainName;
import java.net.IDN;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The rules of {@link Normaliser} for domain names, on their own and as the host of a URL or the
 * domain of an e-mail address: lower case, punycode, label syntax, and a public suffix.
 */
final class DomainNameRules {

    private static final Set<String> PUBLIC_TOP_LABELS = ConcurrentHashMap.newKeySet();
    private static final Set<String> DOCUMENTATION_TLDS = Set.of("example");

    private DomainNameRules() {}

    /**
     * The normalised domain name, or an exception whose message is {@code prefix} followed by the
     * reason (built only on failure).
     */
    static String domain(String value, ObservableType type, Supplier<String> prefix) {
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
        if (name.length() > Normaliser.MAX_DOMAIN) {
            throw new InvalidObservableException(
                    type, prefix.get() + "it is longer than " + Normaliser.MAX_DOMAIN + " characters");
        }
        String[] labels = name.split("\\.", -1);
        for (String label : labels) {
            checkLabel(label, type, prefix);
        }
        if (labels.length < 2) {
            throw new InvalidObservableException(
                    type, prefix.get() + "it has a single label; a domain needs a name and a public suffix");
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
            throw new InvalidObservableException(
                    type, prefix.get() + "label '" + abbreviate(label) + "' is longer than 63 characters");
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                throw new InvalidObservableException(
                        type, prefix.get() + "it contains " + describe(c) + "; labels are letters, digits and '-'");
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

    private static boolean isAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
