package org.opencirt.common.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.postgresql.PGConnection;

/**
 * {@code bin/opencirt backup} and {@code restore}, the PostgreSQL part: every table's rows copied out in one
 * read-only snapshot, and copied back into a database whose schema the service's own migrations build.
 *
 * <p>Why not {@code pg_dump}: the local stack's PostgreSQL bundle has no client programs, and a {@code pg_dump}
 * older than the server refuses to dump it (Debian 12 ships the 15 client, the stack runs 17); see ADR 33. The
 * rows of every table are written with {@code COPY ... TO STDOUT (FORMAT binary)}, all inside one {@code REPEATABLE
 * READ, READ ONLY} transaction: one snapshot, so a backup taken while the service writes is consistent (an incident
 * is there with its observables and timeline, or not at all). The schema is not copied: it is the migrations'
 * ({@code db/migration} in this jar) up to the version the backup records, so restore needs a jar that has that
 * migration, and the service migrates further at its next start as after any upgrade.
 *
 * <p>Restore creates the database (refusing one that has tables unless forced), migrates it to the recorded
 * version as its owner, then, as a superuser with {@code session_replication_role = replica} (no triggers, no
 * foreign-key checks while rows come back in any order), empties what the migrations seeded, copies every table
 * back and sets the sequences, in one transaction: a failure leaves no half-restored rows.
 *
 * <p>Settings from the environment: {@code OPENCIRT_DB_URL}, {@code OPENCIRT_DB_USER}, {@code
 * OPENCIRT_DB_PASSWORD} (the database and its owner), and for restore {@code OPENCIRT_DB_ADMIN_USER}, {@code
 * OPENCIRT_DB_ADMIN_PASSWORD} (a superuser; on the local stack {@code postgres} without a password). Messages name
 * tables and versions, never a row's content or a password.
 */
public final class DatabaseBackup {

    /** The description of a dump, beside the tables' files. */
    public static final String DESCRIPTION = "database.json";

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String HISTORY = "flyway_schema_history";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private DatabaseBackup() {}

    /** What {@link #dump} wrote: the schema version, the server, each table with its columns and rows. */
    public record Description(
            String schemaVersion, String serverVersion, List<Table> tables, List<Sequence> sequences) {}

    /** One table: its columns in the order of its file, and how many rows the file holds. */
    public record Table(String name, List<String> columns, long rows, String file) {}

    /** One sequence, its last value and whether that value was handed out ({@code setval}'s third argument). */
    public record Sequence(String name, long lastValue, boolean called) {}

    /** A dump or restore that stopped; the message names the table or the setting, never data. */
    public static final class BackupFailed extends Exception {

        private static final long serialVersionUID = 1L;

        BackupFailed(String message) {
            super(message);
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /**
     * {@code dump DIR} or {@code restore DIR [--force]}.
     *
     * @return 0 when done, 1 when it failed, 2 for wrong arguments or settings
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.length < 2
                || !List.of("dump", "restore").contains(args[0])
                || (args.length > 2 && !(args[0].equals("restore") && args.length == 3 && args[2].equals("--force")))) {
            err.println("database backup: usage: dump DIR | restore DIR [--force]");
            return 2;
        }
        var url = env.get("OPENCIRT_DB_URL");
        if (url == null || url.isBlank()) {
            err.println("database backup: OPENCIRT_DB_URL is not set");
            return 2;
        }
        var dir = Path.of(args[1]);
        try {
            if (args[0].equals("dump")) {
                var description = dump(url, env.get("OPENCIRT_DB_USER"), env.get("OPENCIRT_DB_PASSWORD"), dir);
                out.printf(
                        "opencirt: database: %d tables, %d rows, schema version %s%n",
                        description.tables().size(),
                        description.tables().stream().mapToLong(Table::rows).sum(),
                        description.schemaVersion());
            } else {
                var description = restore(
                        url,
                        env.get("OPENCIRT_DB_USER"),
                        env.get("OPENCIRT_DB_PASSWORD"),
                        env.getOrDefault("OPENCIRT_DB_ADMIN_USER", "postgres"),
                        env.getOrDefault("OPENCIRT_DB_ADMIN_PASSWORD", ""),
                        dir,
                        args.length == 3);
                out.printf(
                        "opencirt: database: restored %d tables at schema version %s%n",
                        description.tables().size(), description.schemaVersion());
            }
            return 0;
        } catch (BackupFailed e) {
            err.println("opencirt: error: database: " + e.getMessage());
            return 1;
        } catch (SQLException e) {
            err.printf("opencirt: error: database: %s (SQL state %s)%n", firstLine(e.getMessage()), e.getSQLState());
            return 1;
        } catch (IOException e) {
            err.println("opencirt: error: database: could not read or write the backup files: " + e.getMessage());
            return 1;
        } catch (FlywayException e) {
            err.println("opencirt: error: database: migrating the new database failed: " + firstLine(e.getMessage()));
            return 1;
        }
    }

    /** Copies every table of the database at {@code url} into {@code dir}, in one snapshot, and describes them. */
    public static Description dump(String url, String user, String password, Path dir)
            throws SQLException, IOException, BackupFailed {
        Files.createDirectories(dir);
        try (var connection = DriverManager.getConnection(url, user, password)) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            try {
                var schemaVersion = schemaVersion(connection);
                var copy = connection.unwrap(PGConnection.class).getCopyAPI();
                var tables = new ArrayList<Table>();
                for (var name : tableNames(connection)) {
                    var columns = columns(connection, name);
                    var file = name + ".copy";
                    long rows;
                    try (var target = new BufferedOutputStream(Files.newOutputStream(dir.resolve(file)))) {
                        rows = copy.copyOut(
                                "copy %s (%s) to stdout (format binary)".formatted(quoted(name), quotedList(columns)),
                                target);
                    }
                    tables.add(new Table(name, columns, rows, file));
                }
                var description =
                        new Description(schemaVersion, serverVersion(connection), tables, sequences(connection));
                JSON.writeValue(dir.resolve(DESCRIPTION).toFile(), description);
                return description;
            } finally {
                connection.rollback();
            }
        }
    }

    /**
     * Creates the database of {@code url}, migrates it to the dump's schema version and copies the dump's rows
     * back, in one transaction.
     *
     * @param force drop and recreate a database that already has tables (else refused)
     */
    public static Description restore(
            String url, String user, String password, String adminUser, String adminPassword, Path dir, boolean force)
            throws SQLException, IOException, BackupFailed {
        var descriptionFile = dir.resolve(DESCRIPTION);
        if (!Files.isRegularFile(descriptionFile)) {
            throw new BackupFailed("no %s in %s: not a database backup".formatted(DESCRIPTION, dir));
        }
        var description = JSON.readValue(descriptionFile.toFile(), Description.class);
        var database = databaseName(url);
        createDatabase(url, database, user, adminUser, adminPassword, force);
        try {
            Flyway.configure(DatabaseBackup.class.getClassLoader())
                    .dataSource(url, user, password)
                    .locations("classpath:db/migration")
                    .target(description.schemaVersion())
                    .load()
                    .migrate();
            try (var connection = DriverManager.getConnection(url, adminUser, adminPassword)) {
                connection.setAutoCommit(false);
                try {
                    load(connection, description, dir);
                    connection.commit();
                } catch (SQLException | IOException | BackupFailed | RuntimeException e) {
                    connection.rollback();
                    throw e;
                }
            }
        } catch (SQLException | IOException | BackupFailed | RuntimeException e) {
            // nothing half-restored: the database this restore created goes again
            dropDatabase(url, database, adminUser, adminPassword);
            throw e;
        }
        return description;
    }

    private static void dropDatabase(String url, String database, String adminUser, String adminPassword)
            throws SQLException {
        try (var admin = DriverManager.getConnection(adminUrl(url, database), adminUser, adminPassword);
                var statement = admin.createStatement()) {
            statement.execute("drop database if exists %s with (force)".formatted(quoted(database)));
        }
    }

    private static String adminUrl(String url, String database) {
        return url.replaceFirst("/" + Pattern.quote(database) + "(?=$|\\?)", "/postgres");
    }

    private static void load(Connection connection, Description description, Path dir)
            throws SQLException, IOException, BackupFailed {
        var present = tableNames(connection);
        var missing = description.tables().stream()
                .map(Table::name)
                .filter(name -> !present.contains(name))
                .toList();
        if (!missing.isEmpty()) {
            throw new BackupFailed("the migrations to version %s do not create the table(s) %s of the backup"
                    .formatted(description.schemaVersion(), missing));
        }
        try (var statement = connection.createStatement()) {
            statement.execute("set local session_replication_role = replica");
            if (!present.isEmpty()) {
                // rows the migrations seeded come back from the backup as they were
                statement.execute("truncate "
                        + String.join(
                                ", ",
                                present.stream().map(DatabaseBackup::quoted).toList()));
            }
        }
        var copy = connection.unwrap(PGConnection.class).getCopyAPI();
        for (var table : description.tables()) {
            var file = dir.resolve(table.file()).normalize();
            if (!file.startsWith(dir.normalize()) || !Files.isRegularFile(file)) {
                throw new BackupFailed("the file of table %s is missing".formatted(table.name()));
            }
            long rows;
            try (var source = new BufferedInputStream(Files.newInputStream(file))) {
                rows = copy.copyIn(
                        "copy %s (%s) from stdin (format binary)"
                                .formatted(quoted(table.name()), quotedList(table.columns())),
                        source);
            }
            if (rows != table.rows()) {
                throw new BackupFailed(
                        "table %s: %d rows in the backup, %d expected".formatted(table.name(), rows, table.rows()));
            }
        }
        try (var setval = connection.prepareStatement("select setval(?::regclass, ?, ?)")) {
            for (var sequence : description.sequences()) {
                setval.setString(1, quoted(sequence.name()));
                setval.setLong(2, sequence.lastValue());
                setval.setBoolean(3, sequence.called());
                setval.execute();
            }
        }
    }

    private static void createDatabase(
            String url, String database, String owner, String adminUser, String adminPassword, boolean force)
            throws SQLException, BackupFailed {
        try (var admin = DriverManager.getConnection(adminUrl(url, database), adminUser, adminPassword)) {
            boolean exists;
            try (var query = admin.prepareStatement("select 1 from pg_database where datname = ?")) {
                query.setString(1, database);
                try (var rows = query.executeQuery()) {
                    exists = rows.next();
                }
            }
            if (exists) {
                int tables;
                try (var target = DriverManager.getConnection(url, adminUser, adminPassword);
                        var rows = target.createStatement()
                                .executeQuery("select count(*) from pg_tables where schemaname = 'public'")) {
                    rows.next();
                    tables = rows.getInt(1);
                }
                if (tables == 0) {
                    return;
                }
                if (!force) {
                    throw new BackupFailed(("the database %s exists and has %d tables: restore only into an empty or"
                                    + " missing database, or add --force to replace it")
                            .formatted(database, tables));
                }
                try (var statement = admin.createStatement()) {
                    statement.execute("drop database %s with (force)".formatted(quoted(database)));
                }
            }
            try (var statement = admin.createStatement()) {
                statement.execute("create database %s owner %s".formatted(quoted(database), quoted(owner)));
            }
        }
    }

    private static String databaseName(String url) throws BackupFailed {
        var path = url.replaceFirst("\\?.*$", "");
        var name = path.substring(path.lastIndexOf('/') + 1);
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new BackupFailed("OPENCIRT_DB_URL must end in a plain database name (letters, digits, _)");
        }
        return name;
    }

    private static String schemaVersion(Connection connection) throws SQLException, BackupFailed {
        try (var rows = connection
                .createStatement()
                .executeQuery("select version from " + HISTORY
                        + " where success and version is not null order by installed_rank desc limit 1")) {
            if (!rows.next()) {
                throw new BackupFailed("the database has no migrated schema");
            }
            return rows.getString(1);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                throw new BackupFailed("the database has no migrated schema (no " + HISTORY + ")");
            }
            throw e;
        }
    }

    private static String serverVersion(Connection connection) throws SQLException {
        try (var rows = connection.createStatement().executeQuery("show server_version")) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static List<String> tableNames(Connection connection) throws SQLException {
        var names = new ArrayList<String>();
        try (var rows = connection
                .createStatement()
                .executeQuery("select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                        + " where n.nspname = current_schema() and c.relkind in ('r', 'p') and not c.relispartition"
                        + " and c.relname <> '" + HISTORY + "' order by c.relname")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static List<String> columns(Connection connection, String table) throws SQLException {
        var columns = new ArrayList<String>();
        try (var query = connection.prepareStatement("select attname from pg_attribute where attrelid = ?::regclass"
                + " and attnum > 0 and not attisdropped and attgenerated = '' order by attnum")) {
            query.setString(1, quoted(table));
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    columns.add(rows.getString(1));
                }
            }
        }
        return columns;
    }

    private static List<Sequence> sequences(Connection connection) throws SQLException {
        var names = new ArrayList<String>();
        try (var rows = connection
                .createStatement()
                .executeQuery("select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                        + " where n.nspname = current_schema() and c.relkind = 'S' order by c.relname")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        var sequences = new ArrayList<Sequence>();
        for (var name : names) {
            try (var rows =
                    connection.createStatement().executeQuery("select last_value, is_called from " + quoted(name))) {
                rows.next();
                sequences.add(new Sequence(name, rows.getLong(1), rows.getBoolean(2)));
            }
        }
        return sequences;
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static String quotedList(List<String> identifiers) {
        return String.join(
                ", ", identifiers.stream().map(DatabaseBackup::quoted).toList());
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
