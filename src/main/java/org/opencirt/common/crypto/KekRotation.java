package org.opencirt.common.crypto;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code bin/opencirt rotate-kek}: re-encrypts every value stored under the key-encryption key
 * (every {@link KekTable}: the CIRTs' signing keys and secrets, and in the key store their data keys)
 * from the old KEK to the new one, in one transaction per database, so that a failure anywhere leaves
 * every row of that database as it was.
 *
 * <p>A plain main class with plain JDBC, run from the service's jar without starting the service
 * (which must be stopped meanwhile, on every replica, and started again with the new KEK):
 * {@code OPENCIRT_SIGNING_KEK_OLD} is the KEK in use, {@code OPENCIRT_SIGNING_KEK} the new one,
 * {@code OPENCIRT_DB_URL}, {@code OPENCIRT_DB_USER} and {@code OPENCIRT_DB_PASSWORD} the database,
 * {@code OPENCIRT_KEYS_DB_URL} (with {@code OPENCIRT_KEYS_DB_USER} and {@code OPENCIRT_KEYS_DB_PASSWORD},
 * by default the database's) the key store. Rows already under the new KEK are left alone, so a second
 * run changes nothing, and a run that stopped between the two databases is completed by the next. Messages name
 * rows (kind, CIRT, fingerprint or secret name) and KEK ids, never a key.
 */
public final class KekRotation {

    private KekRotation() {}

    /** A rotation that stopped; nothing was changed. The message names the row, never key material. */
    public static final class RotationFailed extends Exception {

        private static final long serialVersionUID = 1L;

        RotationFailed(String message) {
            super(message);
        }
    }

    /** What a rotation did to one table. */
    public record Counts(int reEncrypted, int alreadyNew) {}

    public static void main(String[] args) {
        System.exit(run(System.getenv(), System.out, System.err));
    }

    /**
     * Runs the rotation with settings from these variables.
     *
     * @return 0 when done, 1 when it failed (nothing changed), 2 for missing or malformed settings
     */
    public static int run(Map<String, String> env, PrintStream out, PrintStream err) {
        KeyEncryption oldKek;
        KeyEncryption newKek;
        try {
            oldKek = new KeyEncryption(required(env, "OPENCIRT_SIGNING_KEK_OLD"), "OPENCIRT_SIGNING_KEK_OLD");
            newKek = new KeyEncryption(required(env, "OPENCIRT_SIGNING_KEK"), "OPENCIRT_SIGNING_KEK");
            required(env, "OPENCIRT_DB_URL");
            required(env, "OPENCIRT_KEYS_DB_URL");
        } catch (IllegalArgumentException e) {
            err.println("rotate-kek: " + e.getMessage());
            return 2;
        }
        if (oldKek.kekId().equals(newKek.kekId())) {
            err.println("rotate-kek: the old and the new KEK are the same (id %s)".formatted(newKek.kekId()));
            return 2;
        }
        try (var connection = DriverManager.getConnection(
                        env.get("OPENCIRT_DB_URL"), env.get("OPENCIRT_DB_USER"), env.get("OPENCIRT_DB_PASSWORD"));
                var keyStore = DriverManager.getConnection(
                        env.get("OPENCIRT_KEYS_DB_URL"),
                        env.getOrDefault("OPENCIRT_KEYS_DB_USER", env.get("OPENCIRT_DB_USER")),
                        env.getOrDefault("OPENCIRT_KEYS_DB_PASSWORD", env.get("OPENCIRT_DB_PASSWORD")))) {
            var done = rotate(connection, oldKek, newKek);
            done.putAll(rotateKeyStore(keyStore, oldKek, newKek));
            done.forEach((table, counts) -> out.printf(
                    "rotate-kek: %d %s(s) re-encrypted, %d already under the new KEK%n",
                    counts.reEncrypted(), table.label(), counts.alreadyNew()));
            out.printf(
                    "rotate-kek: done, KEK %s -> %s; start the service with the new OPENCIRT_SIGNING_KEK%n",
                    oldKek.kekId(), newKek.kekId());
            return 0;
        } catch (RotationFailed e) {
            err.println("rotate-kek: nothing was changed: " + e.getMessage());
            return 1;
        } catch (SQLException e) {
            err.printf(
                    "rotate-kek: nothing was changed: database error %s (SQL state %s)%n",
                    e.getMessage(), e.getSQLState());
            return 1;
        }
    }

    /**
     * Re-encrypts every row of every {@link KekTable} of the system of record from {@code oldKek} to
     * {@code newKek} in one transaction on this connection, committed only when every row is done.
     *
     * @throws RotationFailed naming the first row that is under neither KEK or does not decrypt; rolled back
     */
    public static Map<KekTable, Counts> rotate(Connection connection, KeyEncryption oldKek, KeyEncryption newKek)
            throws SQLException, RotationFailed {
        return rotate(connection, false, oldKek, newKek);
    }

    /** The same for the key store's tables (the CIRTs' data keys), on a connection to the key store. */
    public static Map<KekTable, Counts> rotateKeyStore(Connection keyStore, KeyEncryption oldKek, KeyEncryption newKek)
            throws SQLException, RotationFailed {
        return rotate(keyStore, true, oldKek, newKek);
    }

    private static Map<KekTable, Counts> rotate(
            Connection connection, boolean keyStore, KeyEncryption oldKek, KeyEncryption newKek)
            throws SQLException, RotationFailed {
        var autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            var done = new EnumMap<KekTable, Counts>(KekTable.class);
            for (var table : KekTable.values()) {
                if (table.inKeyStore() != keyStore) {
                    continue;
                }
                done.put(table, rotate(connection, table, oldKek, newKek));
            }
            connection.commit();
            return done;
        } catch (SQLException | RotationFailed | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static Counts rotate(Connection connection, KekTable table, KeyEncryption oldKek, KeyEncryption newKek)
            throws SQLException, RotationFailed {
        var select = "select id, tenant, %s, %s, kek_id from %s order by tenant, %s, id for update"
                .formatted(table.keyColumn(), table.valueColumn(), table.table(), table.keyColumn());
        var update = "update %s set %s = ?, kek_id = ? where id = ?".formatted(table.table(), table.valueColumn());
        int reEncrypted = 0;
        int alreadyNew = 0;
        try (var rows = connection.prepareStatement(select).executeQuery();
                var write = connection.prepareStatement(update)) {
            while (rows.next()) {
                var tenant = rows.getString(2);
                var key = rows.getString(3);
                var kekId = rows.getString(5);
                var row = "%s %s of %s".formatted(table.label(), key, tenant);
                if (kekId.equals(newKek.kekId())) {
                    alreadyNew++;
                    continue;
                }
                if (!kekId.equals(oldKek.kekId())) {
                    throw new RotationFailed(
                            "the %s is stored under the KEK with id %s, which is neither the old KEK (id %s) nor the new one (id %s)"
                                    .formatted(row, kekId, oldKek.kekId(), newKek.kekId()));
                }
                var associatedData = table.associatedData(tenant, key);
                byte[] clear;
                try {
                    clear = oldKek.decrypt(rows.getBytes(4), associatedData);
                } catch (IllegalStateException e) {
                    throw new RotationFailed(
                            "the %s does not decrypt with the old KEK (id %s): damaged, or moved from another row"
                                    .formatted(row, oldKek.kekId()));
                }
                write.setBytes(1, newKek.encrypt(clear, associatedData));
                write.setString(2, newKek.kekId());
                write.setObject(3, rows.getObject(1));
                write.executeUpdate();
                Arrays.fill(clear, (byte) 0);
                reEncrypted++;
            }
        }
        return new Counts(reEncrypted, alreadyNew);
    }

    private static String required(Map<String, String> env, String name) {
        var value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is not set");
        }
        return value;
    }
}
