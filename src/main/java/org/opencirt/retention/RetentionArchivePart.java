package org.opencirt.retention;

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

/** A CIRT's retention rules, the key of its pseudonyms (so that a reporter keeps the same pseudonym after an import) and the reports of the retention job. */
@ApplicationScoped
class RetentionArchivePart implements CirtArchivePart {

    private static final SequencedMap<String, String> QUERIES = TableRows.queries(
            "retention_rule",
            "select * from retention_rule where tenant = ?",
            "retention_key",
            "select * from retention_key where tenant = ?",
            "retention_run",
            "select * from retention_run where tenant = ? order by started_at, id");

    @Override
    public String folder() {
        return "retention";
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
