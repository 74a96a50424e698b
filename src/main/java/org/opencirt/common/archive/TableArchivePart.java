package org.opencirt.common.archive;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import java.util.SequencedSet;
import org.opencirt.common.crypto.DataKeys;

/**
 * A part made of tables: each one's rows of the CIRT as {@code TABLE.jsonl}, by a select whose every
 * {@code ?} is the CIRT, read back by the import in the same order and deleted by the offboarding in
 * the reverse one. A feature whose part also writes files extends {@link #export} and {@link #importFrom}.
 */
public abstract class TableArchivePart implements CirtArchivePart {

    private final String folder;
    private final SequencedMap<String, String> queries;
    private final DataKeys keys;

    /**
     * @param tableThenSql {@code table, select, table, select, ...}, in the order the rows depend on each other
     */
    protected TableArchivePart(String folder, String... tableThenSql) {
        this(null, folder, tableThenSql);
    }

    /**
     * A part whose tables hold columns sealed under the CIRT's data key: the export opens them, and the part
     * seals them again in {@link #imported}.
     */
    protected TableArchivePart(DataKeys keys, String folder, String... tableThenSql) {
        this.keys = keys;
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
        return TableRows.jsonl(
                out,
                snapshot,
                queries,
                tenant,
                keys == null ? null : (column, value) -> keys.open(tenant, column, value));
    }

    @Override
    public Map<String, Long> importFrom(String tenant, Connection transaction, ArchiveSource in)
            throws IOException, SQLException {
        var counts = new LinkedHashMap<String, Long>();
        for (var table : tables()) {
            counts.put(
                    table, TableRows.insert(transaction, in, table, tenant, row -> imported(tenant, table, row, in)));
        }
        return counts;
    }

    /**
     * A row of the table as the import stores it, or null when it does not store it (it stays in the
     * archive as the record): each row as it is, by default. A part that wrote a column as files puts it
     * back here.
     */
    protected ObjectNode imported(String tenant, String table, ObjectNode row, ArchiveSource in) {
        return row;
    }

    /** The tables left out of the archive (this installation's state of the carried ones), then the carried ones in reverse. */
    @Override
    public Map<String, Long> delete(String tenant, Connection transaction) throws SQLException {
        var counts = new LinkedHashMap<String, Long>();
        for (var table : leftOut().keySet()) {
            counts.put(table, TableRows.delete(transaction, table, tenant));
        }
        for (var table : tables().reversed()) {
            counts.put(table, TableRows.delete(transaction, table, tenant));
        }
        return counts;
    }
}
