package org.opencirt.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the docs tell a reader to type must exist: every fenced block says what it is, every
 * {@code bin/opencirt} command is one the launcher knows, every Maven option and goal is one Maven
 * takes, every {@code OPENCIRT_*} variable is read somewhere, every repository path and link
 * resolves inside the repository, every test named exists. The read-only launcher commands shown are run. HTTP examples
 * and runnable {@code curl} blocks run against the service in {@link DocsExamplesTest}; the
 * configuration reference is checked in {@link DocsConfigurationTest}. See docs/adr/0021.
 */
class DocsCommandsTest {

    /** Info strings a fenced block may carry: {@code http} and {@code sh} are checked, the others are not commands. */
    static final Set<String> INFO_STRINGS = Set.of("http", "sh", "text", "yaml", "json", "mermaid");

    /** Programs the docs may tell a reader to run. */
    private static final Set<String> PROGRAMS = Set.of("bin/opencirt", "./mvnw", "curl", "sed", "jq", "gpg", "sha256sum",
            "sha512sum", "head", "base64", "export", "cd", "git", "runuser", "psql", "apt-get", "echo", "basename");

    /** Launcher commands that change nothing, so this test runs them. */
    private static final Set<String> READ_ONLY_LAUNCHER = Set.of("help", "stack status");

    /** Maven's lifecycle phases (default and clean lifecycles). */
    private static final Set<String> PHASES = Set.of("validate", "initialize", "generate-sources", "process-sources",
            "generate-resources", "process-resources", "compile", "process-classes", "generate-test-sources",
            "process-test-sources", "generate-test-resources", "process-test-resources", "test-compile",
            "process-test-classes", "test", "prepare-package", "package", "pre-integration-test", "integration-test",
            "post-integration-test", "verify", "install", "deploy", "pre-clean", "clean", "post-clean");

    private static final Pattern MAVEN_OPTION = Pattern.compile("^\\s*(-[A-Za-z]+)?,?(--[a-z-]+)?( <arg>)?\\s{2,}.*");
    private static final Pattern ENV_VAR = Pattern.compile("\\bOPENCIRT_[A-Z0-9_]+\\b");
    private static final Pattern TEST_NAME = Pattern.compile("^([A-Z][A-Za-z0-9]*(?:Test|IT))(?:\\.([a-z][A-Za-z0-9]*))?$");
    private static final Pattern REPO_PATH = Pattern.compile("^(src|bin|docs|bench|threat-feeds|playbooks|\\.ci)/[A-Za-z0-9._/-]*$");

    private static String usage;
    private static Set<String> mavenOptions;
    private static Set<String> mavenOptionsWithArgument;

    @BeforeAll
    static void readTheLauncherAndMaven() {
        usage = run(60, "bin/opencirt", "help");
        mavenOptions = new HashSet<>();
        mavenOptionsWithArgument = new HashSet<>();
        for (var line : run(120, "./mvnw", "-B", "-q", "--help").lines().toList()) {
            var m = MAVEN_OPTION.matcher(line);
            if (m.matches() && (m.group(1) != null || m.group(2) != null)) {
                for (var option : new String[] {m.group(1), m.group(2)}) {
                    if (option != null) {
                        mavenOptions.add(option);
                        if (m.group(3) != null) {
                            mavenOptionsWithArgument.add(option);
                        }
                    }
                }
            }
        }
        assertThat(mavenOptions).as("Maven's options, from ./mvnw --help").contains("-B", "-q", "-o", "-D", "-f");
    }

    @Test
    void everyFencedBlockSaysWhatItIs() {
        var problems = new ArrayList<String>();
        for (var doc : Markdown.all()) {
            for (var block : doc.blocks()) {
                if (!INFO_STRINGS.contains(block.info())) {
                    problems.add(block.where() + ": info string '" + block.info() + "', expected one of " + INFO_STRINGS);
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyShellCommandIsOneTheLauncherAndMavenKnow() {
        var problems = new ArrayList<String>();
        int checked = 0;
        for (var block : shellBlocks()) {
            for (var command : ShellCommands.of(block.text())) {
                checked++;
                if (command.program().isEmpty()) {
                    continue;
                }
                if (!PROGRAMS.contains(command.program())) {
                    problems.add(block.where() + ": '" + command.program() + "' is not among the programs the docs may use " + PROGRAMS);
                } else if (command.program().equals("bin/opencirt")) {
                    problems.addAll(launcherProblems(block, command.args()));
                } else if (command.program().equals("./mvnw")) {
                    problems.addAll(mavenProblems(block, command.args()));
                }
            }
        }
        assertThat(checked).as("shell commands in the docs").isGreaterThan(10);
        assertThat(problems).isEmpty();
    }

    @Test
    void theReadOnlyLauncherCommandsShownRun() {
        var ran = new LinkedHashSet<String>();
        for (var block : shellBlocks()) {
            for (var command : ShellCommands.of(block.text())) {
                if (command.program().equals("bin/opencirt") && command.assignments().isEmpty()) {
                    var line = String.join(" ", command.args());
                    if (READ_ONLY_LAUNCHER.contains(line) && ran.add(line)) {
                        var args = new ArrayList<>(List.of("bin/opencirt"));
                        args.addAll(command.args());
                        assertThat(run(60, args.toArray(String[]::new))).as(block.where() + ": " + command).isNotBlank();
                    }
                }
            }
        }
        assertThat(ran).as("read-only launcher commands the docs show").contains("help");
    }

    @Test
    void theTestCommandIsWhatCiRuns() throws IOException {
        var ci = Files.readString(Markdown.ROOT.resolve(".ci/run"), StandardCharsets.UTF_8);
        assertThat(ci).contains("bin/opencirt test");
        var readme = Markdown.of(Markdown.ROOT.resolve("README.md"));
        var commands = readme.blocks().stream().filter(b -> b.info().equals("sh"))
                .flatMap(b -> ShellCommands.of(b.text()).stream()).filter(c -> c.program().equals("bin/opencirt"))
                .map(c -> String.join(" ", c.args())).toList();
        assertThat(commands).as("the README's launcher commands").contains("run", "test");
    }

    @Test
    void everyEnvironmentVariableNamedIsReadSomewhere() throws IOException {
        var sources = new StringBuilder();
        for (var place : List.of("bin", ".ci", "src/main", "src/test/java", "pom.xml", "bench/src")) {
            var path = Markdown.ROOT.resolve(place);
            if (!Files.exists(path)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(path)) {
                for (var file : files.filter(Files::isRegularFile).filter(DocsCommandsTest::isText).toList()) {
                    sources.append(Files.readString(file, StandardCharsets.UTF_8)).append('\n');
                }
            }
        }
        // A property set through the environment has a variable no code names: OPENCIRT_SEARCH_INDEX_PREFIX.
        var properties = Pattern.compile("opencirt\\.[a-z0-9.-]+").matcher(sources.toString() + Files.readString(
                Markdown.ROOT.resolve("docs/configuration.md"), StandardCharsets.UTF_8));
        while (properties.find()) {
            sources.append('\n').append(properties.group().toUpperCase(Locale.ROOT).replaceAll("[.-]", "_"));
        }
        var problems = new ArrayList<String>();
        for (var doc : Markdown.current()) {
            var lines = doc.lines();
            for (int i = 0; i < lines.size(); i++) {
                var m = ENV_VAR.matcher(lines.get(i));
                while (m.find()) {
                    var name = m.group();
                    if (!Pattern.compile("\\b" + name + "\\b").matcher(sources).find()) {
                        problems.add(doc.name() + ":" + (i + 1) + ": " + name + " is read nowhere in bin/, .ci/, src/ or pom.xml");
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
        var tests = new java.util.HashMap<String, String>();
        try (Stream<Path> files = Files.walk(Markdown.ROOT.resolve("src/test/java"))) {
            for (var file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                tests.put(file.getFileName().toString().replace(".java", ""), Files.readString(file, StandardCharsets.UTF_8));
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
    void everyLinkResolvesInsideTheRepository() {
        var problems = new ArrayList<String>();
        for (var doc : Markdown.current()) {
            for (var link : doc.links()) {
                var target = link.target();
                if (target.matches("^[a-z]+:.*")) {
                    continue;
                }
                int hash = target.indexOf('#');
                var path = hash < 0 ? target : target.substring(0, hash);
                var anchor = hash < 0 ? null : target.substring(hash + 1);
                var file = path.isEmpty() ? doc.file() : doc.file().getParent().resolve(path).normalize();
                if (!file.startsWith(Markdown.ROOT)) {
                    problems.add(link.where() + ": " + target + " leaves the repository");
                } else if (!Files.exists(file)) {
                    problems.add(link.where() + ": " + target + " does not exist");
                } else if (anchor != null && file.toString().endsWith(".md") && !Markdown.of(file).anchors().contains(anchor)) {
                    problems.add(link.where() + ": no heading #" + anchor + " in " + Markdown.ROOT.relativize(file));
                }
            }
            for (int i = 0; i < doc.lines().size(); i++) {
                var line = doc.lines().get(i);
                if (line.contains("../shared") || line.contains("/work/")) {
                    problems.add(doc.name() + ":" + (i + 1) + ": points outside the repository");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyDecisionRecordIsInTheIndex() throws IOException {
        var adrs = Markdown.ROOT.resolve("docs/adr");
        var listed = Markdown.of(adrs.resolve("README.md")).links().stream().map(Markdown.Link::target).toList();
        try (Stream<Path> files = Files.list(adrs)) {
            var records = files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d{4}-.*\\.md")).sorted().toList();
            assertThat(records).isNotEmpty();
            assertThat(listed).as("records linked from docs/adr/README.md").containsAll(records);
        }
    }

    @Test
    void theReadmeStaysAFrontDoor() {
        assertThat(Markdown.of(Markdown.ROOT.resolve("README.md")).lines()).as("README.md lines").hasSizeLessThan(250);
    }

    private static List<String> launcherProblems(Markdown.Block block, List<String> args) {
        var problems = new ArrayList<String>();
        if (args.isEmpty()) {
            return List.of(block.where() + ": bin/opencirt without a command");
        }
        var sub = args.getFirst();
        if (!Pattern.compile("(?m)^  " + Pattern.quote(sub) + "\\b").matcher(usage).find()) {
            problems.add(block.where() + ": bin/opencirt " + sub + " is not in the launcher's usage");
        } else if (sub.equals("stack") && (args.size() < 2 || !usage.contains("stack " + args.get(1)))) {
            problems.add(block.where() + ": bin/opencirt stack needs up, down or status, not " + args.subList(1, args.size()));
        } else if (sub.equals("bench") && args.size() > 1 && !args.get(1).startsWith("-")
                && !Pattern.compile("bench \\[[a-z|]*\\b" + Pattern.quote(args.get(1)) + "\\b").matcher(usage).find()) {
            problems.add(block.where() + ": bin/opencirt bench " + args.get(1) + " is not in the launcher's usage");
        } else if (sub.equals("test")) {
            problems.addAll(mavenProblems(block, args.subList(1, args.size())));
        }
        return problems;
    }

    private static List<String> mavenProblems(Markdown.Block block, List<String> args) {
        var problems = new ArrayList<String>();
        for (int i = 0; i < args.size(); i++) {
            var arg = args.get(i);
            if (arg.startsWith("--")) {
                var name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                if (!mavenOptions.contains(name)) {
                    problems.add(block.where() + ": Maven has no option " + name);
                } else if (mavenOptionsWithArgument.contains(name) && !arg.contains("=")) {
                    i++;
                }
            } else if (arg.startsWith("-")) {
                if (mavenOptions.contains(arg)) {
                    i += mavenOptionsWithArgument.contains(arg) ? 1 : 0;
                } else if (mavenOptionsWithArgument.stream().noneMatch(o -> !o.startsWith("--") && arg.startsWith(o))) {
                    problems.add(block.where() + ": Maven has no option " + arg);
                }
            } else if (arg.contains(":")) {
                var prefix = arg.substring(0, arg.indexOf(':'));
                if (!pluginPrefixes().contains(prefix)) {
                    problems.add(block.where() + ": no Maven plugin '" + prefix + "' in the build (" + arg + ")");
                }
            } else if (!PHASES.contains(arg)) {
                problems.add(block.where() + ": '" + arg + "' is not a Maven lifecycle phase");
            }
        }
        return problems;
    }

    /** The prefixes of the plugins the build names (maven-X-plugin, X-maven-plugin), and Maven's own. */
    private static Set<String> pluginPrefixes() {
        var prefixes = new HashSet<>(Set.of("clean", "resources", "compiler", "surefire", "failsafe", "jar", "install", "deploy",
                "dependency", "help"));
        try {
            var pom = Files.readString(Markdown.ROOT.resolve("pom.xml"), StandardCharsets.UTF_8);
            var m = Pattern.compile("<artifactId>(?:maven-([a-z-]+)-plugin|([a-z-]+)-maven-plugin)</artifactId>").matcher(pom);
            while (m.find()) {
                prefixes.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return prefixes;
    }

    private static List<Markdown.Block> shellBlocks() {
        return Markdown.current().stream().flatMap(d -> d.blocks().stream()).filter(b -> b.info().equals("sh")).toList();
    }

    private static boolean isText(Path file) {
        var name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return Stream.of(".java", ".sh", ".properties", ".xml", ".yaml", ".yml", ".json", ".md", "run", "opencirt")
                .anyMatch(name::endsWith);
    }

    /** Runs a command in the repository and returns its output; fails the test when it fails. */
    static String run(long timeoutSeconds, String... command) {
        try {
            var process = new ProcessBuilder(command).directory(Markdown.ROOT.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
            }
            assertThat(process.exitValue()).as(String.join(" ", command) + " exits 0; it said:%n%s", output).isZero();
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
