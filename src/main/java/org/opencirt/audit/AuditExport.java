package org.opencirt.audit;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.opencirt.advisory.service.SigningKeyService;
import org.opencirt.advisory.signing.OpenPgp;
import org.opencirt.common.archive.ArchiveFolder;
import org.opencirt.common.archive.ChecksummedZip;

/**
 * Writes a CIRT's verifiable audit archive (docs/audit.md, "The export"; {@link AuditArchive} is its
 * layout): the chain is read in one read-only snapshot with a server-side cursor and streamed into
 * the zip entry by entry, so a chain of any length is never held in memory.
 */
@ApplicationScoped
public class AuditExport {

    /** Rows fetched from PostgreSQL at once. */
    static final int FETCH = 1000;

    private static final String ENTRY_COLUMNS = "tenant, seq, at, actor, roles, action, object_type, object_id,"
            + " request_id, source_address, change_digest, prev_hash, hash";

    private final DataSource database;
    private final SigningKeyService signing;

    AuditExport(DataSource database, SigningKeyService signing) {
        this.database = database;
        this.signing = signing;
    }

    /** What is read before the archive streams: the CIRT and its public keys. */
    public record Prepared(String tenant, List<String> publicKeys) {}

    /** Reads the CIRT's public keys (in the request's transaction, before the answer starts). */
    public Prepared prepare(String tenant) {
        return new Prepared(tenant, signing.publicKeysArmored(tenant));
    }

    /**
     * Streams the archive into {@code out} (which it does not close): entries, signed heads, keys,
     * then the manifest of every file's SHA-256.
     */
    public void write(Prepared prepared, OutputStream out) throws IOException {
        var zip = new ChecksummedZip(out);
        try (var connection = database.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                write(prepared, connection, zip.folder(""));
            } finally {
                connection.rollback();
            }
            zip.finish(AuditArchive.MANIFEST);
        } catch (SQLException e) {
            throw new IOException("the audit trail could not be read", e);
        }
    }

    /**
     * Writes the archive's files into a folder (the top of the audit export, or {@code audit/} in a
     * CIRT's archive), reading the chain through {@code snapshot}; the manifest is the caller's.
     *
     * @return what it wrote: the entries and the signed heads
     */
    Written write(Prepared prepared, Connection snapshot, ArchiveFolder folder) throws IOException, SQLException {
        var entries = new long[1];
        folder.file(AuditArchive.ENTRIES, body -> entries[0] = entries(snapshot, prepared, body));
        var heads = heads(snapshot, prepared, folder);
        folder.file(AuditArchive.KEYS, body -> keys(prepared.publicKeys(), body));
        return new Written(entries[0], heads);
    }

    /** The entries and the signed heads an archive holds. */
    record Written(long entries, long heads) {}

    private long entries(Connection connection, Prepared prepared, OutputStream body) throws IOException, SQLException {
        try (var select = connection.prepareStatement(
                "select " + ENTRY_COLUMNS + " from audit_entry where tenant = ? order by seq")) {
            select.setFetchSize(FETCH);
            select.setString(1, prepared.tenant());
            try (var rows = select.executeQuery()) {
                long count = 0;
                while (rows.next()) {
                    body.write(AuditArchive.line(entry(rows)).getBytes(StandardCharsets.UTF_8));
                    body.write('\n');
                    count++;
                }
                return count;
            }
        }
    }

    private long heads(Connection connection, Prepared prepared, ArchiveFolder folder)
            throws IOException, SQLException {
        try (var select = connection.prepareStatement(
                "select seq, statement, signature from audit_head where tenant = ? order by seq")) {
            select.setFetchSize(FETCH);
            select.setString(1, prepared.tenant());
            try (var rows = select.executeQuery()) {
                long count = 0;
                while (rows.next()) {
                    count++;
                    var name = AuditArchive.headFile(rows.getLong(1));
                    var statement = rows.getBytes(2);
                    var signature = rows.getString(3).getBytes(StandardCharsets.US_ASCII);
                    folder.file(name, body -> body.write(statement));
                    folder.file(name + ".asc", body -> body.write(signature));
                }
                return count;
            }
        }
    }

    /** Every key in one armored block of public key rings: what {@code gpg --import} and BouncyCastle read. */
    private static void keys(List<String> armored, OutputStream body) throws IOException {
        var armor = ArmoredOutputStream.builder().clearHeaders().build(new FilterOutputStream(body) {
            @Override
            public void close() throws IOException {
                flush();
            }
        });
        for (var key : armored) {
            OpenPgp.readPublicRing(key).encode(armor);
        }
        armor.close();
    }

    private static AuditEntry entry(ResultSet row) throws SQLException {
        return new AuditEntry(
                row.getString(1),
                row.getLong(2),
                row.getObject(3, java.time.OffsetDateTime.class).toInstant(),
                row.getString(4),
                row.getString(5),
                row.getString(6),
                row.getString(7),
                row.getString(8),
                row.getString(9),
                row.getString(10),
                row.getString(11),
                row.getString(12),
                row.getString(13));
    }
}
