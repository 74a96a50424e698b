package org.opencirt.audit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Singleton;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPPublicKeyRingCollection;
import org.opencirt.advisory.signing.OpenPgp;
import org.opencirt.common.archive.ArchiveFolder;
import org.opencirt.common.archive.ArchiveRefused;
import org.opencirt.common.archive.ArchiveSource;
import org.opencirt.common.archive.ChecksummedZip;
import org.opencirt.common.archive.CirtArchivePart;
import org.opencirt.common.archive.TableRows;

/**
 * The audit trail in a CIRT's archive: {@code audit/} holds exactly what the audit export holds
 * (entries, signed heads, public keys and a {@code SHA256SUMS} of its own), so the folder zipped
 * again is checked by {@code bin/opencirt audit verify}. The import checks it the same way before it
 * stores a row: a chain with a broken link or a head that does not hold is refused, and the CIRT's
 * chain goes on from its last imported entry.
 */
@Singleton
class AuditArchivePart implements CirtArchivePart {

    /** Entries sent to PostgreSQL at once by the import. */
    private static final int BATCH = 1000;

    private final AuditExport export;

    AuditArchivePart(AuditExport export) {
        this.export = export;
    }

    @Override
    public String folder() {
        return "audit";
    }

    @Override
    public SequencedSet<String> tables() {
        return new LinkedHashSet<>(List.of("audit_entry", "audit_head"));
    }

    @Override
    public Map<String, Long> export(String tenant, Connection snapshot, ArchiveFolder out)
            throws IOException, SQLException {
        var prepared = QuarkusTransaction.requiringNew().call(() -> export.prepare(tenant));
        var written = export.write(prepared, snapshot, out);
        var manifest = ChecksummedZip.manifest(out.sums());
        out.file(AuditArchive.MANIFEST, body -> body.write(manifest));
        var counts = new LinkedHashMap<String, Long>();
        counts.put("entries", written.entries());
        counts.put("signedHeads", written.heads());
        return counts;
    }

    @Override
    public Map<String, Long> importFrom(String tenant, Connection transaction, ArchiveSource in)
            throws IOException, SQLException {
        var copy = Files.createTempFile("opencirt-audit-", ".zip");
        try {
            try (var zip = new ZipOutputStream(Files.newOutputStream(copy))) {
                for (var name : in.names("")) {
                    zip.putNextEntry(new ZipEntry(name));
                    try (var body = in.open(name)) {
                        body.transferTo(zip);
                    }
                    zip.closeEntry();
                }
            }
            var verified = AuditArchiveVerifier.verify(copy);
            if (verified.exitCode() != AuditArchiveVerifier.OK) {
                throw new ArchiveRefused(in.path("") + " does not verify: " + verified.message());
            }
            var counts = new LinkedHashMap<String, Long>();
            counts.put("audit_entry", entries(tenant, transaction, in));
            counts.put("audit_head", heads(tenant, transaction, in));
            return counts;
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /** The trail of a CIRT that is offboarded (the database refuses it for any other). */
    @Override
    public Map<String, Long> delete(String tenant, Connection transaction) throws SQLException {
        var counts = new LinkedHashMap<String, Long>();
        counts.put("audit_head", TableRows.delete(transaction, "audit_head", tenant));
        counts.put("audit_entry", TableRows.delete(transaction, "audit_entry", tenant));
        return counts;
    }

    private static long entries(String tenant, Connection transaction, ArchiveSource in)
            throws IOException, SQLException {
        long count = 0;
        try (var lines = new BufferedReader(
                        new InputStreamReader(in.open(AuditArchive.ENTRIES), StandardCharsets.UTF_8));
                var insert = transaction.prepareStatement("insert into audit_entry (" + AuditTrail.COLUMNS
                        + ") values (?, ?, ?::timestamptz, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            String line;
            while ((line = lines.readLine()) != null) {
                var entry = AuditArchive.entry(line);
                if (!tenant.equals(entry.tenant())) {
                    throw new ArchiveRefused("%s line %d names another CIRT than the archive's"
                            .formatted(in.path(AuditArchive.ENTRIES), count + 1));
                }
                var values = new Object[] {
                    entry.tenant(),
                    entry.seq(),
                    entry.at().toString(),
                    entry.actor(),
                    entry.roles(),
                    entry.action(),
                    entry.objectType(),
                    entry.objectId(),
                    entry.requestId(),
                    entry.sourceAddress(),
                    entry.changeDigest(),
                    entry.prevHash(),
                    entry.hash()
                };
                for (int i = 0; i < values.length; i++) {
                    insert.setObject(i + 1, values[i]);
                }
                insert.addBatch();
                if (++count % BATCH == 0) {
                    TableRows.execute(insert, in.path(AuditArchive.ENTRIES));
                }
            }
            TableRows.execute(insert, in.path(AuditArchive.ENTRIES));
        }
        return count;
    }

    private static long heads(String tenant, Connection transaction, ArchiveSource in)
            throws IOException, SQLException {
        List<PGPPublicKeyRing> keys = new ArrayList<>();
        try (var armored = PGPUtil.getDecoderStream(in.open(AuditArchive.KEYS))) {
            new BcPGPPublicKeyRingCollection(armored).getKeyRings().forEachRemaining(keys::add);
        } catch (PGPException e) {
            throw new ArchiveRefused(in.path(AuditArchive.KEYS) + " is not a set of OpenPGP public keys");
        }
        long count = 0;
        try (var insert = transaction.prepareStatement(
                "insert into audit_head (tenant, seq, hash, signed_at, statement, signature, key_fingerprint)"
                        + " values (?, ?, ?, ?::timestamptz, ?, ?, ?)")) {
            for (var name : in.names(AuditArchive.HEADS)) {
                if (!name.endsWith(".json")) {
                    continue;
                }
                byte[] statement;
                String signature;
                try (var body = in.open(name);
                        var asc = in.open(name + ".asc")) {
                    statement = body.readAllBytes();
                    signature = new String(asc.readAllBytes(), StandardCharsets.US_ASCII);
                }
                // checked by the verifier above: the statement is this chain's, and a key of keys.asc signed it
                var said = AuditArchive.statement(statement);
                var verification = OpenPgp.verify(statement, signature, keys);
                insert.setString(1, tenant);
                insert.setLong(2, said.seq());
                insert.setString(3, said.hash());
                insert.setString(4, said.signedAt().toString());
                insert.setBytes(5, statement);
                insert.setString(6, signature);
                insert.setString(7, verification.primaryFingerprint());
                insert.addBatch();
                count++;
            }
            TableRows.execute(insert, in.path(AuditArchive.HEADS));
        }
        return count;
    }
}
