package org.opencirt.incident.email;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Readable text from the HTML body of a mail, for the description of an incident. This is
 * text extraction, not sanitising: the result is plain text that the service escapes like any
 * other. One linear pass, so a hostile document (unclosed tags, endless {@code <script>}) costs
 * no more than its length.
 *
 * <p>Tags go, the content of {@code script}, {@code style}, {@code head} (when closed) and
 * comments goes, block elements become line breaks, entities are decoded, white space is
 * collapsed. A link keeps its target after its text ({@code Log in <https://...>}) because in
 * a phishing report the target is the evidence.
 */
final class HtmlText {

    /** Elements that stand apart: a blank line before and after. */
    private static final Set<String> PARAGRAPHS = Set.of("blockquote", "dl", "figure", "h1", "h2", "h3", "h4",
            "h5", "h6", "hr", "ol", "p", "pre", "table", "ul");
    /** Elements that start on a line of their own. */
    private static final Set<String> LINES = Set.of("address", "article", "aside", "center", "dd", "div", "dt",
            "figcaption", "footer", "form", "header", "li", "main", "nav", "section", "title", "tr");
    private static final Set<String> CELLS = Set.of("td", "th");
    private static final Set<String> RAW_TEXT = Set.of("script", "style", "head", "noscript", "template");
    private static final Pattern HREF = Pattern.compile(
            "\\shref\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+))", Pattern.CASE_INSENSITIVE);

    /** HTML 4 Latin-1 entities, U+00A0 to U+00FF in order. */
    private static final String LATIN_1 = "nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy"
            + " reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34"
            + " iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute"
            + " Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute"
            + " THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave"
            + " iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc"
            + " uuml yacute thorn yuml";
    static final Map<String, String> ENTITIES = entities();

    private HtmlText() {
    }

    static String toText(String html) {
        return collapse(decodeEntities(stripTags(html)));
    }

    private static String stripTags(String html) {
        var out = new StringBuilder(Math.min(html.length(), 1 << 20));
        var n = html.length();
        var i = 0;
        String href = null;
        var linkStart = 0;
        var unclosed = new HashSet<String>();
        while (i < n) {
            var c = html.charAt(i);
            if (c != '<') {
                out.append(c == '\n' || c == '\r' || c == '\t' || c == '\f' ? ' ' : c);
                i++;
                continue;
            }
            if (html.startsWith("<!--", i)) {
                i = after(html, "-->", i + 4);
                continue;
            }
            var j = i + 1;
            var closing = j < n && html.charAt(j) == '/';
            if (closing) {
                j++;
            }
            if (j < n && (html.charAt(j) == '!' || html.charAt(j) == '?') && !closing) {
                i = after(html, ">", j);
                continue;
            }
            if (j >= n || !isAsciiLetter(html.charAt(j))) {
                out.append('<');
                i++;
                continue;
            }
            var nameEnd = j;
            while (nameEnd < n && (isAsciiLetter(html.charAt(nameEnd)) || Character.isDigit(html.charAt(nameEnd)))) {
                nameEnd++;
            }
            var name = html.substring(j, nameEnd).toLowerCase(Locale.ROOT);
            var tagEnd = tagEnd(html, nameEnd);
            if (tagEnd < 0) {
                break;
            }
            i = tagEnd + 1;
            if (!closing && RAW_TEXT.contains(name)) {
                // once a closing tag is known to be missing, it stays missing: no second search
                var close = unclosed.contains(name) ? -1 : indexOfIgnoreCase(html, "</" + name, i);
                if (close >= 0) {
                    i = after(html, ">", close);
                } else if (name.equals("head")) {
                    unclosed.add(name);
                } else {
                    i = n;
                }
                continue;
            }
            if (name.equals("br")) {
                out.append('\n');
            } else if (PARAGRAPHS.contains(name)) {
                breakLines(out, 2);
            } else if (LINES.contains(name)) {
                breakLines(out, 1);
            } else if (CELLS.contains(name)) {
                out.append(' ');
            } else if (name.equals("a")) {
                if (!closing) {
                    href = href(html.substring(nameEnd, tagEnd));
                    linkStart = out.length();
                } else if (href != null) {
                    if (!out.substring(linkStart).strip().equals(href)) {
                        out.append(" <").append(href).append('>');
                    }
                    href = null;
                }
            }
        }
        return out.toString();
    }

    /** Ends the text so far with at least {@code count} line breaks (white space between them ignored). */
    private static void breakLines(StringBuilder out, int count) {
        var have = 0;
        for (var k = out.length() - 1; k >= 0 && have < count; k--) {
            var c = out.charAt(k);
            if (c == '\n') {
                have++;
            } else if (c != ' ') {
                break;
            }
        }
        if (!out.isEmpty()) {
            out.append("\n".repeat(count - have));
        }
    }

    /** Index of the {@code >} that ends a tag whose name ends at {@code from}, skipping quoted values. */
    private static int tagEnd(String html, int from) {
        char quote = 0;
        for (var k = from; k < html.length(); k++) {
            var c = html.charAt(k);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                // a quote only opens a value right after '=' (possibly spaced); elsewhere it is text
                var p = k - 1;
                while (p >= from && Character.isWhitespace(html.charAt(p))) {
                    p--;
                }
                if (p >= from && html.charAt(p) == '=') {
                    quote = c;
                }
            } else if (c == '>') {
                return k;
            }
        }
        return -1;
    }

    private static String href(String attributes) {
        var m = HREF.matcher(attributes);
        if (!m.find()) {
            return null;
        }
        var value = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
        value = value.strip();
        return value.isEmpty() || value.startsWith("#") ? null : value;
    }

    private static int after(String html, String token, int from) {
        var k = html.indexOf(token, from);
        return k < 0 ? html.length() : k + token.length();
    }

    private static int indexOfIgnoreCase(String html, String token, int from) {
        for (var k = from; k <= html.length() - token.length(); k++) {
            if (html.regionMatches(true, k, token, 0, token.length())) {
                return k;
            }
        }
        return -1;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Named and numeric character references, in one pass so that {@code &amp;lt;} stays {@code &lt;}. */
    static String decodeEntities(String text) {
        var amp = text.indexOf('&');
        if (amp < 0) {
            return text;
        }
        var out = new StringBuilder(text.length());
        var i = 0;
        while (amp >= 0) {
            out.append(text, i, amp);
            var semi = -1;
            for (var k = amp + 1; k < Math.min(text.length(), amp + 13) && semi < 0; k++) {
                if (text.charAt(k) == ';') {
                    semi = k;
                }
            }
            String decoded = null;
            if (semi > amp + 1) {
                decoded = reference(text.substring(amp + 1, semi));
            }
            if (decoded == null) {
                out.append('&');
                i = amp + 1;
            } else {
                out.append(decoded);
                i = semi + 1;
            }
            amp = text.indexOf('&', i);
        }
        out.append(text, i, text.length());
        return out.toString();
    }

    private static String reference(String name) {
        if (name.charAt(0) != '#') {
            return ENTITIES.get(name);
        }
        var hex = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X');
        var digits = name.substring(hex ? 2 : 1);
        if (digits.isEmpty() || digits.length() > 8) {
            return null;
        }
        int cp;
        try {
            cp = Integer.parseInt(digits, hex ? 16 : 10);
        } catch (NumberFormatException e) {
            return null;
        }
        if (cp >= 0x80 && cp <= 0x9F) {
            // what HTML does: these are windows-1252 bytes (&#150; is an en dash)
            return new String(new byte[] {(byte) cp}, Texts.WINDOWS_1252);
        }
        if (cp == 0 || cp > Character.MAX_CODE_POINT || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
            return "\uFFFD";
        }
        return Character.toString(cp);
    }

    /** Spaces collapsed within lines, lines trimmed, at most one blank line in a row. */
    private static String collapse(String text) {
        var out = new StringBuilder(text.length());
        var blank = 0;
        for (var line : text.split("\n", -1)) {
            var clean = Texts.singleLine(line);
            if (clean.isEmpty()) {
                blank++;
                continue;
            }
            if (!out.isEmpty()) {
                out.append(blank > 0 ? "\n\n" : "\n");
            }
            blank = 0;
            out.append(clean);
        }
        return out.toString();
    }

    private static Map<String, String> entities() {
        var map = new HashMap<String, String>();
        var names = LATIN_1.split(" ");
        for (var k = 0; k < names.length; k++) {
            map.put(names[k], Character.toString(0xA0 + k));
        }
        map.put("amp", "&");
        map.put("lt", "<");
        map.put("gt", ">");
        map.put("quot", "\"");
        map.put("apos", "'");
        map.put("euro", "€");
        map.put("hellip", "…");
        map.put("ndash", "–");
        map.put("mdash", "—");
        map.put("lsquo", "‘");
        map.put("rsquo", "’");
        map.put("sbquo", "‚");
        map.put("ldquo", "“");
        map.put("rdquo", "”");
        map.put("bdquo", "„");
        map.put("bull", "•");
        map.put("trade", "™");
        map.put("dagger", "†");
        map.put("Dagger", "‡");
        map.put("permil", "‰");
        map.put("lsaquo", "‹");
        map.put("rsaquo", "›");
        map.put("OElig", "Œ");
        map.put("oelig", "œ");
        map.put("Scaron", "Š");
        map.put("scaron", "š");
        map.put("Yuml", "Ÿ");
        map.put("zwnj", "");
        map.put("zwj", "");
        return Map.copyOf(map);
    }
}
