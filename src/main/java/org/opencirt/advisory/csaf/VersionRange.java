package org.opencirt.advisory.csaf;

import java.util.regex.Pattern;

/**
 * The one rule that tells a version range from a single version (CSAF 2.0 mandatory test 6.1.31),
 * used both by the validator and by the form that picks a branch's category.
 *
 * <p>The specification writes it as {@code ^.*(<|<=|>|>=|\b(after|all|before|...)\b).*$}, which a
 * backtracking engine runs in quadratic time on a long name that is not a range (each position of
 * the first {@code .*} retries the rest). The leading and trailing {@code .*} add nothing to
 * "contains one of these", so the same rule is a {@code find()} of the alternation alone: at each
 * position at most a few characters are compared, linear in the name's length.
 */
public final class VersionRange {

    private static final Pattern MARKER =
            Pattern.compile("[<>]|\\b(?:after|all|before|earlier|later|prior|versions)\\b", Pattern.CASE_INSENSITIVE);

    private VersionRange() {}

    /** Whether a version name reads as a range ({@code <1.2}, {@code all versions}, {@code prior to 4}). */
    public static boolean looksLikeRange(String name) {
        return name != null && MARKER.matcher(name).find();
    }
}
