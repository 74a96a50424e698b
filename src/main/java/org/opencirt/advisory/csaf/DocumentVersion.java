package org.opencirt.advisory.csaf;

import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A CSAF {@code version_t}: integer versioning ({@code 0}, {@code 1}, ...) or semantic versioning 2.0.0
 * ({@code 1.4.0-rc.1+build.7}), compared by the precedence each defines. Any number of digits is fine:
 * numbers are {@link BigInteger}s, never a long that overflows.
 */
record DocumentVersion(
        String text, boolean integer, BigInteger major, BigInteger minor, BigInteger patch, String preRelease) {

    private static final Pattern INTEGER = Pattern.compile("^(0|[1-9][0-9]*)$");
    /** RE2J: a long pre-release part repeats a group thousands of times, which the JDK engine recurses on. */
    private static final com.google.re2j.Pattern SEMVER = com.google.re2j.Pattern.compile(
            "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$");

    /** The version a text is, or empty when it is neither kind. */
    static Optional<DocumentVersion> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (INTEGER.matcher(text).matches()) {
            var n = new BigInteger(text);
            return Optional.of(new DocumentVersion(text, true, n, BigInteger.ZERO, BigInteger.ZERO, null));
        }
        var m = SEMVER.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new DocumentVersion(
                text,
                false,
                new BigInteger(m.group(1)),
                new BigInteger(m.group(2)),
                new BigInteger(m.group(3)),
                m.group(4)));
    }

    /** {@code 0} or {@code 0.y.z}. */
    boolean isZero() {
        return major.signum() == 0;
    }

    boolean hasPreRelease() {
        return preRelease != null;
    }

    /** The text without build metadata, and without the pre-release part too when asked. */
    String withoutBuild(boolean alsoPreRelease) {
        if (integer) {
            return text;
        }
        var core = major + "." + minor + "." + patch;
        return alsoPreRelease || preRelease == null ? core : core + "-" + preRelease;
    }

    /** Precedence: integers by value; semantic versions by major, minor, patch, then pre-release (SemVer 11). */
    int compareTo(DocumentVersion other) {
        int c = major.compareTo(other.major);
        if (c != 0) {
            return c;
        }
        c = minor.compareTo(other.minor);
        if (c != 0) {
            return c;
        }
        c = patch.compareTo(other.patch);
        if (c != 0) {
            return c;
        }
        if (preRelease == null || other.preRelease == null) {
            return preRelease == null ? (other.preRelease == null ? 0 : 1) : -1;
        }
        var mine = preRelease.split("\\.");
        var theirs = other.preRelease.split("\\.");
        for (int i = 0; i < Math.min(mine.length, theirs.length); i++) {
            c = identifier(mine[i], theirs[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(mine.length, theirs.length);
    }

    private static int identifier(String a, String b) {
        boolean numericA = a.chars().allMatch(Character::isDigit);
        boolean numericB = b.chars().allMatch(Character::isDigit);
        if (numericA && numericB) {
            return new BigInteger(a).compareTo(new BigInteger(b));
        }
        if (numericA != numericB) {
            return numericA ? -1 : 1;
        }
        return a.compareTo(b);
    }
}
