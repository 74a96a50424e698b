package org.opencirt.incident.email;

import java.util.Set;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * Readable text from the HTML body of a mail, for the description of an incident. This is
 * text extraction, not sanitising: the result is plain text that the service escapes like any
 * other. jsoup parses the document as a browser would (entities decoded once, an unclosed
 * {@code <script>} holding the rest of the document, comments apart), in time linear in its
 * length, and with its tree depth bounded.
 *
 * <p>The content of {@code script}, {@code style}, {@code head}, {@code noscript} and
 * {@code template} goes; block elements become line breaks, white space is collapsed. A link
 * keeps its target after its text ({@code Log in <https://...>}) because in a phishing report
 * the target is the evidence.
 */
final class HtmlText {

    /** Elements that stand apart: a blank line before and after. */
    private static final Set<String> PARAGRAPHS = Set.of(
            "blockquote", "dl", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "ol", "p", "pre", "table", "ul");
    /** Elements that start on a line of their own. */
    private static final Set<String> LINES = Set.of(
            "address",
            "article",
            "aside",
            "center",
            "dd",
            "div",
            "dt",
            "figcaption",
            "footer",
            "form",
            "header",
            "li",
            "main",
            "nav",
            "section",
            "title",
            "tr");

    private static final Set<String> CELLS = Set.of("td", "th");
    private static final Set<String> HIDDEN = Set.of("script", "style", "head", "noscript", "template");

    private HtmlText() {}

    static String toText(String html) {
        var document = Parser.htmlParser().parseInput(html, "");
        var text = new TextCollector();
        NodeTraversor.filter(text, document);
        return collapse(text.out.toString());
    }

    /** Walks the tree once, writing text and the breaks that the elements stand for. */
    private static final class TextCollector implements NodeFilter {

        private final StringBuilder out = new StringBuilder();

        @Override
        public FilterResult head(Node node, int depth) {
            if (node instanceof TextNode text) {
                appendText(text.getWholeText());
            } else if (node instanceof Element element) {
                var name = element.normalName();
                if (HIDDEN.contains(name)) {
                    return FilterResult.SKIP_ENTIRELY;
                }
                if (name.equals("br")) {
                    out.append('\n');
                }
                breakBefore(name);
            }
            return FilterResult.CONTINUE;
        }

        @Override
        public FilterResult tail(Node node, int depth) {
            if (node instanceof Element element) {
                var name = element.normalName();
                breakBefore(name);
                if (name.equals("a")) {
                    var href = element.attr("href").strip();
                    if (!href.isEmpty()
                            && !href.startsWith("#")
                            && !element.text().strip().equals(href)) {
                        out.append(" <").append(href).append('>');
                    }
                }
            }
            return FilterResult.CONTINUE;
        }

        private void appendText(String text) {
            for (var i = 0; i < text.length(); i++) {
                var c = text.charAt(i);
                out.append(c == '\n' || c == '\r' || c == '\t' || c == '\f' ? ' ' : c);
            }
        }

        /** The break an element makes where it starts and where it ends. */
        private void breakBefore(String name) {
            if (PARAGRAPHS.contains(name)) {
                breakLines(2);
            } else if (LINES.contains(name)) {
                breakLines(1);
            } else if (CELLS.contains(name)) {
                out.append(' ');
            }
        }

        /** Ends the text so far with at least {@code count} line breaks (white space between them ignored). */
        private void breakLines(int count) {
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
}
