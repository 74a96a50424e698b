package org.opencirt.secret;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.opencirt.common.crypto.KekTable;
import org.opencirt.common.crypto.KeyEncryption;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;

/**
 * Each CIRT's named secrets: written (created or replaced) and deleted by its CIRT admin, listed
 * without their values, and read only inside the service when a definition of that CIRT uses one
 * ({@link SecretReferences}). Values are stored encrypted under the KEK, bound to CIRT and name.
 */
@ApplicationScoped
public class SecretService {

    private final SecretRepository secrets;
    private final KeyEncryption kek;
    private final SecretConfig config;
    private final Clock clock;

    SecretService(SecretRepository secrets, KeyEncryption kek, SecretConfig config, Clock clock) {
        this.secrets = secrets;
        this.kek = kek;
        this.config = config;
        this.clock = clock;
    }

    /** A secret as the API shows it: never its value. */
    public record SecretView(String name, Instant createdAt, Instant updatedAt, Instant lastUsedAt) {

        static SecretView of(SecretEntity e) {
            return new SecretView(e.name, e.createdAt, e.updatedAt, e.lastUsedAt);
        }
    }

    /** A secret written, and whether it was new. */
    public record Written(SecretView secret, boolean created) {}

    /**
     * Creates or replaces a secret of the CIRT.
     *
     * @throws ApiException 400 for an invalid name (pointer {@code name}) or value ({@code /value}),
     *                      422 when the CIRT holds as many secrets as allowed
     */
    @Transactional
    public Written put(String tenant, String name, String value) {
        checkName(name);
        if (value == null || value.isEmpty()) {
            throw ApiException.invalid("/value", "is required: the secret's value, a non-empty string");
        }
        var bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > config.maxValueBytes()) {
            throw ApiException.invalid(
                    "/value", "is %d bytes; at most %d".formatted(bytes.length, config.maxValueBytes()));
        }
        if (value.indexOf('\0') >= 0) {
            throw ApiException.invalid("/value", "must not contain NUL characters");
        }
        secrets.lockTenant(tenant);
        var now = clock.instant();
        var existing = secrets.find(tenant, name);
        if (existing.isEmpty() && secrets.countFor(tenant) >= config.maxPerCirt()) {
            throw new ApiException(
                    ProblemType.UNPROCESSABLE, "A CIRT holds at most %d secrets".formatted(config.maxPerCirt()));
        }
        var entity = existing.orElseGet(() -> {
            var fresh = new SecretEntity();
            fresh.id = UUID.randomUUID();
            fresh.tenant = tenant;
            fresh.name = name;
            fresh.createdAt = now;
            return fresh;
        });
        entity.ciphertext = kek.encrypt(bytes, KekTable.CIRT_SECRET.associatedData(tenant, name));
        entity.kekId = kek.kekId();
        entity.updatedAt = now;
        if (existing.isEmpty()) {
            secrets.persist(entity);
        }
        return new Written(SecretView.of(entity), existing.isEmpty());
    }

    /** The CIRT's secrets by name, without values. */
    public List<SecretView> list(String tenant) {
        return secrets.forTenant(tenant).stream().map(SecretView::of).toList();
    }

    /**
     * One secret of the CIRT, without its value.
     *
     * @throws ApiException 404 when the CIRT has no secret of that name
     */
    public SecretView get(String tenant, String name) {
        checkName(name);
        return secrets.find(tenant, name)
                .map(SecretView::of)
                .orElseThrow(() -> ApiException.notFound("Secret '%s'".formatted(name)));
    }

    /**
     * Deletes a secret of the CIRT; definitions that name it fail cleanly from then on.
     *
     * @throws ApiException 404 when the CIRT has no secret of that name
     */
    @Transactional
    public void delete(String tenant, String name) {
        checkName(name);
        secrets.delete(
                secrets.find(tenant, name).orElseThrow(() -> ApiException.notFound("Secret '%s'".formatted(name))));
    }

    /** True when the CIRT has a secret of that name. */
    public boolean exists(String tenant, String name) {
        return QuarkusTransaction.joiningExisting()
                .call(() -> secrets.find(tenant, name).isPresent());
    }

    /**
     * The value of a secret of the CIRT, for use inside the service; records the use.
     *
     * @throws SecretUnavailable {@code secret-missing} when the CIRT has no such secret,
     *                           {@code secret-unreadable} when it does not decrypt (another KEK, or
     *                           a row moved from another CIRT or name)
     */
    public String use(String tenant, String name) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var entity = secrets.find(tenant, name)
                    .orElseThrow(() ->
                            new SecretUnavailable("secret-missing", "the CIRT has no secret '%s'".formatted(name)));
            byte[] clear;
            try {
                clear = kek.decrypt(entity.ciphertext, KekTable.CIRT_SECRET.associatedData(tenant, name));
            } catch (IllegalStateException e) {
                throw new SecretUnavailable(
                        "secret-unreadable",
                        "the secret '%s' cannot be decrypted with the configured key-encryption key".formatted(name));
            }
            entity.lastUsedAt = clock.instant();
            return new String(clear, StandardCharsets.UTF_8);
        });
    }

    private static void checkName(String name) {
        if (name == null || !SecretReferences.NAME.matcher(name).matches()) {
            throw ApiException.invalid("name", "a secret name is " + SecretReferences.NAME_RULE);
        }
    }
}
