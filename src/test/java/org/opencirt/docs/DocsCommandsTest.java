package org.opencirt.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the docs tell a reader to type must exist: every fenced block says what it is, every
 * {@code bin/opencirt} command is one the launcher knows, every Maven option and goal is one Maven
 * takes; the read-only launcher commands shown are run. HTTP examples and runnable {@code curl}
 * blocks run against the service in {@link DocsExamplesTest}; names, paths and links are checked in
 * {@link DocsReferencesTest}, the configuration reference in {@link DocsConfigurationTest}. See
 * docs/adr/0021.
 */
class DocsCommandsTest {

    /** Info strings a fenced block may carry: {@code http} and {@code sh} are checked, the others are not commands. */
    static final Set<String> INFO_STRINGS = Set.of("http", "sh", "text", "yaml", "json", "mermaid");

    /** Programs the docs may tell a reader to run. */
    private static final Set<String> PROGRAMS = Set.of(
            "bin/opencirt",
            "./mvnw",
            "curl",
            "sed",
            "jq",
            "gpg",
            "sha256sum",
            "sha512sum",
            "unzip",
            "head",
            "base64",
            "export",
            "cd",
            "git",
            "runuser",
            "psql",
            "apt-get",
            "echo",
            "basename",
            "helm",
            "kubectl");

    /** Launcher commands that change nothing, so this test runs them. */
    private static final Set<String> READ_ONLY_LAUNCHER = Set.of("help", "stack status");

    /** Maven's lifecycle phases (default and clean lifecycles). */
    private static final Set<String> PHASES = Set.of(
            "validate",
            "initialize",
            "generate-sources",
            "process-sources",
            "generate-resources",
            "process-resources",
            "compile",
            "process-classes",
            "generate-test-sources",
            "process-test-sources",
            "generate-test-resources",
            "process-test-resources",
            "test-compile",
            "process-test-classes",
            "test",
            "prepare-package",
            "package",
            "pre-integration-test",
            "integration-test",
            "post-integration-test",
            "verify",
            "install",
            "deploy",
            "pre-clean",
            "clean",
            "post-clean");

    private static final Pattern MAVEN_OPTION = Pattern.compile("^\\s*(-[A-Za-z]+)?,?(--[a-z-]+)?( <arg>)?\\s{2,}.*");

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
                    problems.add(
                            block.where() + ": info string '" + block.info() + "', expected one of " + INFO_STRINGS);
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
                    problems.add(block.where() + ": '" + command.program()
                            + "' is not among the programs the docs may use " + PROGRAMS);
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
                if (command.program().equals("bin/opencirt")
                        && command.assignments().isEmpty()) {
                    var line = String.join(" ", command.args());
                    if (READ_ONLY_LAUNCHER.contains(line) && ran.add(line)) {
                        var args = new ArrayList<>(List.of("bin/opencirt"));
                        args.addAll(command.args());
                        assertThat(run(60, args.toArray(String[]::new)))
                                .as(block.where() + ": " + command)
                                .isNotBlank();
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
        var commands = readme.blocks().stream()
                .filter(b -> b.info().equals("sh"))
                .flatMap(b -> ShellCommands.of(b.text()).stream())
                .filter(c -> c.program().equals("bin/opencirt"))
                .map(c -> String.join(" ", c.args()))
                .toList();
        assertThat(commands).as("the README's launcher commands").contains("run", "test");
    }

    private static List<String> launcherProblems(Markdown.Block block, List<String> args) {
        var problems = new ArrayList<String>();
        if (args.isEmpty()) {
            return List.of(block.where() + ": bin/opencirt without a command");
        }
        var sub = args.getFirst();
        if (!Pattern.compile("(?m)^  " + Pattern.quote(sub) + "\\b")
                .matcher(usage)
                .find()) {
            problems.add(block.where() + ": bin/opencirt " + sub + " is not in the launcher's usage");
        } else if (sub.equals("stack") && (args.size() < 2 || !usage.contains("stack " + args.get(1)))) {
            problems.add(block.where() + ": bin/opencirt stack needs up, down or status, not "
                    + args.subList(1, args.size()));
        } else if (sub.equals("bench")
                && args.size() > 1
                && !args.get(1).startsWith("-")
                && !Pattern.compile("bench \\[[a-z|]*\\b" + Pattern.quote(args.get(1)) + "\\b")
                        .matcher(usage)
                        .find()) {
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
        var prefixes = new HashSet<>(Set.of(
                "clean",
                "resources",
                "compiler",
                "surefire",
                "failsafe",
                "jar",
                "install",
                "deploy",
                "dependency",
                "help"));
        try {
            var pom = Files.readString(Markdown.ROOT.resolve("pom.xml"), StandardCharsets.UTF_8);
            var m = Pattern.compile("<artifactId>(?:maven-([a-z-]+)-plugin|([a-z-]+)-maven-plugin)</artifactId>")
                    .matcher(pom);
            while (m.find()) {
                prefixes.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return prefixes;
    }

    private static List<Markdown.Block> shellBlocks() {
        return Markdown.current().stream()
                .flatMap(d -> d.blocks().stream())
                .filter(b -> b.info().equals("sh"))
                .toList();
    }

    /** Runs a command in the repository and returns its output; fails the test when it fails. */
    static String run(long timeoutSeconds, String... command) {
        try {
            var process = new ProcessBuilder(command)
                    .directory(Markdown.ROOT.toFile())
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
            }
            assertThat(process.exitValue())
                    .as(String.join(" ", command) + " exits 0; it said:%n%s", output)
                    .isZero();
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
