package org.opencirt.secret;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Secrets named in definitions (feed credentials, playbook webhook keys) are references, never
 * values. Who wrote the definition decides which references it may use:
 * <ul>
 *   <li>the platform's own definition files ({@code threat-feeds/}, {@code playbooks/}), which the
 *       operator controls: {@code env:NAME} (an environment variable) and {@code file:/path} (a
 *       mounted secret); and {@code secret:NAME} only when the definition belongs to one CIRT (a
 *       feed file whose scope is that CIRT), resolved in that CIRT;</li>
 *   <li>a CIRT, through the API: only {@code secret:NAME}, a secret of its own CIRT. The service's
 *       environment and files are never within a CIRT's reach.</li>
 * </ul>
 * The rules are checked when a definition is read and again when a reference is resolved, so a
 * definition stored before they existed cannot use what they forbid.
 */
@ApplicationScoped
public class SecretReferences {

    /** What a secret name may be: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** What {@link #NAME} allows, for messages. */
    public static final String NAME_RULE = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";

    private static final String ENV = "env:";
    private static final String FILE = "file:";
    private static final String SECRET = "secret:";

    private final SecretService secrets;

    SecretReferences(SecretService secrets) {
        this.secrets = secrets;
    }

    /**
     * Who wrote a definition that names a secret.
     *
     * @param tenant       the CIRT the definition belongs to, or null for a platform-wide one
     * @param platformFile true for the platform's own definition files, false for the API
     */
    public record Origin(String tenant, boolean platformFile) {

        /** A definition file of the platform; {@code tenant} when it belongs to one CIRT, else null. */
        public static Origin platformFile(String tenant) {
            return new Origin(tenant, true);
        }

        /** A definition a CIRT sent through the API. */
        public static Origin cirt(String tenant) {
            return new Origin(tenant, false);
        }
    }

    /**
     * What is wrong with a reference for where it was written, looking nothing up (for definition
     * files read at start-up), or empty when its form is allowed.
     */
    public static Optional<String> formProblem(String reference, Origin origin) {
        if (reference == null || reference.isBlank()) {
            return Optional.of("is required");
        }
        if (reference.startsWith(SECRET)) {
            if (!NAME.matcher(reference.substring(SECRET.length())).matches()) {
                return Optional.of("a secret name is " + NAME_RULE);
            }
            if (origin.tenant() == null) {
                return Optional.of("a platform-wide definition cannot use a CIRT's secret; use env:NAME or file:/path");
            }
            return Optional.empty();
        }
        if (!origin.platformFile()) {
            return Optional.of(
                    reference.startsWith(ENV) || reference.startsWith(FILE)
                            ? "env: and file: references are only for the platform's own definition files; store the value as a "
                                    + "secret of your CIRT (PUT /api/v1/secrets/{name}) and reference it as secret:NAME"
                            : "must be secret:NAME, a secret of your CIRT (PUT /api/v1/secrets/{name})");
        }
        if (reference.startsWith(ENV) || reference.startsWith(FILE) && reference.length() > FILE.length()) {
            return Optional.empty();
        }
        return Optional.of("must be env:NAME, file:/path or secret:NAME");
    }

    /**
     * {@link #formProblem}, and for a CIRT's definition also that the secret exists in its CIRT;
     * empty when the reference can be stored.
     */
    public Optional<String> problem(String reference, Origin origin) {
        var form = formProblem(reference, origin);
        if (form.isPresent() || origin.platformFile() || !reference.startsWith(SECRET)) {
            return form;
        }
        var name = reference.substring(SECRET.length());
        return secrets.exists(origin.tenant(), name)
                ? Optional.empty()
                : Optional.of(
                        "your CIRT has no secret '%s'; store it first (PUT /api/v1/secrets/%s)".formatted(name, name));
    }

    /**
     * The value a reference names, for a definition of this origin; a {@code secret:} reference
     * records that the secret was used.
     *
     * @throws SecretUnavailable when the reference is not allowed for this origin, names nothing, or
     *                           cannot be read; its message never holds a value or a file's content
     */
    public String resolve(String reference, Origin origin) {
        var form = formProblem(reference, origin);
        if (form.isPresent()) {
            throw new SecretUnavailable("secret-refused", "the secret reference is refused: " + form.get());
        }
        if (reference.startsWith(SECRET)) {
            return secrets.use(origin.tenant(), reference.substring(SECRET.length()));
        }
        if (reference.startsWith(ENV)) {
            var value = System.getenv(reference.substring(ENV.length()));
            if (value == null || value.isEmpty()) {
                throw new SecretUnavailable(
                        "secret-missing", "%s is not set in the service's environment".formatted(reference));
            }
            return value;
        }
        try {
            return Files.readString(Path.of(reference.substring(FILE.length()))).strip();
        } catch (IOException | RuntimeException e) {
            // the exception's message could quote the file; the reference is the operator's own text
            throw new SecretUnavailable("secret-unreadable", "the file of %s cannot be read".formatted(reference));
        }
    }
}
