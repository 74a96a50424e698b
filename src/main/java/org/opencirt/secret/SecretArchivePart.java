package org.opencirt.secret;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import org.opencirt.common.archive.ArchiveFolder;
import org.opencirt.common.archive.ArchiveSource;
import org.opencirt.common.archive.CirtArchivePart;
import org.opencirt.common.archive.TableRows;
import org.opencirt.common.crypto.KekTable;
import org.opencirt.common.crypto.KeyEncryption;

/**
 * A CIRT's secrets (feed credentials, webhook keys) in its archive, decrypted: the ciphertext is
 * bound to this installation's key-encryption key, and the archive as a whole is encrypted to the
 * CIRT's own OpenPGP key. One JSON line a secret: its row without the ciphertext, and its value
 * (null when it does not decrypt here: the secret must be set again after an import).
 */
@Singleton
class SecretArchivePart implements CirtArchivePart {

    private final KeyEncryption kek;
    private final ObjectMapper json;

    SecretArchivePart(KeyEncryption kek, ObjectMapper json) {
        this.kek = kek;
        this.json = json;
    }

    @Override
    public String folder() {
        return "secrets";
    }

    @Override
    public SequencedSet<String> tables() {
        return new LinkedHashSet<>(List.of("cirt_secret"));
    }

    @Override
    public Map<String, Long> export(String tenant, Connection snapshot, ArchiveFolder out)
            throws IOException, SQLException {
        var count = new long[1];
        out.file("cirt_secret.jsonl", body -> {
            try (var select = snapshot.prepareStatement("""
                    select id, name, ciphertext, created_at, updated_at, last_used_at
                      from cirt_secret where tenant = ? order by name""")) {
                select.setString(1, tenant);
                try (var rows = select.executeQuery()) {
                    while (rows.next()) {
                        var name = rows.getString("name");
                        var line = new LinkedHashMap<String, Object>();
                        line.put("id", rows.getString("id"));
                        line.put("tenant", tenant);
                        line.put("name", name);
                        line.put("value", value(tenant, name, rows.getBytes("ciphertext")));
                        line.put("created_at", instant(rows, "created_at"));
                        line.put("updated_at", instant(rows, "updated_at"));
                        line.put("last_used_at", instant(rows, "last_used_at"));
                        body.write(json.writeValueAsBytes(line));
                        body.write('\n');
                        count[0]++;
                    }
                }
            }
        });
        return Map.of("cirt_secret", count[0]);
    }

    /**
     * The secrets, encrypted again under this installation's key-encryption key; a secret whose value
     * the archive does not hold (it did not decrypt on the old installation) is not stored and must be
     * set again.
     */
    @Override
    public Map<String, Long> importFrom(String tenant, Connection transaction, ArchiveSource in)
            throws IOException, SQLException {
        var stored = TableRows.insert(transaction, in, "cirt_secret", tenant, row -> {
            var value = row.remove("value");
            if (value == null || !value.isTextual()) {
                return null;
            }
            var name = row.path("name").asText();
            row.put(
                    "ciphertext",
                    kek.encrypt(
                            value.asText().getBytes(StandardCharsets.UTF_8),
                            KekTable.CIRT_SECRET.associatedData(
                                    row.path("tenant").asText(), name)));
            row.put("kek_id", kek.kekId());
            return row;
        });
        return Map.of("cirt_secret", stored);
    }

    @Override
    public Map<String, Long> delete(String tenant, Connection transaction) throws SQLException {
        return Map.of("cirt_secret", TableRows.delete(transaction, "cirt_secret", tenant));
    }

    /** The secret's value, or null when it does not decrypt here (written under another key-encryption key). */
    private String value(String tenant, String name, byte[] ciphertext) {
        try {
            return new String(
                    kek.decrypt(ciphertext, KekTable.CIRT_SECRET.associatedData(tenant, name)), StandardCharsets.UTF_8);
        } catch (IllegalStateException e) {
            return null;
        }
    }

    private static String instant(java.sql.ResultSet rows, String column) throws SQLException {
        var time = rows.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant().toString();
    }
}
