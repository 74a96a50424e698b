package org.opencirt.observable;

import java.util.function.Supplier;

/**
 * How the rules of {@link Normaliser} describe what they refuse: the value quoted and cut short, a
 * character named so that an invisible one shows, the type with its article.
 */
final class Refusals {

    private static final int QUOTE_LIMIT = 80;

    private Refusals() {}

    static void checkNoWhitespaceOrControl(String value, ObservableType type, Supplier<String> prefix) {
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

    static String article(ObservableType type) {
        String name = type.displayName();
        boolean vowelSound =
                "aeiouAEIOU".indexOf(name.charAt(0)) >= 0 && !name.startsWith("URL") || name.startsWith("MD5");
        return (vowelSound ? "an " : "a ") + name;
    }

    static String describe(char c) {
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

    static String abbreviate(String value) {
        return value.length() <= QUOTE_LIMIT ? value : value.substring(0, QUOTE_LIMIT) + "…";
    }
}
