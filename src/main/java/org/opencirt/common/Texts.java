package org.opencirt.common;

/** Cutting texts to a length: the one rule for stored fields, messages and labels. */
public final class Texts {

    /** What ends a text that was cut short: one character, so a cut text keeps as much as possible. */
    public static final String ELLIPSIS = "\u2026";

    private Texts() {}

    /**
     * The text, at most {@code max} characters, never splitting a surrogate pair (the cut text is
     * still valid UTF-16, and one character shorter when a pair sat on the edge). Null stays null.
     */
    public static String truncate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        var end = max;
        if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    /**
     * The text, at most {@code max} characters (at least 1), the last one {@link #ELLIPSIS} when it
     * was longer; never splits a surrogate pair. Null stays null.
     */
    public static String abbreviate(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return truncate(text, max - 1) + ELLIPSIS;
    }
}
