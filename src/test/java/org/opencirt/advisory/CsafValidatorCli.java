package org.opencirt.advisory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code @secvisogram/csaf-validator-lib} (schema + every mandatory test), run with node from
 * {@code src/test/csaf-validator} ({@code bin/opencirt test} installs it with {@code npm ci}).
 */
public final class CsafValidatorCli {

    private static final Path DIR = Path.of("src/test/csaf-validator");

    private CsafValidatorCli() {}

    /**
     * One result per document: {file, isValid, tests, errors[{test, instancePath, message}], warnings[...]},
     * under the strict schema (no property the schema does not define).
     */
    public static JsonNode validate(List<byte[]> documents) {
        return validate(documents, false);
    }

    /** The same, under the plain schema when lenient (a property it does not define is optional test 6.2.20). */
    public static JsonNode validate(List<byte[]> documents, boolean lenient) {
        if (!Files.isDirectory(DIR.resolve("node_modules/@secvisogram/csaf-validator-lib"))) {
            throw new IllegalStateException(
                    "the CSAF validator is not installed: run bin/opencirt test (or npm ci in " + DIR + ")");
        }
        try {
            var folder = Files.createTempDirectory("csaf");
            var command = new ArrayList<>(List.of("node", "validate.mjs"));
            if (lenient) {
                command.add("--lenient");
            }
            for (int i = 0; i < documents.size(); i++) {
                var file = folder.resolve("doc-" + i + ".json");
                Files.write(file, documents.get(i));
                command.add(file.toAbsolutePath().toString());
            }
            var output = folder.resolve("out.json");
            var process = new ProcessBuilder(command)
                    .directory(DIR.toFile())
                    .redirectOutput(output.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("node validate.mjs did not finish in 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("node validate.mjs failed with exit code " + process.exitValue());
            }
            return new ObjectMapper().readTree(output.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
