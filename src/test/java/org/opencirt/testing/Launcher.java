package org.opencirt.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the project's launcher ({@code bin/opencirt}) from a test, to stop and start real servers. */
public final class Launcher {

    private Launcher() {}

    /**
     * Runs {@code bin/opencirt ARGS} in the project folder and returns its output.
     *
     * @throws IllegalStateException when it fails or takes longer than the timeout
     */
    public static String run(long timeoutSeconds, String... args) {
        var root = Path.of(System.getProperty("user.dir"));
        var command =
                new java.util.ArrayList<>(List.of(root.resolve("bin/opencirt").toString()));
        command.addAll(List.of(args));
        try {
            var process = new ProcessBuilder(command)
                    .directory(root.toFile())
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "bin/opencirt %s did not finish in %d s".formatted(String.join(" ", args), timeoutSeconds));
            }
            var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("bin/opencirt %s failed (%d):%n%s"
                        .formatted(String.join(" ", args), process.exitValue(), output));
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
