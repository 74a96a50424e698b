package org.opencirt.tenant;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import org.opencirt.common.archive.ArchiveFolder;
import org.opencirt.common.archive.CirtArchivePart;
import org.opencirt.common.archive.TableRows;

/** The CIRT itself in its archive: its row (name, country, contact) and its constituency. */
@ApplicationScoped
class TenantArchivePart implements CirtArchivePart {

    private static final SequencedMap<String, String> QUERIES = TableRows.queries(
            "tenant",
            "select * from tenant where id = ?",
            "constituency_entry",
            "select * from constituency_entry where tenant = ? order by kind, value");

    @Override
    public String folder() {
        return "cirt";
    }

    @Override
    public Set<String> tables() {
        return QUERIES.keySet();
    }

    @Override
    public Map<String, Long> export(String tenant, Connection snapshot, ArchiveFolder out)
            throws IOException, SQLException {
        return TableRows.jsonl(out, snapshot, QUERIES, tenant);
    }
}
