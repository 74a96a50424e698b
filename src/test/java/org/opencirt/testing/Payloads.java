package org.opencirt.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Payload sets kept as data under {@code src/test/resources/payloads}: one payload a line, {@code #} starts a comment
 * line, Java escapes ({@code \t}, {@code \r}, {@code \n}, {@code \}{@code uXXXX}) are decoded so that invisible and
 * control characters can be written down. Tests feed them to {@code @ParameterizedTest}s, one case per payload.
 */
public final class Payloads {

    private static final Pattern UNICODE = Pattern.compile("\\\\u([0-9a-fA-F]{4})");

    private Payloads() {}

    /** The payloads of {@code payloads/<name>}, in file order. */
    public static List<String> load(String name) {
        try (var in = Payloads.class.getResourceAsStream("/payloads/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no payload set " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(Payloads::decode)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String decode(String line) {
        var unicode = UNICODE.matcher(line).replaceAll(m -> {
            var c = (char) Integer.parseInt(m.group(1), 16);
            return c == '\\' ? "\\\\\\\\" : java.util.regex.Matcher.quoteReplacement(String.valueOf(c));
        });
        return unicode.translateEscapes();
    }
}
