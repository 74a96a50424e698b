package org.opencirt.playbook.service;

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

/** A CIRT's playbooks (their YAML as written, and as parsed), their settings and their run history. */
@ApplicationScoped
class PlaybookArchivePart implements CirtArchivePart {

    private static final SequencedMap<String, String> QUERIES = TableRows.queries(
            "playbook",
            "select * from playbook where tenant = ? order by id",
            "playbook_setting",
            "select * from playbook_setting where tenant = ? order by playbook_id",
            "playbook_run",
            "select * from playbook_run where tenant = ? order by started_at, id");

    @Override
    public String folder() {
        return "playbooks";
    }

    @Override
    public Set<String> tables() {
        return QUERIES.keySet();
    }

    @Override
    public Map<String, String> leftOut() {
        return Map.of(
                "playbook_rotation",
                "the round-robin position of assignments in this installation: the next assignment after an import starts the rotation again");
    }

    @Override
    public Map<String, Long> export(String tenant, Connection snapshot, ArchiveFolder out)
            throws IOException, SQLException {
        return TableRows.jsonl(out, snapshot, QUERIES, tenant);
    }
}
