package org.opencirt.observable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Undoes the defanging analysts apply to indicators so they cannot be clicked.
 *
 * <p>Always rewritten:
 * <ul>
 *   <li>{@code [.]}, {@code (.)}, {@code {.}}, {@code [dot]}, {@code (dot)}, {@code {dot}} (any case)
 *       become {@code .}; spaces and tabs around them are dropped ({@code example [.] com});</li>
 *   <li>{@code [@]}, {@code (@)}, {@code {@}}, {@code [at]}, {@code (at)}, {@code {at}} (any case)
 *       become {@code @}, likewise dropping spaces and tabs around them;</li>
 *   <li>{@code [:]} becomes {@code :}, {@code [://]} becomes {@code ://} and {@code [/]} becomes
 *       {@code /};</li>
 *   <li>{@code \.} becomes {@code .}, and so does a run of backslashes before a dot;</li>
 *   <li>the schemes {@code hxxp}, {@code hxxps}, {@code h**p}, {@code h**ps} (any case, e.g.
 *       {@code hXXp}) become {@code http} / {@code https} and {@code fxp} becomes {@code ftp},
 *       when followed by {@code ://} and not preceded by a letter or digit.</li>
 * </ul>
 *
 * <p>Rewritten only when the result is a domain name: {@code " . "} (a dot with at least one
 * space or tab on <em>each</em> side) and the word {@code " dot "} (any case, spaces on each
 * side). Every label around such separators, together with labels joined to them by plain dots,
 * forms a run ({@code www . example . co.uk}); the separators of the run are collapsed only if
 * the whole run is a valid domain name that ends in a public suffix (as {@link Normaliser} decides
 * for {@link ObservableType#DOMAIN}). Hence {@code example . com} and {@code example dot com}
 * become {@code example.com}, but {@code version 2 . 0} and {@code a dot on the map} stay.
 * To keep prose intact, a run is also left alone when a label after a spaced separator looks like
 * the first word of a sentence ({@code "the store . It was"}: upper case then lower case) or when
 * its last label is an English word that is also a TLD ({@code "a dot in the box"},
 * {@code "example . it"}: write those with {@code [.]}). A dot with a space on one side only (the
 * end of a sentence, {@code "the .com zone"}) is never touched.
 *
 * <p>Idempotent: the rewriting is repeated until nothing changes (so {@code [[.]]} becomes
 * {@code .}), at most {@value #MAX_PASSES} times; only text nesting defanging deeper than that
 * could need a further call. Every pass is linear in the length of the text.
 */
public final class Refang {

    static final int MAX_PASSES = 8;

    /** What goes inside brackets ([x], (x), {x}) to stand for a character, with its replacement. */
    private static final String[][] BRACKETED_FORMS = {
        {".", "."}, {"dot", "."}, {"@", "@"}, {"at", "@"},
    };
    /** Forms written in square brackets only. */
    private static final String[][] SQUARE_ONLY_FORMS = {
        {"://", "://"}, {":", ":"}, {"/", "/"},
    };

    private static final Pattern SCHEME =
            Pattern.compile("(?<![a-z0-9])(?:h(?:xx|\\*\\*)p(s?)|(f)xp)(?=://)", Pattern.CASE_INSENSITIVE);

    /**
     * English words that are also top-level domains; a spaced-dot run ending in one of them is
     * left alone ({@code "a dot in"}, {@code "noon . it"}): write such domains with {@code [.]}.
     */
    private static final Set<String> PROSE_WORDS =
            Set.of("am", "as", "at", "be", "by", "do", "in", "is", "it", "me", "my", "no", "so", "to", "us");

    /** Longest fragment of a spaced-dot run looked at; a domain name has at most 253 characters. */
    private static final int MAX_FRAGMENT = 255;

    private Refang() {}

    /** The text with its defanged indicators restored; see the class comment for the rules. */
    public static String refang(String text) {
        Objects.requireNonNull(text, "text");
        String current = text;
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            String next = pass(current);
            if (next.equals(current)) {
                return current;
            }
            current = next;
        }
        return current;
    }

    private static String pass(String text) {
        String result = text;
        if (containsAny(result, "[({\\")) {
            result = replaceBracketed(result);
        }
        if (mayHaveDefangedScheme(result)) {
            result = replaceSchemes(result);
        }
        if (containsAny(result, " \t")) {
            result = collapseSpacedDots(result);
        }
        return result;
    }

    /**
     * Whether some {@code ://} follows what a defanged scheme ends with ({@code xp}, {@code xps},
     * {@code *p}, {@code *ps}, any case): only then is {@link #SCHEME} worth running, which
     * spares the regular expression on every plain URL.
     */
    private static boolean mayHaveDefangedScheme(String text) {
        for (int i = text.indexOf("://"); i >= 0; i = text.indexOf("://", i + 3)) {
            int end = i;
            if (end > 0 && Character.toLowerCase(text.charAt(end - 1)) == 's') {
                end--;
            }
            if (end >= 2 && Character.toLowerCase(text.charAt(end - 1)) == 'p') {
                char before = Character.toLowerCase(text.charAt(end - 2));
                if (before == 'x' || before == '*') {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean containsAny(String text, String chars) {
        for (int i = 0; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static String replaceBracketed(String text) {
        int n = text.length();
        StringBuilder out = null;
        int copied = 0;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            String replacement = null;
            int end = 0;
            if (c == '\\') {
                int j = i + 1;
                while (j < n && text.charAt(j) == '\\') {
                    j++;
                }
                if (j >= n || text.charAt(j) != '.') {
                    i = j - 1;
                    continue;
                }
                // "\\\." (escaped once more by each layer of quoting) in one pass, however long the run
                replacement = ".";
                end = j + 1;
            } else if (c == '[' || c == '(' || c == '{') {
                char close = c == '[' ? ']' : c == '(' ? ')' : '}';
                String[] form = bracketedForm(text, i, close, BRACKETED_FORMS);
                if (form == null && c == '[') {
                    form = bracketedForm(text, i, close, SQUARE_ONLY_FORMS);
                }
                if (form != null) {
                    replacement = form[1];
                    end = i + form[0].length() + 2;
                }
            }
            if (replacement == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(n);
            }
            out.append(text, copied, i);
            copied = end;
            if (replacement.equals(".") && c != '\\' || replacement.equals("@")) {
                // "example [.] com", "john [at] example": the blanks around go too
                trimTrailingBlanks(out);
                while (copied < n && isBlank(text.charAt(copied))) {
                    copied++;
                }
            }
            out.append(replacement);
            i = copied - 1;
        }
        if (out == null) {
            return text;
        }
        out.append(text, copied, n);
        return out.toString();
    }

    /** The form among {@code forms} written in brackets at {@code open}, or null. */
    private static String[] bracketedForm(String text, int open, char close, String[][] forms) {
        for (String[] form : forms) {
            int closeAt = open + 1 + form[0].length();
            if (closeAt < text.length()
                    && text.charAt(closeAt) == close
                    && text.regionMatches(true, open + 1, form[0], 0, form[0].length())) {
                return form;
            }
        }
        return null;
    }

    private static String replaceSchemes(String text) {
        Matcher m = SCHEME.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        do {
            out.append(text, copied, m.start());
            if (m.group(2) != null) {
                out.append("ftp");
            } else {
                out.append(m.group(1).isEmpty() ? "http" : "https");
            }
            copied = m.end();
        } while (m.find());
        out.append(text, copied, text.length());
        return out.toString();
    }

    /** A separator found in the text: blanks, then "." or "dot", then blanks. */
    private record Separator(int start, int end) {}

    private static String collapseSpacedDots(String text) {
        int n = text.length();
        List<Separator> collapse = new ArrayList<>();
        List<Separator> chain = new ArrayList<>();
        Map<String, Boolean> domains = new HashMap<>();
        StringBuilder joined = new StringBuilder();
        boolean chainValid = false;
        int chainEnd = -1; // end of the last fragment of the chain, -1 if none
        int i = 0;
        while (i < n) {
            int coreLength = separatorCoreAt(text, i);
            if (coreLength == 0) {
                i++;
                continue;
            }
            int start = i;
            while (start > 0 && isBlank(text.charAt(start - 1))) {
                start--;
            }
            int end = i + coreLength;
            while (end < n && isBlank(text.charAt(end))) {
                end++;
            }
            int leftStart = fragmentStart(text, start);
            int rightEnd = fragmentEnd(text, end);
            if (leftStart == start || rightEnd == end) {
                // no label on one side: not a separator, and the end of any chain
                closeChain(text, chain, chainValid, joined, collapse, domains);
                chainEnd = -1;
                i = end;
                continue;
            }
            if (chain.isEmpty() || chainEnd != start) {
                closeChain(text, chain, chainValid, joined, collapse, domains);
                chainValid = leftStart >= 0;
                if (chainValid) {
                    joined.append(text, leftStart, start);
                }
            }
            chain.add(new Separator(start, end));
            chainEnd = rightEnd;
            if (rightEnd < 0) {
                chainValid = false;
            } else if (chainValid) {
                joined.append('.').append(text, end, rightEnd);
                chainValid = joined.length() <= MAX_FRAGMENT;
            }
            i = end;
        }
        closeChain(text, chain, chainValid, joined, collapse, domains);
        if (collapse.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(n);
        int copied = 0;
        for (Separator separator : collapse) {
            if (separator.start() < copied) {
                continue;
            }
            out.append(text, copied, separator.start()).append('.');
            copied = separator.end();
        }
        out.append(text, copied, n);
        return out.toString();
    }

    /** Marks the chain's separators for collapsing if its run is a domain name, and empties it. */
    private static void closeChain(
            String text,
            List<Separator> chain,
            boolean chainValid,
            StringBuilder joined,
            List<Separator> collapse,
            Map<String, Boolean> domains) {
        if (!chain.isEmpty() && chainValid && !looksLikeProse(text, chain, joined) && isDomain(joined, domains)) {
            collapse.addAll(chain);
        }
        chain.clear();
        joined.setLength(0);
    }

    /** {@link Normaliser#isDomain}, remembering answers (a text may repeat a name many times). */
    private static boolean isDomain(StringBuilder joined, Map<String, Boolean> domains) {
        String name = joined.toString();
        Boolean known = domains.get(name);
        if (known == null) {
            known = Normaliser.isDomain(name);
            if (domains.size() < 10_000) {
                domains.put(name, known);
            }
        }
        return known;
    }

    /**
     * Whether a run that would make a domain is more likely a sentence: a label after a spaced
     * separator that starts like a capitalised word ({@code "the store . It was"}), or a last
     * label that is a common English word as well as a top-level domain ({@code "a dot in the
     * box"}).
     */
    private static boolean looksLikeProse(String text, List<Separator> chain, StringBuilder joined) {
        for (Separator separator : chain) {
            int next = separator.end();
            if (next + 1 < text.length()
                    && Character.isUpperCase(text.charAt(next))
                    && Character.isLowerCase(text.charAt(next + 1))) {
                return true;
            }
        }
        int end = joined.length();
        if (end > 0 && joined.charAt(end - 1) == '.') {
            end--;
        }
        int lastDot = joined.lastIndexOf(".", end - 1);
        String lastLabel = joined.substring(lastDot + 1, end).toLowerCase(Locale.ROOT);
        return PROSE_WORDS.contains(lastLabel);
    }

    /** Length of "." or "dot" at i when it has a blank on each side; 0 otherwise. */
    private static int separatorCoreAt(String text, int i) {
        if (i == 0 || !isBlank(text.charAt(i - 1))) {
            return 0;
        }
        int length;
        if (text.charAt(i) == '.') {
            length = 1;
        } else if (text.regionMatches(true, i, "dot", 0, 3)) {
            length = 3;
        } else {
            return 0;
        }
        return i + length < text.length() && isBlank(text.charAt(i + length)) ? length : 0;
    }

    /**
     * Start of the run of label characters and dots ending at {@code end}; {@code end} if there is
     * none, -1 if it is longer than a domain name can be.
     */
    private static int fragmentStart(String text, int end) {
        int start = end;
        while (start > 0 && isFragmentChar(text.charAt(start - 1))) {
            start--;
            if (end - start > MAX_FRAGMENT) {
                return -1;
            }
        }
        return start;
    }

    /** End of the run of label characters and dots starting at {@code start}; -1 if too long. */
    private static int fragmentEnd(String text, int start) {
        int end = start;
        while (end < text.length() && isFragmentChar(text.charAt(end))) {
            end++;
            if (end - start > MAX_FRAGMENT) {
                return -1;
            }
        }
        return end;
    }

    private static boolean isFragmentChar(char c) {
        return c == '.' || c == '-' || Character.isLetterOrDigit(c);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static void trimTrailingBlanks(StringBuilder out) {
        int length = out.length();
        while (length > 0 && isBlank(out.charAt(length - 1))) {
            length--;
        }
        out.setLength(length);
    }
}
