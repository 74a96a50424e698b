package org.opencirt.common.archive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/**
 * Rows of a query as JSON lines: one object a row, keyed by column name, in the order of the
 * select. Times are ISO-8601 instants in UTC, {@code bytea} is Base64, {@code json}/{@code jsonb}
 * is embedded as JSON, arrays are JSON arrays, numbers and booleans are themselves, the rest is
 * text. Read with a cursor: any number of rows streams through.
 */
public final class TableRows {

    /** Rows fetched from PostgreSQL at once. */
    static final int FETCH = 500;

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final JsonFactory FACTORY = JSON.getFactory();

    private TableRows() {}

    /** Queries by table, from {@code table, sql, table, sql, ...}, in that order. */
    public static SequencedMap<String, String> queries(String... tableThenSql) {
        if (tableThenSql.length % 2 != 0) {
            throw new IllegalArgumentException("a table without its query");
        }
        var queries = new LinkedHashMap<String, String>();
        for (int i = 0; i < tableThenSql.length; i += 2) {
            queries.put(tableThenSql[i], tableThenSql[i + 1]);
        }
        return queries;
    }

    /**
     * Writes the rows of {@code sql} (its {@code ?} bound to {@code parameters} in order) to {@code out}.
     *
     * @return the number of rows
     */
    public static long write(Connection snapshot, String sql, OutputStream out, Object... parameters)
            throws IOException, SQLException {
        try (var select = snapshot.prepareStatement(sql)) {
            select.setFetchSize(FETCH);
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (var rows = select.executeQuery();
                    var json = FACTORY.createGenerator(new FilterOutputStream(out) {
                        @Override
                        public void write(byte[] b, int off, int len) throws IOException {
                            out.write(b, off, len);
                        }

                        @Override
                        public void close() throws IOException {
                            flush(); // the file stays open for the caller
                        }
                    })) {
                json.setRootValueSeparator(null);
                var meta = rows.getMetaData();
                long count = 0;
                while (rows.next()) {
                    row(rows, meta, json);
                    json.writeRaw('\n');
                    count++;
                }
                return count;
            }
        }
    }

    /**
     * Writes the rows of {@code sql} as the file {@code TABLE.jsonl} of a part's folder.
     *
     * @return the number of rows
     */
    public static long jsonl(ArchiveFolder out, String table, Connection snapshot, String sql, Object... parameters)
            throws IOException, SQLException {
        var count = new long[1];
        out.file(table + ".jsonl", body -> count[0] = write(snapshot, sql, body, parameters));
        return count[0];
    }

    /**
     * Writes each table's rows of the CIRT as {@code TABLE.jsonl}, in the order given.
     *
     * @param queries by table, a select whose every {@code ?} is the CIRT
     * @return the rows written, by table
     */
    public static Map<String, Long> jsonl(
            ArchiveFolder out, Connection snapshot, SequencedMap<String, String> queries, String tenant)
            throws IOException, SQLException {
        var counts = new LinkedHashMap<String, Long>();
        for (var query : queries.entrySet()) {
            var parameters = new Object
                    [(int) query.getValue().chars().filter(c -> c == '?').count()];
            Arrays.fill(parameters, tenant);
            counts.put(query.getKey(), jsonl(out, query.getKey(), snapshot, query.getValue(), parameters));
        }
        return counts;
    }

    private static void row(ResultSet rows, ResultSetMetaData meta, JsonGenerator json)
            throws IOException, SQLException {
        json.writeStartObject();
        for (int column = 1; column <= meta.getColumnCount(); column++) {
            json.writeFieldName(meta.getColumnLabel(column));
            value(rows, meta, column, json);
        }
        json.writeEndObject();
    }

    private static void value(ResultSet rows, ResultSetMetaData meta, int column, JsonGenerator json)
            throws IOException, SQLException {
        var type = meta.getColumnTypeName(column);
        if (rows.getObject(column) == null) {
            json.writeNull();
            return;
        }
        switch (meta.getColumnType(column)) {
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT -> json.writeNumber(rows.getLong(column));
            case Types.NUMERIC, Types.DECIMAL, Types.DOUBLE, Types.REAL -> json.writeNumber(rows.getBigDecimal(column));
            case Types.BOOLEAN, Types.BIT -> json.writeBoolean(rows.getBoolean(column));
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY ->
                json.writeString(Base64.getEncoder().encodeToString(rows.getBytes(column)));
            case Types.ARRAY -> {
                json.writeStartArray();
                try (var elements = rows.getArray(column).getResultSet()) {
                    while (elements.next()) {
                        json.writeObject(elements.getObject(2));
                    }
                }
                json.writeEndArray();
            }
            default -> {
                if (type.equals("jsonb") || type.equals("json")) {
                    json.writeTree(JSON.readTree(rows.getString(column)));
                } else if (type.equals("timestamptz")) {
                    json.writeString(rows.getObject(column, OffsetDateTime.class)
                            .toInstant()
                            .toString());
                } else {
                    json.writeString(rows.getString(column));
                }
            }
        }
    }
}
