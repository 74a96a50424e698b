package org.opencirt.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Secrets named in definitions (feed credentials, playbook webhook keys) are references, never
 * values: {@code env:NAME} (an environment variable) or {@code file:/path} (a mounted secret).
 */
public final class SecretReferences {

    private SecretReferences() {
    }

    /**
     * The value a reference names.
     *
     * @throws IOException naming the reference when it is not set, cannot be read, or is of another form
     */
    public static String resolve(String reference) throws IOException {
        if (reference.startsWith("env:")) {
            var value = System.getenv(reference.substring("env:".length()));
            if (value == null || value.isEmpty()) {
                throw new IOException("%s is not set in the environment".formatted(reference));
            }
            return value;
        }
        if (reference.startsWith("file:")) {
            return Files.readString(Path.of(reference.substring("file:".length()))).strip();
        }
        throw new IOException("'%s' is not a secret reference (env:NAME or file:/path)".formatted(reference));
    }
}
