package org.opencirt.advisory.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.openpgp.PGPUtil;
import org.opencirt.common.archive.ArchiveFolder;
import org.opencirt.common.archive.ArchiveRefused;
import org.opencirt.common.archive.ArchiveSource;
import org.opencirt.common.archive.TableArchivePart;
import org.opencirt.common.archive.TableRows;
import org.opencirt.common.crypto.KekTable;
import org.opencirt.common.crypto.KeyEncryption;
import org.opencirt.search.Outbox;
import org.opencirt.search.Projection;

/**
 * A CIRT's advisories in its archive: the rows (drafts and every published version), the
 * newest published version of each as the CSAF document it serves with its detached signature under
 * {@code csaf/} (the folder layout of its CSAF provider), and its signing keys: the public ones in
 * the rows, the secret ones, decrypted from under this installation's key-encryption key, as
 * ASCII-armored OpenPGP secret keys under {@code keys/} (the archive is encrypted to the CIRT's key),
 * and the vendor advisories its feeds downloaded with the incidents raised for them.
 */
@Singleton
class AdvisoryArchivePart extends TableArchivePart {

    private final KeyEncryption kek;
    private final Outbox outbox;

    AdvisoryArchivePart(KeyEncryption kek, Outbox outbox) {
        super(
                "advisories",
                "advisory_settings",
                "select * from advisory_settings where tenant = ?",
                "advisory_signing_key",
                """
                select id, tenant, fingerprint, signing_fingerprint, algorithm, origin, created_at, expires_at, retired_at,
                       active, public_key
                  from advisory_signing_key where tenant = ? order by created_at, id""",
                "advisory",
                "select * from advisory where tenant = ? order by created_at, id",
                "advisory_version",
                "select * from advisory_version where tenant = ? order by advisory_id, number",
                "vendor_advisory",
                "select * from vendor_advisory where tenant = ? order by feed_id, url",
                "vendor_advisory_incident",
                "select * from vendor_advisory_incident where tenant = ? order by vendor_advisory_id, constituent");
        this.kek = kek;
        this.outbox = outbox;
    }

    @Override
    public Map<String, Long> export(String tenant, Connection snapshot, ArchiveFolder out)
            throws IOException, SQLException {
        var counts = new LinkedHashMap<>(super.export(tenant, snapshot, out));
        counts.put("csaf documents", documents(tenant, snapshot, out));
        counts.put("secret keys", secretKeys(tenant, snapshot, out));
        return counts;
    }

    /** The rows, then the advisories' search documents (written by the relay after the commit). */
    @Override
    public Map<String, Long> importFrom(String tenant, Connection transaction, ArchiveSource in)
            throws IOException, SQLException {
        var counts = super.importFrom(tenant, transaction, in);
        outbox.enqueueAll(transaction, Projection.ADVISORIES, tenant, ids(tenant, transaction));
        return counts;
    }

    /** A signing key's row takes its secret key back from {@code keys/FINGERPRINT.asc}, under this installation's key-encryption key. */
    @Override
    protected ObjectNode imported(String tenant, String table, ObjectNode row, ArchiveSource in) {
        if (table.equals("advisory_signing_key")) {
            var fingerprint = row.path("fingerprint").asText();
            var file = "keys/" + fingerprint.toLowerCase(Locale.ROOT) + ".asc";
            if (!in.has(file)) {
                throw new ArchiveRefused(in.path(file) + " is missing");
            }
            byte[] secret;
            try (var armored = in.open(file);
                    var decoded = PGPUtil.getDecoderStream(armored)) {
                secret = decoded.readAllBytes();
            } catch (IOException e) {
                throw new ArchiveRefused(in.path(file) + " is not an ASCII-armored OpenPGP key");
            }
            row.put(
                    "private_key",
                    kek.encrypt(
                            secret,
                            KekTable.SIGNING_KEY.associatedData(
                                    row.path("tenant").asText(), fingerprint)));
            row.put("kek_id", kek.kekId());
        }
        return row;
    }

    /** The rows, and the advisories' search documents with them. */
    @Override
    public Map<String, Long> delete(String tenant, Connection transaction) throws SQLException {
        var ids = ids(tenant, transaction);
        var counts = super.delete(tenant, transaction);
        outbox.enqueueAll(transaction, Projection.ADVISORIES, tenant, ids);
        return counts;
    }

    private static List<UUID> ids(String tenant, Connection transaction) throws SQLException {
        return TableRows.ids(transaction, "select id from advisory where tenant = ?", tenant);
    }

    private static long documents(String tenant, Connection snapshot, ArchiveFolder out)
            throws IOException, SQLException {
        long count = 0;
        try (var select = snapshot.prepareStatement(
                // the newest version of each advisory, as served; every version's document is in the rows
                """
                select distinct on (path) path, document, signature
                  from advisory_version where tenant = ? order by path, number desc""")) {
            select.setFetchSize(50);
            select.setString(1, tenant);
            try (var rows = select.executeQuery()) {
                while (rows.next()) {
                    var path = "csaf/" + rows.getString("path");
                    var document = rows.getBytes("document");
                    var signature = rows.getString("signature").getBytes(StandardCharsets.US_ASCII);
                    out.file(path, body -> body.write(document));
                    out.file(path + ".asc", body -> body.write(signature));
                    count++;
                }
            }
        }
        return count;
    }

    private long secretKeys(String tenant, Connection snapshot, ArchiveFolder out) throws IOException, SQLException {
        long count = 0;
        try (var select = snapshot.prepareStatement(
                "select fingerprint, private_key from advisory_signing_key where tenant = ? order by created_at, id")) {
            select.setString(1, tenant);
            try (var rows = select.executeQuery()) {
                while (rows.next()) {
                    var fingerprint = rows.getString("fingerprint");
                    var secret = kek.decrypt(
                            rows.getBytes("private_key"), KekTable.SIGNING_KEY.associatedData(tenant, fingerprint));
                    out.file("keys/" + fingerprint.toLowerCase(Locale.ROOT) + ".asc", body -> armor(secret, body));
                    count++;
                }
            }
        }
        return count;
    }

    private static void armor(byte[] encoded, OutputStream body) throws IOException {
        try (var armor = ArmoredOutputStream.builder().clearHeaders().build(new FilterOutputStream(body) {
            @Override
            public void close() throws IOException {
                flush();
            }
        })) {
            armor.write(encoded);
        }
    }
}
