package org.opencirt.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The repository's Markdown documents (README.md and everything under docs/), read into their
 * fenced blocks, links and code spans, so that tests can check what the documents say.
 */
final class Markdown {

    /** The repository's root: Maven runs the tests there. */
    static final Path ROOT =
            Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();

    private static final Pattern FENCE = Pattern.compile("^(\\s*)(```+|~~~+)\\s*([^\\s`]*)(.*)$");
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    /** A fenced block: its file, the line of its opening fence, its info string (first word) and its text. */
    record Block(Path file, int line, String info, String text) {

        String where() {
            return ROOT.relativize(file) + ":" + line;
        }
    }

    /** A link or image target, with where it is. */
    record Link(Path file, int line, String target) {

        String where() {
            return ROOT.relativize(file) + ":" + line;
        }
    }

    /** A code span ({@code `...`}) outside fenced blocks, with where it is. */
    record Span(Path file, int line, String text) {

        String where() {
            return ROOT.relativize(file) + ":" + line;
        }
    }

    private final Path file;
    private final List<String> lines;

    private Markdown(Path file) {
        this.file = file;
        try {
            this.lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Markdown of(Path file) {
        return new Markdown(file.toAbsolutePath().normalize());
    }

    /** README.md and every Markdown file under docs/, in a stable order. */
    static List<Path> documents() {
        var files = new ArrayList<Path>();
        files.add(ROOT.resolve("README.md"));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    static List<Markdown> all() {
        return documents().stream().map(Markdown::of).toList();
    }

    /**
     * The documents that describe the repository as it is: all but the decision records, which
     * keep the names and commands of their day (a later record says what changed).
     */
    static List<Markdown> current() {
        var adrs = ROOT.resolve("docs/adr");
        return documents().stream()
                .filter(p -> !p.startsWith(adrs))
                .map(Markdown::of)
                .toList();
    }

    Path file() {
        return file;
    }

    String name() {
        return ROOT.relativize(file).toString();
    }

    List<String> lines() {
        return lines;
    }

    /** The fenced blocks, in order. An unclosed fence runs to the end of the file, as GitHub renders it. */
    List<Block> blocks() {
        var blocks = new ArrayList<Block>();
        for (int i = 0; i < lines.size(); i++) {
            var open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            var indent = open.group(1).length();
            var fence = open.group(2);
            var text = new StringBuilder();
            int start = i + 1;
            for (i = i + 1; i < lines.size(); i++) {
                var line = lines.get(i);
                if (line.strip().startsWith(fence)
                        && line.strip().replace(fence.substring(0, 1), "").isEmpty()) {
                    break;
                }
                text.append(
                                line.length() >= indent
                                                && line.substring(0, indent).isBlank()
                                        ? line.substring(indent)
                                        : line.strip())
                        .append('\n');
            }
            blocks.add(new Block(file, start, open.group(3).toLowerCase(Locale.ROOT), text.toString()));
        }
        return blocks;
    }

    /** The lines outside fenced blocks, with their numbers (1-based); the others are null. */
    private List<String> prose() {
        var prose = new ArrayList<String>(lines);
        boolean inside = false;
        String fence = null;
        for (int i = 0; i < lines.size(); i++) {
            var line = lines.get(i).strip();
            if (!inside) {
                var open = FENCE.matcher(lines.get(i));
                if (open.matches()) {
                    inside = true;
                    fence = open.group(2);
                    prose.set(i, null);
                }
            } else {
                prose.set(i, null);
                if (line.startsWith(fence)
                        && line.replace(fence.substring(0, 1), "").isEmpty()) {
                    inside = false;
                }
            }
        }
        return prose;
    }

    List<Link> links() {
        var links = new ArrayList<Link>();
        var prose = prose();
        for (int i = 0; i < prose.size(); i++) {
            if (prose.get(i) == null) {
                continue;
            }
            var m = LINK.matcher(prose.get(i));
            while (m.find()) {
                links.add(new Link(file, i + 1, m.group(1)));
            }
        }
        return links;
    }

    List<Span> spans() {
        var spans = new ArrayList<Span>();
        var prose = prose();
        for (int i = 0; i < prose.size(); i++) {
            if (prose.get(i) == null) {
                continue;
            }
            var m = CODE_SPAN.matcher(prose.get(i));
            while (m.find()) {
                spans.add(new Span(file, i + 1, m.group(1)));
            }
        }
        return spans;
    }

    /** The anchors GitHub gives this file's headings. */
    List<String> anchors() {
        var anchors = new ArrayList<String>();
        for (var line : prose()) {
            if (line == null) {
                continue;
            }
            var m = HEADING.matcher(line);
            if (m.matches()) {
                anchors.add(slug(m.group(1)));
            }
        }
        return anchors;
    }

    /** GitHub's heading anchor: lower case, markup and punctuation dropped, spaces to dashes. */
    static String slug(String heading) {
        var text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1")
                .replace("`", "")
                .toLowerCase(Locale.ROOT);
        return text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    /** The rows of every pipe table: each row's cells, trimmed (separator rows left out). */
    List<Row> tableRows() {
        var rows = new ArrayList<Row>();
        var prose = prose();
        for (int i = 0; i < prose.size(); i++) {
            var line = prose.get(i);
            if (line == null || !line.strip().startsWith("|")) {
                continue;
            }
            var cells = splitRow(line.strip());
            if (cells.stream().allMatch(c -> c.matches(":?-{3,}:?"))) {
                continue;
            }
            rows.add(new Row(file, i + 1, cells));
        }
        return rows;
    }

    record Row(Path file, int line, List<String> cells) {

        String where() {
            return ROOT.relativize(file) + ":" + line;
        }
    }

    private static List<String> splitRow(String line) {
        var cells = new ArrayList<String>();
        var cell = new StringBuilder();
        // As GitHub does: a pipe splits cells even inside a code span, unless it is escaped.
        for (int i = 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (c == '|') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (!cell.toString().isBlank()) {
            cells.add(cell.toString().strip());
        }
        return cells;
    }
}
