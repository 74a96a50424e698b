package org.opencirt.advisory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * GnuPG, the independent checker of the signatures the platform makes: a private GNUPGHOME per
 * instance (a temporary folder), keys imported from what the service serves.
 */
public final class Gpg implements AutoCloseable {

    public record Result(int exitCode, String stdout, String stderr) {}

    private final Path home;

    public Gpg() {
        try {
            // short path: gpg-agent's socket path must stay under ~100 characters
            home = Files.createTempDirectory(Path.of("/tmp"), "gpg");
            Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path home() {
        return home;
    }

    public Result importKey(String armored) {
        return run(List.of("--import"), armored.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code gpg --status-fd 1 --verify sig data}: the status lines are on stdout. */
    public Result verify(byte[] data, String armoredSignature) {
        try {
            var dataFile = Files.createTempFile(home, "doc", ".json");
            var sigFile = Files.createTempFile(home, "doc", ".json.asc");
            Files.write(dataFile, data);
            Files.writeString(sigFile, armoredSignature, StandardCharsets.US_ASCII);
            return run(List.of("--status-fd", "1", "--verify", sigFile.toString(), dataFile.toString()), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Result listPackets(String armoredSignature) {
        return run(List.of("--list-packets"), armoredSignature.getBytes(StandardCharsets.US_ASCII));
    }

    public Result run(List<String> args, byte[] stdin) {
        var command = new ArrayList<>(List.of("gpg", "--batch", "--no-tty", "--homedir", home.toString()));
        command.addAll(args);
        try {
            var process = new ProcessBuilder(command).start();
            if (stdin != null) {
                process.getOutputStream().write(stdin);
            }
            process.getOutputStream().close();
            var out = process.getInputStream().readAllBytes();
            var err = process.getErrorStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("gpg did not finish in 60 s");
            }
            return new Result(
                    process.exitValue(),
                    new String(out, StandardCharsets.UTF_8),
                    new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            new ProcessBuilder("gpgconf", "--homedir", home.toString(), "--kill", "all")
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no agent was started
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder: best effort
        }
    }
}
