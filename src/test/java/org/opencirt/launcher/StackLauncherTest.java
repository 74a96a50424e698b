package org.opencirt.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Proves that {@code bin/opencirt stack up} is idempotent and that {@code stack down} stops
 * exactly what it started. It runs a scratch stack under {@code target/} on free ports, so the
 * main stack ({@code .stack}, default ports) that the other tests use is never touched.
 *
 * <p>The scratch stack runs all four servers: measured on a 2-core machine, a cold
 * {@code stack up} (unpack, initdb, Keycloak's first-start build) takes 35-60 s, so the whole
 * class stays well under three minutes. The mail server (GreenMail) adds a second or two.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackLauncherTest {

    private static final Path REPO = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    private static final Path LAUNCHER = REPO.resolve("bin/opencirt");
    private static final Path MAIN_STACK = REPO.resolve(".stack");
    private static final List<String> SERVERS = List.of("postgres", "elasticsearch", "keycloak", "mail");
    private static final long UP_TIMEOUT_SECONDS = 420;
    private static final long DOWN_TIMEOUT_SECONDS = 120;

    private static Path scratch;
    private static Map<String, String> env;
    private static Map<String, Long> pidsAfterFirstUp;

    @BeforeAll
    static void prepareScratchStack() throws IOException {
        scratch = REPO.resolve("target/stack-launcher-test");
        Files.createDirectories(scratch);
        scratch = scratch.toRealPath();
        env = new LinkedHashMap<>();
        env.put("OPENCIRT_STACK_DIR", scratch.toString());
        List<Integer> ports = freePorts(7);
        env.put("OPENCIRT_PG_PORT", ports.get(0).toString());
        env.put("OPENCIRT_ES_PORT", ports.get(1).toString());
        env.put("OPENCIRT_ES_TRANSPORT_PORT", ports.get(2).toString());
        env.put("OPENCIRT_KC_PORT", ports.get(3).toString());
        env.put("OPENCIRT_KC_MGMT_PORT", ports.get(4).toString());
        env.put("OPENCIRT_SMTP_PORT", ports.get(5).toString());
        env.put("OPENCIRT_IMAP_PORT", ports.get(6).toString());
        // A previous, interrupted run may have left servers behind: stop them, start afresh.
        launcher(DOWN_TIMEOUT_SECONDS, "stack", "down");
        deleteContents(scratch, Set.of());
    }

    @AfterAll
    static void stopScratchStack() {
        if (scratch == null) {
            return;
        }
        Result down = launcher(DOWN_TIMEOUT_SECONDS, "stack", "down");
        // Free the disk (about 700 MB of servers) but keep the logs for a look afterwards.
        if (down.exitCode() == 0 && processesOfScratchStack(args -> true).isEmpty()) {
            deleteContents(scratch, Set.of("logs"));
        }
    }

    @Test
    @Order(1)
    void stackUpTwiceLeavesOneSetOfServers() {
        Result first = launcher(UP_TIMEOUT_SECONDS, "stack", "up");
        assertThat(first.exitCode()).as("first stack up:%n%s", first.output()).isZero();
        pidsAfterFirstUp = pidFiles();
        assertThat(pidsAfterFirstUp).as("pid files after the first stack up").containsOnlyKeys(SERVERS);

        Result second = launcher(UP_TIMEOUT_SECONDS, "stack", "up");
        assertThat(second.exitCode())
                .as("second stack up:%n%s", second.output())
                .isZero();
        assertThat(second.output())
                .as("second stack up")
                .contains(
                        "postgres: already running",
                        "elasticsearch: already running",
                        "keycloak: already running",
                        "mail: already running");
        assertThat(pidFiles())
                .as("pid files after the second stack up:%n%s", second.output())
                .isEqualTo(pidsAfterFirstUp);

        String processes = describe(processesOfScratchStack(args -> true));
        assertThat(processesOfScratchStack(StackLauncherTest::isPostmaster))
                .as("postgres postmasters of the scratch stack among:%n%s", processes)
                .hasSize(1);
        assertThat(processesOfScratchStack(StackLauncherTest::isElasticsearchServer))
                .as("Elasticsearch server JVMs of the scratch stack among:%n%s", processes)
                .hasSize(1);
        assertThat(processesOfScratchStack(StackLauncherTest::isKeycloakServer))
                .as("Keycloak JVMs of the scratch stack among:%n%s", processes)
                .hasSize(1);
        assertThat(processesOfScratchStack(StackLauncherTest::isMailServer))
                .as("GreenMail JVMs of the scratch stack among:%n%s", processes)
                .hasSize(1);
    }

    @Test
    @Order(2)
    void stackDownLeavesNoneOfItsProcesses() {
        Map<String, Long> mainStackBefore = alive(pidFilesOf(MAIN_STACK));

        Result down = launcher(DOWN_TIMEOUT_SECONDS, "stack", "down");

        assertThat(down.exitCode()).as("stack down:%n%s", down.output()).isZero();
        assertThat(processesOfScratchStack(args -> true))
                .as("processes of the scratch stack after stack down:%n%s", down.output())
                .isEmpty();
        assertThat(pidFiles()).as("pid files after stack down").isEmpty();
        assertThat(alive(mainStackBefore))
                .as("main stack servers that were running before")
                .isEqualTo(mainStackBefore);
    }

    // ------------------------------------------------------------------ launcher

    record Result(int exitCode, String output) {}

    private static Result launcher(long timeoutSeconds, String... args) {
        List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toString());
        command.addAll(Arrays.asList(args));
        try {
            Path output = Files.createTempFile(REPO.resolve("target"), "stack-launcher", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(REPO.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                builder.environment().putAll(env);
                Process process = builder.start();
                boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
                if (!finished) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
                String text = Files.readString(output, StandardCharsets.UTF_8);
                if (!finished) {
                    return new Result(-1, text + "\n[killed after " + timeoutSeconds + " s: " + command + "]");
                }
                return new Result(process.exitValue(), text);
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ pid files and /proc

    private static Map<String, Long> pidFiles() {
        return pidFilesOf(scratch);
    }

    private static Map<String, Long> pidFilesOf(Path stack) {
        Map<String, Long> pids = new HashMap<>();
        for (String server : SERVERS) {
            Path file = stack.resolve("run").resolve(server + ".pid");
            try {
                if (Files.exists(file)) {
                    pids.put(server, Long.parseLong(Files.readString(file).trim()));
                }
            } catch (IOException | NumberFormatException e) {
                // being written or removed right now: not a pid we can rely on
            }
        }
        return pids;
    }

    private static Map<String, Long> alive(Map<String, Long> pids) {
        Map<String, Long> alive = new HashMap<>();
        pids.forEach((server, pid) -> {
            if (Files.exists(Path.of("/proc", pid.toString()))) {
                alive.put(server, pid);
            }
        });
        return alive;
    }

    /** Command lines (argument lists) of the processes that mention the scratch stack folder. */
    private static List<List<String>> processesOfScratchStack(Predicate<List<String>> filter) {
        String marker = scratch + "/";
        List<List<String>> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)
                        || name.equals(Long.toString(ProcessHandle.current().pid()))) {
                    continue;
                }
                List<String> args = commandLine(entry);
                if (args.stream().anyMatch(arg -> arg.contains(marker)) && filter.test(args)) {
                    found.add(args);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private static List<String> commandLine(Path procEntry) {
        try {
            byte[] raw = Files.readAllBytes(procEntry.resolve("cmdline"));
            String text = new String(raw, StandardCharsets.UTF_8);
            return text.isEmpty() ? List.of() : List.of(text.split("\0"));
        } catch (IOException e) {
            return List.of(); // the process ended while we looked
        }
    }

    /** The postmaster keeps its real command line; its children rename themselves "postgres: ...". */
    private static boolean isPostmaster(List<String> args) {
        return !args.isEmpty() && args.get(0).endsWith("/bin/postgres");
    }

    /** The server JVM, not the launcher JVM (CliToolLauncher) that started it. */
    private static boolean isElasticsearchServer(List<String> args) {
        return isJava(args) && args.contains("org.elasticsearch.server/org.elasticsearch.bootstrap.Elasticsearch");
    }

    /** The Keycloak JVM, not the kc.sh script that may be its parent. */
    private static boolean isKeycloakServer(List<String> args) {
        return isJava(args) && args.contains("io.quarkus.bootstrap.runner.QuarkusEntryPoint");
    }

    /** GreenMail standalone, run from the jar copied into the stack's mail folder. */
    private static boolean isMailServer(List<String> args) {
        return isJava(args) && args.stream().anyMatch(arg -> arg.contains("/mail/greenmail-standalone-"));
    }

    private static boolean isJava(List<String> args) {
        return !args.isEmpty() && args.get(0).endsWith("/java");
    }

    private static String describe(List<List<String>> processes) {
        StringBuilder text = new StringBuilder();
        for (List<String> args : processes) {
            String line = String.join(" ", args);
            text.append("  ").append(line, 0, Math.min(line.length(), 200)).append('\n');
        }
        return text.toString();
    }

    // ------------------------------------------------------------------ helpers

    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    /** Deletes everything inside {@code folder} but the entries named in {@code keep}. */
    private static void deleteContents(Path folder, Set<String> keep) {
        try (Stream<Path> children = Files.list(folder)) {
            for (Path child : children.filter(
                            c -> !keep.contains(c.getFileName().toString()))
                    .toList()) {
                try (Stream<Path> tree = Files.walk(child)) {
                    for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(path);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
