package org.opencirt.common.crypto;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a CIRT's sensitive columns (incident text, reporters' personal data, comments, attachments)
 * under that CIRT's own data key, AES-256-GCM, so that destroying the key makes every copy of them
 * unreadable: crypto-shredding (ADR 40).
 *
 * <p>Each CIRT's data key is made at its first use and kept in the key store, a database of its own
 * ({@code quarkus.datasource.keys}), wrapped by the KEK ({@link KekTable#DATA_KEY}); the system of
 * record and its backups never hold it. A sealed text is {@code ocs1:} and the base64 of
 * {@code key id (16 bytes) || nonce (12) || ciphertext+tag}; sealed bytes are the same without the
 * prefix. The associated data is the CIRT and the field ({@code incident.title}), so a value moved to
 * another CIRT or another column does not open. A text without the prefix was stored before sealing
 * (V33) and is read as it is.
 */
@ApplicationScoped
public class DataKeys {

    /** What every sealed text starts with. */
    public static final String PREFIX = "ocs1:";

    private static final int ID_BYTES = 16;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final long RECHECK_NANOS = 2_000_000_000L;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AgroalDataSource store;
    private final KeyEncryption kek;
    private final Map<String, DataKey> byTenant = new ConcurrentHashMap<>();
    private final Map<UUID, DataKey> byId = new ConcurrentHashMap<>();

    /** One CIRT's data key, and when this process last saw that it is still the CIRT's key. */
    private record DataKey(UUID id, String tenant, SecretKeySpec key, long checkedAt) {}

    DataKeys(@DataSource("keys") AgroalDataSource store, KeyEncryption kek) {
        this.store = store;
        this.kek = kek;
    }

    /** Whether a stored text is sealed (as opposed to a value written before sealing). */
    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    /** Seals a text under the CIRT's data key; null stays null. */
    public String seal(String tenant, String field, String plaintext) {
        if (plaintext == null) {
            return null;
        }
        var sealed = sealBytes(tenant, field, plaintext.getBytes(StandardCharsets.UTF_8));
        return PREFIX + Base64.getEncoder().encodeToString(sealed);
    }

    /**
     * What a column should hold for this plaintext: the stored value when it says the same (sealed, or
     * stored before sealing: reading a row never rewrites it), a new sealed value when the text changed.
     */
    public String reseal(String tenant, String field, String plaintext, String stored) {
        if (Objects.equals(plaintext, isSealed(stored) ? open(tenant, field, stored) : stored)) {
            return stored;
        }
        return seal(tenant, field, plaintext);
    }

    /**
     * Opens a sealed text; a text that is not sealed (stored before sealing) comes back as it is.
     *
     * @throws IllegalStateException when the CIRT's key is gone or the value was not sealed for this CIRT
     *         and field (the message names neither the key nor the data)
     */
    public String open(String tenant, String field, String stored) {
        if (!isSealed(stored)) {
            return stored;
        }
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("a sealed value of " + field + " is damaged");
        }
        return new String(openBytes(tenant, field, sealed), StandardCharsets.UTF_8);
    }

    /** Seals bytes under the CIRT's data key. */
    public byte[] sealBytes(String tenant, String field, byte[] plaintext) {
        var key = current(tenant);
        try {
            var nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(tenant, field));
            var out = ByteBuffer.allocate(ID_BYTES + NONCE_BYTES + cipher.getOutputSize(plaintext.length));
            out.putLong(key.id().getMostSignificantBits()).putLong(key.id().getLeastSignificantBits());
            out.put(nonce);
            cipher.doFinal(ByteBuffer.wrap(plaintext), out);
            return out.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed");
        }
    }

    /**
     * Opens what {@link #sealBytes} made.
     *
     * @throws IllegalStateException when the key it names is gone, or it was not sealed for this CIRT and
     *         field
     */
    public byte[] openBytes(String tenant, String field, byte[] sealed) {
        if (sealed.length < ID_BYTES + NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("a sealed value of " + field + " is damaged");
        }
        var buffer = ByteBuffer.wrap(sealed);
        var id = new UUID(buffer.getLong(), buffer.getLong());
        var key = byId(tenant, id);
        try {
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, sealed, ID_BYTES, NONCE_BYTES));
            cipher.updateAAD(associatedData(tenant, field));
            var offset = ID_BYTES + NONCE_BYTES;
            return cipher.doFinal(sealed, offset, sealed.length - offset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a value of " + field + " was not sealed for this CIRT and field");
        }
    }

    /**
     * Destroys the CIRT's data key in the key store: what was sealed under it, wherever a copy of it is,
     * never opens again. Idempotent.
     *
     * @return whether a key was there
     */
    public boolean destroy(String tenant) {
        var cached = byTenant.remove(tenant);
        if (cached != null) {
            byId.remove(cached.id());
        }
        try (var connection = store.getConnection();
                var delete = connection.prepareStatement("delete from data_key where tenant = ?")) {
            delete.setString(1, tenant);
            return delete.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "the key store could not be reached (SQL state " + e.getSQLState() + ")", e);
        }
    }

    /** Whether the key store holds a data key for the CIRT. */
    public boolean exists(String tenant) {
        return load(tenant) != null;
    }

    /** The CIRT's key for sealing: made at first use, looked up again every two seconds (another replica may have destroyed or replaced it). */
    private DataKey current(String tenant) {
        var cached = byTenant.get(tenant);
        if (cached != null && System.nanoTime() - cached.checkedAt() < RECHECK_NANOS) {
            return cached;
        }
        var key = load(tenant);
        if (key == null) {
            create(tenant);
            key = load(tenant);
            if (key == null) {
                throw new IllegalStateException("the key store lost the data key it just made");
            }
        }
        return key;
    }

    private DataKey byId(String tenant, UUID id) {
        var cached = byId.get(id);
        if (cached == null || !cached.tenant().equals(tenant)) {
            var loaded = load(tenant);
            if (loaded == null || !loaded.id().equals(id)) {
                throw new IllegalStateException(
                        "the data key this value was sealed with is gone (destroyed or never here)");
            }
            cached = loaded;
        }
        return cached;
    }

    private DataKey load(String tenant) {
        try (var connection = store.getConnection();
                var select = connection.prepareStatement("select id, wrapped, kek_id from data_key where tenant = ?")) {
            select.setString(1, tenant);
            try (var rows = select.executeQuery()) {
                if (!rows.next()) {
                    var gone = byTenant.remove(tenant);
                    if (gone != null) {
                        byId.remove(gone.id());
                    }
                    return null;
                }
                var id = rows.getObject(1, UUID.class);
                if (!kek.kekId().equals(rows.getString(3))) {
                    throw new IllegalStateException("the data key of " + tenant + " is wrapped by the KEK with id "
                            + rows.getString(3) + ", not by the configured one (id " + kek.kekId() + ")");
                }
                var raw = kek.decrypt(rows.getBytes(2), KekTable.DATA_KEY.associatedData(tenant, id.toString()));
                var key = new DataKey(id, tenant, new SecretKeySpec(raw, "AES"), System.nanoTime());
                Arrays.fill(raw, (byte) 0);
                var previous = byTenant.put(tenant, key);
                if (previous != null && !previous.id().equals(id)) {
                    byId.remove(previous.id());
                }
                byId.put(id, key);
                return key;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "the key store could not be reached (SQL state " + e.getSQLState() + ")", e);
        }
    }

    private void create(String tenant) {
        var id = UUID.randomUUID();
        var raw = new byte[32];
        RANDOM.nextBytes(raw);
        try (var connection = store.getConnection();
                var insert = connection.prepareStatement(
                        "insert into data_key (id, tenant, wrapped, kek_id) values (?, ?, ?, ?) on conflict (tenant) do nothing")) {
            insert.setObject(1, id);
            insert.setString(2, tenant);
            insert.setBytes(3, kek.encrypt(raw, KekTable.DATA_KEY.associatedData(tenant, id.toString())));
            insert.setString(4, kek.kekId());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "the key store could not be reached (SQL state " + e.getSQLState() + ")", e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private static byte[] associatedData(String tenant, String field) {
        return (Objects.requireNonNull(tenant, "tenant") + "|" + field).getBytes(StandardCharsets.UTF_8);
    }
}
