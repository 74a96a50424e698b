package org.opencirt.incident.service;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.opencirt.common.crypto.DataKeys;

/**
 * Seals the incident rows stored before sealing (V33, ADR 40) under their CIRT's data key, so that
 * offboarding shreds them too: at every start, in the background, a page of rows per transaction until
 * none is left (a start with nothing left costs one query per table). Each row is written only if it
 * still holds what was read (a change meanwhile seals it anyway), so replicas that start together do no
 * harm. The rows keep their versions and times: sealing changes how a value is stored, not the value.
 */
@ApplicationScoped
public class LegacySealing {

    private static final Logger LOG = Logger.getLogger(LegacySealing.class);
    private static final int PAGE = 500;
    /** Every CIRT's rows, or one CIRT's: the condition each page's select ends with; its parameter is the CIRT, or null. */
    private static final String OF_TENANT = " and tenant = coalesce(?, tenant)";

    /** The tables whose rows hold only sealed text columns (an attachment's bytes are sealed apart). */
    private static final List<String> TEXT_TABLES = List.of("incident", "incident_comment", "incident_task");

    private final DataSource database;
    private final DataKeys keys;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("legacy-sealing").factory());

    LegacySealing(DataSource database, DataKeys keys) {
        this.database = database;
        this.keys = keys;
    }

    void onStart(@Observes StartupEvent event) {
        worker.execute(() -> {
            try {
                var sealed = run(null);
                if (sealed.values().stream().mapToLong(Long::longValue).sum() > 0) {
                    LOG.infof("sealed the rows stored before sealing: %s", sealed);
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "sealing the rows stored before sealing stopped; the next start goes on");
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
    }

    /**
     * Seals every row stored before sealing.
     *
     * @param tenant only this CIRT's rows, or null for every CIRT's
     * @return the rows sealed, by table
     */
    public Map<String, Long> run(String tenant) {
        var sealed = new LinkedHashMap<String, Long>();
        for (var table : TEXT_TABLES) {
            sealed.put(table, pages(connection -> texts(connection, table, tenant)));
        }
        sealed.put("timeline_entry", pages(connection -> timeline(connection, tenant)));
        sealed.put("attachment", pages(connection -> attachments(connection, tenant)));
        return sealed;
    }

    /** A page at a time, each in its own transaction, until a page finds nothing to seal. */
    private long pages(Page page) {
        long total = 0;
        int done;
        do {
            done = QuarkusTransaction.requiringNew().call(() -> {
                try (var connection = database.getConnection()) {
                    return page.seal(connection);
                }
            });
            total += done;
        } while (done > 0 && !Thread.currentThread().isInterrupted());
        return total;
    }

    @FunctionalInterface
    private interface Page {
        int seal(Connection connection) throws SQLException;
    }

    /** A page of a table's rows with a text column stored before sealing, sealed. */
    private int texts(Connection connection, String table, String onlyTenant) throws SQLException {
        var names = SealedText.COLUMNS.get(table);
        var columns = String.join(", ", names);
        var legacy = String.join(
                " or ", names.stream().map(c -> c + " not like 'ocs1:%'").toList());
        var rows = new ArrayList<Object[]>();
        try (var select = connection.prepareStatement("select id, tenant, %s from %s where (%s)%s limit %d"
                .formatted(columns, table, legacy, OF_TENANT, PAGE))) {
            select.setString(1, onlyTenant);
            try (var result = select.executeQuery()) {
                while (result.next()) {
                    var row = new Object[names.size() + 2];
                    for (int i = 0; i < row.length; i++) {
                        row[i] = result.getObject(i + 1);
                    }
                    rows.add(row);
                }
            }
        }
        var set = String.join(", ", names.stream().map(c -> c + " = ?").toList());
        var same = String.join(
                " and ", names.stream().map(c -> c + " is not distinct from ?").toList());
        int sealed = 0;
        try (var update =
                connection.prepareStatement("update %s set %s where id = ? and %s".formatted(table, set, same))) {
            for (var row : rows) {
                var tenant = (String) row[1];
                int n = names.size();
                for (int i = 0; i < n; i++) {
                    var stored = (String) row[i + 2];
                    var column = table + "." + names.get(i);
                    update.setString(i + 1, DataKeys.isSealed(stored) ? stored : keys.seal(tenant, column, stored));
                    update.setString(n + 2 + i, stored);
                }
                update.setObject(n + 1, row[0]);
                sealed += update.executeUpdate();
            }
        }
        return rows.isEmpty() ? 0 : Math.max(sealed, 1);
    }

    /** Timeline values but for changes of state (ADR 40); the timeline is append-only but for retention (V29). */
    private int timeline(Connection connection, String onlyTenant) throws SQLException {
        var rows = new ArrayList<Object[]>();
        try (var select = connection.prepareStatement("""
                select id, tenant, cast(before as text), cast(after as text) from timeline_entry
                 where field is distinct from 'state'
                   and ((before is not null and not (jsonb_typeof(before) = 'string' and before #>> '{}' like 'ocs1:%%'))
                     or (after is not null and not (jsonb_typeof(after) = 'string' and after #>> '{}' like 'ocs1:%%')))%s
                 limit %d""".formatted(OF_TENANT, PAGE))) {
            select.setString(1, onlyTenant);
            try (var result = select.executeQuery()) {
                while (result.next()) {
                    rows.add(new Object[] {
                        result.getLong(1), result.getString(2), result.getString(3), result.getString(4)
                    });
                }
            }
        }
        if (rows.isEmpty()) {
            return 0;
        }
        try (var allow = connection.prepareStatement("select set_config('opencirt.retention', 'on', true)")) {
            allow.execute();
        }
        try (var update = connection.prepareStatement("""
                update timeline_entry set before = cast(? as jsonb), after = cast(? as jsonb)
                 where id = ? and before is not distinct from cast(? as jsonb) and after is not distinct from cast(? as jsonb)""")) {
            for (var row : rows) {
                var tenant = (String) row[1];
                update.setString(1, sealedJson(tenant, "timeline_entry.before", (String) row[2]));
                update.setString(2, sealedJson(tenant, "timeline_entry.after", (String) row[3]));
                update.setLong(3, (Long) row[0]);
                update.setString(4, (String) row[2]);
                update.setString(5, (String) row[3]);
                update.executeUpdate();
            }
        }
        return rows.size();
    }

    private String sealedJson(String tenant, String column, String json) {
        if (json == null || (json.startsWith("\"" + DataKeys.PREFIX) && json.endsWith("\""))) {
            return json;
        }
        return "\"" + keys.seal(tenant, column, json) + "\"";
    }

    private int attachments(Connection connection, String onlyTenant) throws SQLException {
        int sealed = 0;
        var ids = new ArrayList<Object[]>();
        try (var select = connection.prepareStatement(
                "select id, tenant from attachment where not sealed" + OF_TENANT + " limit " + PAGE)) {
            select.setString(1, onlyTenant);
            try (var result = select.executeQuery()) {
                while (result.next()) {
                    ids.add(new Object[] {result.getObject(1), result.getString(2)});
                }
            }
        }
        try (var read = connection.prepareStatement(
                        "select filename, content from attachment where id = ? and not sealed for update");
                var update = connection.prepareStatement(
                        "update attachment set filename = ?, content = ?, sealed = true where id = ?")) {
            for (var id : ids) {
                var tenant = (String) id[1];
                read.setObject(1, id[0]);
                try (var result = read.executeQuery()) {
                    if (!result.next()) {
                        continue;
                    }
                    var filename = result.getString(1);
                    update.setString(
                            1,
                            DataKeys.isSealed(filename)
                                    ? filename
                                    : keys.seal(tenant, "attachment.filename", filename));
                    update.setBytes(2, keys.sealBytes(tenant, "attachment.content", result.getBytes(2)));
                    update.setObject(3, id[0]);
                    sealed += update.executeUpdate();
                }
            }
        }
        return ids.isEmpty() ? 0 : Math.max(sealed, 1);
    }
}
