package org.opencirt.common.archive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.opencirt.common.crypto.DataKeys;

/**
 * Rows of a query as JSON lines: one object a row, keyed by column name, in the order of the
 * select. Times are ISO-8601 instants in UTC, {@code bytea} is Base64, {@code json}/{@code jsonb}
 * is embedded as JSON, arrays are JSON arrays, numbers and booleans are themselves, the rest is
 * text. Read with a cursor: any number of rows streams through. The import reads them back by the
 * same rule ({@link #insert}), in batches.
 */
public final class TableRows {

    /** Rows fetched from PostgreSQL at once. */
    static final int FETCH = 500;

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final JsonFactory FACTORY = JSON.getFactory();

    /** Rows sent to PostgreSQL at once by the import. */
    static final int BATCH = 500;

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

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
     * Opens a value sealed under the CIRT's data key ({@code DataKeys}), given its column as
     * {@code table.column}: an archive holds plaintext.
     */
    @FunctionalInterface
    public interface Opener {
        String open(String column, String value);
    }

    /**
     * Writes the rows of {@code sql} (its {@code ?} bound to {@code parameters} in order) to {@code out}.
     *
     * @return the number of rows
     */
    public static long write(Connection snapshot, String sql, OutputStream out, Object... parameters)
            throws IOException, SQLException {
        return write(snapshot, sql, out, null, null, parameters);
    }

    /**
     * Writes the rows of {@code sql} of {@code table} to {@code out}, with every sealed text (a column, or a
     * JSON string) opened by {@code opener} (null: written as stored).
     *
     * @return the number of rows
     */
    static long write(
            Connection snapshot, String sql, OutputStream out, String table, Opener opener, Object... parameters)
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
                    row(rows, meta, json, table, opener);
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
        return jsonl(out, table, snapshot, sql, null, parameters);
    }

    private static long jsonl(
            ArchiveFolder out, String table, Connection snapshot, String sql, Opener opener, Object... parameters)
            throws IOException, SQLException {
        var count = new long[1];
        out.file(table + ".jsonl", body -> count[0] = write(snapshot, sql, body, table, opener, parameters));
        return count[0];
    }

    /**
     * Writes each table's rows of the CIRT as {@code TABLE.jsonl}, in the order given.
     *
     * @param queries by table, a select whose every {@code ?} is the CIRT
     * @param opener opens the sealed texts, or null where the tables hold none
     * @return the rows written, by table
     */
    public static Map<String, Long> jsonl(
            ArchiveFolder out, Connection snapshot, SequencedMap<String, String> queries, String tenant, Opener opener)
            throws IOException, SQLException {
        var counts = new LinkedHashMap<String, Long>();
        for (var query : queries.entrySet()) {
            var parameters = new Object
                    [(int) query.getValue().chars().filter(c -> c == '?').count()];
            Arrays.fill(parameters, tenant);
            counts.put(query.getKey(), jsonl(out, query.getKey(), snapshot, query.getValue(), opener, parameters));
        }
        return counts;
    }

    /**
     * Stores the rows of {@code TABLE.jsonl} of a part's folder into the table, through the import's
     * transaction. Every row has the fields of the first, each a column of the table; every column that
     * names a CIRT ({@code tenant}, {@code owner}, or a foreign key to the CIRTs) names {@code tenant},
     * or is null where the column allows it.
     *
     * @param prepare the row as stored (the part may add the columns it wrote as files), or null for a row
     *     that is not stored and stays in the archive as the record
     * @return the number of rows stored
     * @throws ArchiveRefused naming the file, the row and what is wrong, never a value of it
     */
    public static long insert(
            Connection transaction, ArchiveSource in, String table, String tenant, UnaryOperator<ObjectNode> prepare)
            throws IOException, SQLException {
        var name = table + ".jsonl";
        var path = in.path(name);
        if (!in.has(name)) {
            throw new ArchiveRefused(path + " is missing");
        }
        var columns = columns(transaction, table);
        var cirtColumns = cirtColumns(transaction, table);
        List<String> fields = null;
        PreparedStatement insert = null;
        long row = 0;
        long stored = 0;
        try (var body = in.open(name);
                var values = JSON.readerFor(JsonNode.class).<JsonNode>readValues(body)) {
            while (hasNext(values, path, row + 1)) {
                row++;
                var line = prepare.apply(readRow(values, path, row));
                if (line == null) {
                    continue;
                }
                columns.forEach((column, kind) -> {
                    if (kind.generated()) {
                        line.remove(column);
                    }
                });
                if (fields == null) {
                    fields = new ArrayList<>();
                    line.fieldNames().forEachRemaining(fields::add);
                    for (var field : fields) {
                        if (!columns.containsKey(field)) {
                            throw new ArchiveRefused(
                                    "%s row %d has a field that is not a column of %s".formatted(path, row, table));
                        }
                    }
                    insert = transaction.prepareStatement(insertSql(table, fields, columns));
                } else if (!sameFields(line, fields)) {
                    throw new ArchiveRefused("%s row %d has other fields than the rows before it".formatted(path, row));
                }
                for (var column : cirtColumns) {
                    var value = line.get(column);
                    var allowedNull =
                            columns.get(column).nullable() && !column.equals("tenant") && !column.equals("owner");
                    if (value == null || value.isNull()
                            ? !allowedNull
                            : !value.asText().equals(tenant)) {
                        throw new ArchiveRefused(
                                "%s row %d: %s names another CIRT than the archive's".formatted(path, row, column));
                    }
                }
                bind(transaction, insert, line, fields, columns, path, row);
                insert.addBatch();
                stored++;
                if (stored % BATCH == 0) {
                    execute(insert, path);
                }
            }
            if (insert != null) {
                execute(insert, path);
                advanceSequences(transaction, table, fields, columns);
            }
        } finally {
            if (insert != null) {
                insert.close();
            }
        }
        return stored;
    }

    /**
     * Deletes the CIRT's rows of a table: those whose {@code tenant} (or, where it has none, {@code owner})
     * is the CIRT.
     *
     * @return the number of rows deleted
     */
    public static long delete(Connection transaction, String table, String tenant) throws SQLException {
        var columns = columns(transaction, table);
        var column = columns.containsKey("tenant") ? "tenant" : "owner";
        if (!columns.containsKey(column)) {
            throw new IllegalArgumentException(table + " has no CIRT column");
        }
        try (var delete = transaction.prepareStatement("delete from " + name(table) + " where " + column + " = ?")) {
            delete.setString(1, tenant);
            return delete.executeLargeUpdate();
        }
    }

    /** The ids a select whose one {@code ?} is the CIRT answers (the records whose search documents follow a change). */
    public static List<UUID> ids(Connection connection, String sql, String tenant) throws SQLException {
        try (var select = connection.prepareStatement(sql)) {
            select.setFetchSize(FETCH);
            select.setString(1, tenant);
            try (var rows = select.executeQuery()) {
                var ids = new ArrayList<UUID>();
                while (rows.next()) {
                    ids.add(rows.getObject(1, UUID.class));
                }
                return ids;
            }
        }
    }

    /**
     * A column's type (PostgreSQL's {@code udt_name}: {@code int8}, {@code _uuid}), whether it takes null,
     * and whether PostgreSQL computes it (a generated column: the import leaves it to PostgreSQL).
     */
    record Column(String type, boolean nullable, boolean generated) {}

    /** The table's columns, by name. */
    static Map<String, Column> columns(Connection connection, String table) throws SQLException {
        try (var select = connection.prepareStatement("""
                select column_name, udt_name, is_nullable = 'YES', is_generated = 'ALWAYS' from information_schema.columns
                 where table_schema = current_schema() and table_name = ? order by ordinal_position""")) {
            select.setString(1, table);
            try (var rows = select.executeQuery()) {
                var columns = new LinkedHashMap<String, Column>();
                while (rows.next()) {
                    columns.put(
                            rows.getString(1), new Column(rows.getString(2), rows.getBoolean(3), rows.getBoolean(4)));
                }
                if (columns.isEmpty()) {
                    throw new IllegalArgumentException("no table " + table);
                }
                return columns;
            }
        }
    }

    /** The table's columns that name a CIRT: {@code tenant}, {@code owner}, and every foreign key to the CIRTs. */
    static Set<String> cirtColumns(Connection connection, String table) throws SQLException {
        var names = new HashSet<String>();
        if (table.equals("tenant")) {
            names.add("id");
        }
        var columns = columns(connection, table);
        for (var column : List.of("tenant", "owner")) {
            if (columns.containsKey(column)) {
                names.add(column);
            }
        }
        try (var select = connection.prepareStatement("""
                select a.attname from pg_constraint c
                  join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any (c.conkey)
                 where c.contype = 'f' and c.conrelid = to_regclass(?) and c.confrelid = to_regclass('tenant')""")) {
            select.setString(1, name(table));
            try (var rows = select.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        }
        return names;
    }

    private static boolean hasNext(MappingIterator<JsonNode> values, String path, long row) {
        try {
            return values.hasNextValue();
        } catch (IOException | RuntimeException e) {
            throw new ArchiveRefused("%s row %d is not JSON".formatted(path, row));
        }
    }

    private static ObjectNode readRow(MappingIterator<JsonNode> values, String path, long row) {
        JsonNode line;
        try {
            line = values.next();
        } catch (RuntimeException e) {
            throw new ArchiveRefused("%s row %d is not JSON".formatted(path, row));
        }
        if (line == null || !line.isObject()) {
            throw new ArchiveRefused("%s row %d is not a JSON object".formatted(path, row));
        }
        return (ObjectNode) line;
    }

    private static boolean sameFields(JsonNode line, List<String> fields) {
        if (line.size() != fields.size()) {
            return false;
        }
        for (var field : fields) {
            if (!line.has(field)) {
                return false;
            }
        }
        return true;
    }

    private static String insertSql(String table, List<String> fields, Map<String, Column> columns) {
        var names = new StringBuilder();
        var values = new StringBuilder();
        for (var field : fields) {
            var type = columns.get(field).type();
            names.append(names.isEmpty() ? "" : ", ").append(name(field));
            values.append(values.isEmpty() ? "" : ", ")
                    .append(type.equals("bytea") || type.startsWith("_") ? "?" : "?::" + name(type));
        }
        return "insert into %s (%s) values (%s)".formatted(name(table), names, values);
    }

    private static void bind(
            Connection transaction,
            PreparedStatement insert,
            JsonNode line,
            List<String> fields,
            Map<String, Column> columns,
            String path,
            long row)
            throws SQLException {
        for (int i = 0; i < fields.size(); i++) {
            var field = fields.get(i);
            var value = line.get(field);
            var type = columns.get(field).type();
            var index = i + 1;
            if (value.isNull()) {
                insert.setNull(
                        index,
                        type.equals("bytea") ? Types.BINARY : type.startsWith("_") ? Types.ARRAY : Types.VARCHAR);
            } else if (type.equals("bytea") && value.isBinary()) {
                try {
                    insert.setBytes(index, value.binaryValue());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            } else if (type.equals("bytea")) {
                try {
                    insert.setBytes(index, Base64.getDecoder().decode(value.asText()));
                } catch (IllegalArgumentException e) {
                    throw new ArchiveRefused("%s row %d: %s is not Base64".formatted(path, row, field));
                }
            } else if (type.startsWith("_")) {
                if (!value.isArray()) {
                    throw new ArchiveRefused("%s row %d: %s is not an array".formatted(path, row, field));
                }
                var elements = new Object[value.size()];
                for (int e = 0; e < elements.length; e++) {
                    elements[e] = value.get(e).isNull() ? null : value.get(e).asText();
                }
                insert.setArray(index, transaction.createArrayOf(type.substring(1), elements));
            } else {
                var json = type.equals("jsonb") || type.equals("json");
                insert.setString(index, json || value.isContainerNode() ? value.toString() : value.asText());
            }
        }
    }

    /**
     * Sends a batch of the import's inserts.
     *
     * @throws ArchiveRefused naming the file when a row's key is taken, it refers to a row that is not
     *     there, or a value does not fit its column
     */
    public static void execute(PreparedStatement insert, String path) throws SQLException {
        try {
            insert.executeBatch();
        } catch (SQLException e) {
            var cause = e instanceof BatchUpdateException && e.getNextException() != null ? e.getNextException() : e;
            var state = cause.getSQLState() == null ? "" : cause.getSQLState();
            if (state.equals("23505")) {
                throw new ArchiveRefused(path + ": a row's key is already taken in this installation");
            }
            if (state.equals("23503")) {
                throw new ArchiveRefused(path + ": a row refers to a row that is not in the archive");
            }
            if (state.startsWith("23") || state.startsWith("22")) {
                throw new ArchiveRefused(path + ": a row has a value its column does not take");
            }
            throw e;
        }
    }

    /**
     * Moves the sequence of every serial column the rows gave values to past the highest of them, so
     * that the next row this installation adds does not take an imported row's key.
     */
    private static void advanceSequences(
            Connection transaction, String table, List<String> fields, Map<String, Column> columns)
            throws SQLException {
        for (var field : fields) {
            if (!columns.get(field).type().matches("int[248]")) {
                continue;
            }
            try (var advance = transaction.prepareStatement("""
                    select setval(s, greatest(nextval(s), (select max(%s) from %s)))
                      from pg_get_serial_sequence(?, ?) s where s is not null""".formatted(name(field), name(table)))) {
                advance.setString(1, name(table));
                advance.setString(2, field);
                advance.executeQuery().close();
            }
        }
    }

    /** A table, column or type name from this code or the catalog, checked before it goes into SQL. */
    private static String name(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain SQL name");
        }
        return name;
    }

    private static void row(ResultSet rows, ResultSetMetaData meta, JsonGenerator json, String table, Opener opener)
            throws IOException, SQLException {
        json.writeStartObject();
        for (int column = 1; column <= meta.getColumnCount(); column++) {
            var name = meta.getColumnLabel(column);
            json.writeFieldName(name);
            value(rows, meta, column, json, opener == null ? null : text -> opener.open(table + "." + name, text));
        }
        json.writeEndObject();
    }

    private static void value(
            ResultSet rows, ResultSetMetaData meta, int column, JsonGenerator json, UnaryOperator<String> open)
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
                    var tree = JSON.readTree(rows.getString(column));
                    if (open != null && tree.isTextual() && DataKeys.isSealed(tree.asText())) {
                        tree = JSON.readTree(open.apply(tree.asText()));
                    }
                    json.writeTree(tree);
                } else if (type.equals("timestamptz")) {
                    json.writeString(rows.getObject(column, OffsetDateTime.class)
                            .toInstant()
                            .toString());
                } else {
                    var text = rows.getString(column);
                    json.writeString(open != null && DataKeys.isSealed(text) ? open.apply(text) : text);
                }
            }
        }
    }
}
