package org.opencirt.common.archive;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.SequencedMap;
import java.util.SequencedSet;

/**
 * A part made of tables: each one's rows of the CIRT as {@code TABLE.jsonl}, by a select whose every
 * {@code ?} is the CIRT. A feature whose part also writes files extends {@link #export}.
 */
public abstract class TableArchivePart implements CirtArchivePart {

    private final String folder;
    private final SequencedMap<String, String> queries;

    /**
     * @param tableThenSql {@code table, select, table, select, ...}, in the order the rows depend on each other
     */
    protected TableArchivePart(String folder, String... tableThenSql) {
        this.folder = folder;
        this.queries = TableRows.queries(tableThenSql);
    }

    @Override
    public final String folder() {
        return folder;
    }

    @Override
    public final SequencedSet<String> tables() {
        return queries.sequencedKeySet();
    }

    @Override
    public Map<String, Long> export(String tenant, Connection snapshot, ArchiveFolder out)
            throws IOException, SQLException {
        return TableRows.jsonl(out, snapshot, queries, tenant);
    }
}
