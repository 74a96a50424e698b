package org.opencirt.feed.parse;

import com.fasterxml.jackson.databind.JsonNode;

/** The excerpts of invalid input that go to {@link ItemSink#invalid}: at most 200 characters. */
final class Excerpts {

    static final int MAX = 200;

    private Excerpts() {}

    static String of(CharSequence text) {
        if (text == null) {
            return "";
        }
        if (text.length() <= MAX) {
            return text.toString();
        }
        int end = MAX;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.subSequence(0, end).toString();
    }

    static String of(JsonNode node) {
        return node == null ? "" : of(node.toString());
    }
}
