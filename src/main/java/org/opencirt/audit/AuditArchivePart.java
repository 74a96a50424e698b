package org.opencirt.audit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import org.opencirt.common.archive.ArchiveFolder;
import org.opencirt.common.archive.ChecksummedZip;
import org.opencirt.common.archive.CirtArchivePart;

/**
 * The audit trail in a CIRT's archive: {@code audit/} holds exactly what the audit export holds
 * (entries, signed heads, public keys and a {@code SHA256SUMS} of its own), so the folder zipped
 * again is checked by {@code bin/opencirt audit verify}.
 */
@Singleton
class AuditArchivePart implements CirtArchivePart {

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
}
