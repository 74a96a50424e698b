package org.opencirt.common;

/** Small text helpers shared by messages. */
public final class Texts {

    private Texts() {
    }

    /** The text, cut to {@code max} characters with "..." at the end when it is longer. */
    public static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
