package org.opencirt.feed.parse;

import java.io.IOException;
import java.util.List;

/**
 * The lines of a line-based feed as its parsers read them: stripped of surrounding white space,
 * with a line longer than {@value LineReader#MAX_LINE} characters skipped, and reported invalid
 * unless it starts as a comment (then it is skipped as a comment). Blank and comment lines are
 * the parser's to skip (and to count with {@link ItemSink#skipped}).
 */
final class TextLines {

    private final LineReader lines;
    private final List<String> commentPrefixes;
    private final ItemSink sink;

    TextLines(FeedInput input, List<String> commentPrefixes, ItemSink sink) {
        this.lines = new LineReader(input.body());
        this.commentPrefixes = commentPrefixes;
        this.sink = sink;
    }

    /** Moves to the next line that is not too long; false at the end of the input. */
    boolean next() throws IOException {
        while (lines.next()) {
            if (!lines.tooLong()) {
                return true;
            }
            if (isCommentStart(lines.chars(), commentPrefixes)) {
                sink.skipped(lines.number(), Skips.COMMENT);
            } else {
                sink.invalid(
                        lines.number(),
                        "line longer than " + LineReader.MAX_LINE + " characters (" + lines.length() + ")",
                        Excerpts.of(lines.chars()));
            }
        }
        return false;
    }

    /** The current line, stripped. */
    String line() {
        return lines.line().strip();
    }

    /** 1-based number of the current line. */
    long number() {
        return lines.number();
    }

    /** Whether a stripped line is a comment. */
    boolean isComment(String stripped) {
        return isComment(stripped, commentPrefixes);
    }

    /** Whether a line (before stripping) is a comment: for a line too long, only its start is kept. */
    private static boolean isCommentStart(CharSequence line, List<String> prefixes) {
        int i = 0;
        while (i < line.length() && i < 1024 && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return isComment(line.subSequence(i, Math.min(line.length(), i + 64)).toString(), prefixes);
    }

    private static boolean isComment(String stripped, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (prefix != null && !prefix.isEmpty() && stripped.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
