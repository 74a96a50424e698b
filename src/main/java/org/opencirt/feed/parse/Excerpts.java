package org.opencirt.feed.parse;

import com.fasterxml.jackson.databind.JsonNode;

/** The excerpts of invalid input that go to {@link ItemSink#invalid}: at most 200 characters. */
final class Excerpts {

    static final int MAX = 200;

    private Excerpts() {}

    /**
     * At most {@value #MAX} characters of the text; control characters other than tab and line
     * ends (NUL bytes of a padded file, binary garbage) become U+FFFD, so an excerpt can be
     * stored and shown as text anywhere.
     */
    static String of(CharSequence text) {
        if (text == null) {
            return "";
        }
        int end = Math.min(text.length(), MAX);
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        String cut = text.length() <= MAX
                ? text.toString()
                : text.subSequence(0, end).toString();
        for (int i = 0; i < cut.length(); i++) {
            if (isControl(cut.charAt(i))) {
                return cleaned(cut);
            }
        }
        return cut;
    }

    private static boolean isControl(char c) {
        return Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r';
    }

    private static String cleaned(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(isControl(c) ? '\uFFFD' : c);
        }
        return out.toString();
    }

    static String of(JsonNode node) {
        return node == null ? "" : of(node.toString());
    }
}
