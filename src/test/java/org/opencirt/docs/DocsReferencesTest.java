package org.opencirt.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the docs name must exist: every {@code OPENCIRT_*} variable is read somewhere, every
 * repository path and every test named exists, every link and anchor resolves inside the
 * repository, every decision record is in the index, and the README stays a front door. See
 * docs/adr/0021.
 */
class DocsReferencesTest {

    private static final Pattern ENV_VAR = Pattern.compile("\\bOPENCIRT_[A-Z0-9_]+\\b");
    private static final Pattern TEST_NAME =
            Pattern.compile("^([A-Z][A-Za-z0-9]*(?:Test|IT))(?:\\.([a-z][A-Za-z0-9]*))?$");
    /** A document named by its upper-case file name (README.md, SECURITY.md): it must be one of the repository's. */
    private static final Pattern UPPER_CASE_DOC = Pattern.compile("\\b[A-Z][A-Z_-]*\\.md\\b");

    private static final Pattern REPO_PATH =
            Pattern.compile("^(src|bin|docs|bench|threat-feeds|playbooks|\\.ci)/[A-Za-z0-9._/-]*$");

    @Test
    void everyEnvironmentVariableNamedIsReadSomewhere() throws IOException {
        var sources = new StringBuilder();
        for (var place : List.of("bin", ".ci", "src/main", "src/test/java", "pom.xml", "bench/src")) {
            var path = Markdown.ROOT.resolve(place);
            if (!Files.exists(path)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(path)) {
                for (var file : files.filter(Files::isRegularFile)
                        .filter(DocsReferencesTest::isText)
                        .toList()) {
                    sources.append(Files.readString(file, StandardCharsets.UTF_8))
                            .append('\n');
                }
            }
        }
        // A property set through the environment has a variable no code names: OPENCIRT_SEARCH_INDEX_PREFIX.
        var properties = Pattern.compile("opencirt\\.[a-z0-9.-]+")
                .matcher(sources.toString()
                        + Files.readString(Markdown.ROOT.resolve("docs/configuration.md"), StandardCharsets.UTF_8));
        while (properties.find()) {
            sources.append('\n')
                    .append(properties.group().toUpperCase(Locale.ROOT).replaceAll("[.-]", "_"));
        }
        var problems = new ArrayList<String>();
        for (var doc : Markdown.current()) {
            var lines = doc.lines();
            for (int i = 0; i < lines.size(); i++) {
                var m = ENV_VAR.matcher(lines.get(i));
                while (m.find()) {
                    var name = m.group();
                    if (!Pattern.compile("\\b" + name + "\\b").matcher(sources).find()) {
                        problems.add(doc.name() + ":" + (i + 1) + ": " + name
                                + " is read nowhere in bin/, .ci/, src/ or pom.xml");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyRepositoryPathNamedExists() {
        var problems = new ArrayList<String>();
        int checked = 0;
        for (var doc : Markdown.current()) {
            for (var span : doc.spans()) {
                for (var word : span.text().split("[\\s,]+")) {
                    if (REPO_PATH.matcher(word).matches()) {
                        checked++;
                        if (!Files.exists(Markdown.ROOT.resolve(word))) {
                            problems.add(span.where() + ": " + word + " does not exist");
                        }
                    }
                }
            }
        }
        assertThat(checked).as("repository paths named in the docs").isGreaterThan(10);
        assertThat(problems).isEmpty();
    }

    @Test
    void everyTestNamedExists() throws IOException {
        var tests = new HashMap<String, String>();
        try (Stream<Path> files = Files.walk(Markdown.ROOT.resolve("src/test/java"))) {
            for (var file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                tests.put(
                        file.getFileName().toString().replace(".java", ""),
                        Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        var problems = new ArrayList<String>();
        int checked = 0;
        for (var doc : Markdown.current()) {
            for (var span : doc.spans()) {
                var m = TEST_NAME.matcher(span.text());
                if (m.matches()) {
                    checked++;
                    var source = tests.get(m.group(1));
                    if (source == null) {
                        problems.add(span.where() + ": no test class " + m.group(1) + " in src/test/java");
                    } else if (m.group(2) != null && !source.contains(" " + m.group(2) + "(")) {
                        problems.add(span.where() + ": no method " + m.group(2) + " in " + m.group(1));
                    }
                }
            }
        }
        assertThat(checked).as("tests named in the docs").isGreaterThan(10);
        assertThat(problems).isEmpty();
    }

    @Test
    void everyLinkResolvesInsideTheRepository() throws IOException {
        var documentNames = markdownFileNames();
        var problems = new ArrayList<String>();
        for (var doc : Markdown.all()) {
            for (var link : doc.links()) {
                var target = link.target();
                if (target.matches("^[a-z]+:.*")) {
                    continue;
                }
                int hash = target.indexOf('#');
                var path = hash < 0 ? target : target.substring(0, hash);
                var anchor = hash < 0 ? null : target.substring(hash + 1);
                var file = path.isEmpty()
                        ? doc.file()
                        : doc.file().getParent().resolve(path).normalize();
                if (!file.startsWith(Markdown.ROOT)) {
                    problems.add(link.where() + ": " + target + " leaves the repository");
                } else if (!Files.exists(file)) {
                    problems.add(link.where() + ": " + target + " does not exist");
                } else if (anchor != null
                        && file.toString().endsWith(".md")
                        && !Markdown.of(file).anchors().contains(anchor)) {
                    problems.add(link.where() + ": no heading #" + anchor + " in " + Markdown.ROOT.relativize(file));
                }
            }
            for (int i = 0; i < doc.lines().size(); i++) {
                var line = doc.lines().get(i);
                if (line.contains("../shared") || line.contains("/work/")) {
                    problems.add(doc.name() + ":" + (i + 1) + ": points outside the repository");
                }
                var named = UPPER_CASE_DOC.matcher(line);
                while (named.find()) {
                    if (!documentNames.contains(named.group())) {
                        problems.add(
                                doc.name() + ":" + (i + 1) + ": " + named.group() + " is no file of the repository");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyDecisionRecordIsInTheIndex() throws IOException {
        var adrs = Markdown.ROOT.resolve("docs/adr");
        var listed = Markdown.of(adrs.resolve("README.md")).links().stream()
                .map(Markdown.Link::target)
                .toList();
        try (Stream<Path> files = Files.list(adrs)) {
            var records = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("\\d{4}-.*\\.md"))
                    .sorted()
                    .toList();
            assertThat(records).isNotEmpty();
            assertThat(listed).as("records linked from docs/adr/README.md").containsAll(records);
        }
    }

    @Test
    void theReadmeStaysAFrontDoor() {
        assertThat(Markdown.of(Markdown.ROOT.resolve("README.md")).lines())
                .as("README.md lines")
                .hasSizeLessThan(250);
    }

    /** The names of the repository's Markdown files, the stack, builds and dependencies left out. */
    private static Set<String> markdownFileNames() throws IOException {
        var names = new HashSet<String>();
        var skipped = Set.of(".git", ".stack", "target", "node_modules");
        Files.walkFileTree(Markdown.ROOT, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                return skipped.contains(dir.getFileName().toString())
                        ? FileVisitResult.SKIP_SUBTREE
                        : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (file.getFileName().toString().endsWith(".md")) {
                    names.add(file.getFileName().toString());
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return names;
    }

    private static boolean isText(Path file) {
        var name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return Stream.of(".java", ".sh", ".properties", ".xml", ".yaml", ".yml", ".json", ".md", "run", "opencirt")
                .anyMatch(name::endsWith);
    }
}
