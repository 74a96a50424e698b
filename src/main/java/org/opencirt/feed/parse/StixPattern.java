package org.opencirt.feed.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the simple STIX 2.1 patterns that carry one or more indicator values:
 * {@code [ipv4-addr:value = '198.51.100.7']}, comparisons joined by {@code OR} inside one
 * observation ({@code [url:value = 'a' OR url:value = 'b']}) and observations joined by
 * {@code OR} ({@code [..] OR [..]}), with any parentheses, and {@code ISSUBSET} of an address
 * object with a quoted network ({@code [ipv4-addr:value ISSUBSET '198.51.100.0/24']}). Everything else is refused with the
 * reason: comparisons or observations joined by {@code AND}, {@code FOLLOWEDBY}, qualifiers
 * ({@code WITHIN}, {@code REPEATS}, {@code START}/{@code STOP}), {@code NOT}, operators other
 * than {@code =} (and {@code ISSUBSET} on addresses), {@code EXISTS}, binary, hex and timestamp literals, and syntax errors.
 * Object paths are not checked here; {@link StixObjects} decides which it understands.
 */
final class StixPattern {

    /** One {@code object-type:property = literal} comparison; the property's quotes are removed. */
    record Comparison(String objectType, String property, String value, boolean quoted) {

        /** The property path, e.g. {@code file:hashes.SHA-256}. */
        String path() {
            return objectType + ":" + property;
        }
    }

    /** The pattern is valid STIX but too complex, or no valid STIX; the message says which. */
    static final class Unsupported extends Exception {

        private static final long serialVersionUID = 1L;

        Unsupported(String message) {
            super(message, null, false, false);
        }
    }

    private enum Kind {
        LBRACKET,
        RBRACKET,
        LPAREN,
        RPAREN,
        STRING,
        NUMBER,
        WORD,
        PATH,
        OPERATOR,
        OTHER_LITERAL,
        END
    }

    private record Token(Kind kind, String text) {}

    private final String pattern;
    private final List<Token> tokens = new ArrayList<>();
    private int next;

    private StixPattern(String pattern) {
        this.pattern = pattern;
    }

    /** The comparisons of a simple pattern, in order. */
    static List<Comparison> parse(String pattern) throws Unsupported {
        if (pattern == null || pattern.isBlank()) {
            throw new Unsupported("empty pattern");
        }
        if (pattern.length() > 64 * 1024) {
            throw new Unsupported("pattern longer than 65536 characters");
        }
        StixPattern parser = new StixPattern(pattern);
        parser.tokenize();
        List<Comparison> comparisons = new ArrayList<>();
        parser.observationOr(comparisons);
        parser.expect(Kind.END, "end of pattern");
        return comparisons;
    }

    // ---------------------------------------------------------------- grammar

    private void observationOr(List<Comparison> out) throws Unsupported {
        observation(out);
        while (keyword("OR")) {
            next++;
            observation(out);
        }
    }

    private void observation(List<Comparison> out) throws Unsupported {
        Token t = peek();
        if (t.kind == Kind.LBRACKET) {
            next++;
            comparisonOr(out);
            expect(Kind.RBRACKET, "']'");
        } else if (t.kind == Kind.LPAREN) {
            next++;
            observationOr(out);
            expect(Kind.RPAREN, "')'");
        } else {
            throw syntax("expected '[' or '('", t);
        }
        Token after = peek();
        if (keyword("AND")) {
            throw new Unsupported("observations joined by AND");
        }
        if (keyword("FOLLOWEDBY")) {
            throw new Unsupported("FOLLOWEDBY");
        }
        if (keyword("WITHIN") || keyword("REPEATS") || keyword("START")) {
            throw new Unsupported("qualifier " + after.text.toUpperCase(Locale.ROOT));
        }
    }

    private void comparisonOr(List<Comparison> out) throws Unsupported {
        comparison(out);
        while (keyword("OR")) {
            next++;
            comparison(out);
        }
    }

    private void comparison(List<Comparison> out) throws Unsupported {
        Token t = peek();
        if (t.kind == Kind.LPAREN) {
            next++;
            comparisonOr(out);
            expect(Kind.RPAREN, "')'");
        } else if (t.kind == Kind.PATH) {
            next++;
            int colon = t.text.indexOf(':');
            String objectType = t.text.substring(0, colon);
            String property = t.text.substring(colon + 1);
            Token op = peek();
            if (keyword("NOT")) {
                throw new Unsupported("NOT");
            }
            if (keyword("EXISTS")) {
                throw new Unsupported("EXISTS");
            }
            if (op.kind == Kind.WORD && op.text.equalsIgnoreCase("ISSUBSET") && isAddress(objectType)) {
                // a network: [ipv4-addr:value ISSUBSET '198.51.100.0/24'] states every address in it
                next++;
                Token network = peek();
                if (network.kind != Kind.STRING) {
                    throw syntax("a network in quotes after ISSUBSET", network);
                }
                out.add(new Comparison(objectType, property, network.text, true));
                next++;
                if (keyword("AND")) {
                    throw new Unsupported("comparisons joined by AND");
                }
                return;
            }
            if (op.kind == Kind.WORD) {
                throw new Unsupported("operator " + op.text.toUpperCase(Locale.ROOT));
            }
            if (op.kind != Kind.OPERATOR) {
                throw syntax("expected a comparison operator", op);
            }
            if (!op.text.equals("=")) {
                throw new Unsupported("operator " + op.text);
            }
            next++;
            Token literal = peek();
            switch (literal.kind) {
                case STRING -> out.add(new Comparison(objectType, property, literal.text, true));
                case NUMBER -> out.add(new Comparison(objectType, property, literal.text, false));
                case OTHER_LITERAL -> throw new Unsupported("literal " + literal.text);
                case WORD -> {
                    String word = literal.text.toLowerCase(Locale.ROOT);
                    if (!word.equals("true") && !word.equals("false")) {
                        throw syntax("expected a literal", literal);
                    }
                    out.add(new Comparison(objectType, property, word, false));
                }
                default -> throw syntax("expected a literal", literal);
            }
            next++;
        } else {
            throw syntax("expected an object path like ipv4-addr:value", t);
        }
        if (keyword("AND")) {
            throw new Unsupported("comparisons joined by AND");
        }
    }

    private static boolean isAddress(String objectType) {
        var type = objectType.toLowerCase(Locale.ROOT);
        return type.equals("ipv4-addr") || type.equals("ipv6-addr");
    }

    private Token peek() {
        return tokens.get(next);
    }

    private boolean keyword(String word) {
        Token t = peek();
        return t.kind == Kind.WORD && t.text.equalsIgnoreCase(word);
    }

    private void expect(Kind kind, String what) throws Unsupported {
        Token t = peek();
        if (t.kind != kind) {
            throw syntax("expected " + what, t);
        }
        next++;
    }

    private Unsupported syntax(String expected, Token found) {
        return new Unsupported("not a valid STIX pattern: " + expected + ", found "
                + (found.kind == Kind.END ? "the end" : "'" + Excerpts.of(found.text) + "'"));
    }

    // ---------------------------------------------------------------- tokens

    private void tokenize() throws Unsupported {
        int i = 0;
        int n = pattern.length();
        while (i < n) {
            char c = pattern.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '[') {
                tokens.add(new Token(Kind.LBRACKET, "["));
                i++;
            } else if (c == ']') {
                tokens.add(new Token(Kind.RBRACKET, "]"));
                i++;
            } else if (c == '(') {
                tokens.add(new Token(Kind.LPAREN, "("));
                i++;
            } else if (c == ')') {
                tokens.add(new Token(Kind.RPAREN, ")"));
                i++;
            } else if (c == '\'') {
                StringBuilder s = new StringBuilder();
                i = string(i, s);
                tokens.add(new Token(Kind.STRING, s.toString()));
            } else if (c == '=' || c == '!' || c == '<' || c == '>') {
                int start = i++;
                if (i < n && pattern.charAt(i) == '=') {
                    i++;
                }
                String op = pattern.substring(start, i);
                if (op.equals("!")) {
                    throw new Unsupported("not a valid STIX pattern: '!' without '='");
                }
                tokens.add(new Token(Kind.OPERATOR, op.equals("==") ? "=" : op));
            } else if (c == '-' || c == '+' || Character.isDigit(c)) {
                int start = i++;
                while (i < n && (Character.isDigit(pattern.charAt(i)) || pattern.charAt(i) == '.')) {
                    i++;
                }
                tokens.add(new Token(Kind.NUMBER, pattern.substring(start, i)));
            } else if (isWordStart(c)) {
                int start = i;
                while (i < n && isWordPart(pattern.charAt(i))) {
                    i++;
                }
                String word = pattern.substring(start, i);
                if (i < n && pattern.charAt(i) == '\'' && word.length() == 1 && "hbtHBT".indexOf(word.charAt(0)) >= 0) {
                    StringBuilder s = new StringBuilder();
                    i = string(i, s);
                    tokens.add(new Token(Kind.OTHER_LITERAL, word + "'" + s + "'"));
                } else if (i < n && pattern.charAt(i) == ':') {
                    StringBuilder path = new StringBuilder(word).append(':');
                    i = property(i + 1, path);
                    tokens.add(new Token(Kind.PATH, path.toString()));
                } else {
                    tokens.add(new Token(Kind.WORD, word));
                }
            } else {
                throw new Unsupported("not a valid STIX pattern: unexpected '" + c + "' at " + i);
            }
        }
        tokens.add(new Token(Kind.END, ""));
    }

    /** Reads a quoted string at {@code i} into {@code out} ({@code \'} and {@code \\} escapes); answers the next index. */
    private int string(int i, StringBuilder out) throws Unsupported {
        int n = pattern.length();
        i++;
        while (i < n) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < n) {
                out.append(pattern.charAt(i + 1));
                i += 2;
            } else if (c == '\'') {
                return i + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        throw new Unsupported("not a valid STIX pattern: a string is not closed");
    }

    /** Reads a property path ({@code hashes.'SHA-256'}, {@code values[*].name}) at {@code i}. */
    private int property(int i, StringBuilder path) throws Unsupported {
        int n = pattern.length();
        boolean expectComponent = true;
        while (i < n) {
            char c = pattern.charAt(i);
            if (expectComponent && c == '\'') {
                StringBuilder s = new StringBuilder();
                i = string(i, s);
                path.append(s);
                expectComponent = false;
            } else if (expectComponent && isWordStart(c)) {
                int start = i;
                while (i < n && isWordPart(pattern.charAt(i))) {
                    i++;
                }
                path.append(pattern, start, i);
                expectComponent = false;
            } else if (!expectComponent && c == '.') {
                path.append('.');
                i++;
                expectComponent = true;
            } else if (!expectComponent && c == '[') {
                int close = pattern.indexOf(']', i);
                if (close < 0) {
                    throw new Unsupported("not a valid STIX pattern: a list index is not closed");
                }
                path.append(pattern, i, close + 1);
                i = close + 1;
            } else {
                break;
            }
        }
        if (expectComponent) {
            throw new Unsupported("not a valid STIX pattern: an object path ends after '" + Excerpts.of(path) + "'");
        }
        return i;
    }

    private static boolean isWordStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }
}
