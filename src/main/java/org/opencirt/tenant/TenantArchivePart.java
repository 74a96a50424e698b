package org.opencirt.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.opencirt.common.archive.ArchiveRefused;
import org.opencirt.common.archive.ArchiveSource;
import org.opencirt.common.archive.TableArchivePart;
import org.opencirt.common.archive.TableRows;

/**
 * The CIRT itself in its archive: its row (name, country, contact) and its constituent directory. Offboarding
 * leaves the row as a tombstone (others' rows still name the CIRT), which the CIRT's archive revives.
 */
@Singleton
class TenantArchivePart extends TableArchivePart {

    /** The constituent directory's tables, in the order their rows depend on each other. */
    private static final List<String> DIRECTORY = List.of("constituent", "constituency_entry", "constituent_contact");

    private final ObjectMapper json;
    private final Clock clock;

    TenantArchivePart(ObjectMapper json, Clock clock) {
        super(
                "cirt",
                "tenant",
                "select * from tenant where id = ?",
                "constituent",
                "select * from constituent where tenant = ? order by name",
                "constituency_entry",
                "select * from constituency_entry where tenant = ? order by kind, value",
                "constituent_contact",
                "select * from constituent_contact where tenant = ? order by constituent_id, email");
        this.json = json;
        this.clock = clock;
    }

    /** The row (a new one, or the tombstone of the CIRT revived with the archive's profile), then the constituency. */
    @Override
    public Map<String, Long> importFrom(String tenant, Connection transaction, ArchiveSource in)
            throws IOException, SQLException {
        if (!tombstoned(tenant, transaction)) {
            return super.importFrom(tenant, transaction, in);
        }
        var row = profile(tenant, in);
        try (var revive = transaction.prepareStatement("""
                update tenant set name = ?, country_code = ?, contact_email = ?, constituency = ?,
                                  created_at = ?::timestamptz, updated_at = ?::timestamptz, offboarded_at = null
                 where id = ? and offboarded_at is not null""")) {
            int i = 1;
            for (var column :
                    new String[] {"name", "country_code", "contact_email", "constituency", "created_at", "updated_at"
                    }) {
                revive.setString(i++, row.path(column).asText());
            }
            revive.setString(i, tenant);
            revive.executeUpdate();
        } catch (SQLException e) {
            if (e.getSQLState() != null
                    && (e.getSQLState().startsWith("22") || e.getSQLState().startsWith("23"))) {
                throw new ArchiveRefused(
                        in.path("tenant.jsonl") + ": the CIRT's row has a value its column does not take");
            }
            throw e;
        }
        var counts = new LinkedHashMap<String, Long>();
        counts.put("tenant", 1L);
        for (var table : DIRECTORY) {
            counts.put(table, TableRows.insert(transaction, in, table, tenant, r -> r));
        }
        return counts;
    }

    /** The constituency, and the row made a tombstone: the id, name and country others' rows name, nothing else. */
    @Override
    public Map<String, Long> delete(String tenant, Connection transaction) throws SQLException {
        var counts = new LinkedHashMap<String, Long>();
        for (var table : DIRECTORY.reversed()) {
            counts.put(table, TableRows.delete(transaction, table, tenant));
        }
        try (var tombstone = transaction.prepareStatement("""
                update tenant set contact_email = '', constituency = '', keycloak_group_id = null,
                                  offboarded_at = coalesce(offboarded_at, ?), updated_at = ?
                 where id = ?""")) {
            var now = Timestamp.from(clock.instant());
            tombstone.setTimestamp(1, now);
            tombstone.setTimestamp(2, now);
            tombstone.setString(3, tenant);
            counts.put("tenant", (long) tombstone.executeUpdate());
        }
        return counts;
    }

    private static boolean tombstoned(String tenant, Connection transaction) throws SQLException {
        try (var select =
                transaction.prepareStatement("select 1 from tenant where id = ? and offboarded_at is not null")) {
            select.setString(1, tenant);
            try (var rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }

    private JsonNode profile(String tenant, ArchiveSource in) throws IOException {
        var path = in.path("tenant.jsonl");
        if (!in.has("tenant.jsonl")) {
            throw new ArchiveRefused(path + " is missing");
        }
        JsonNode row;
        try (var body = in.open("tenant.jsonl")) {
            row = json.readTree(body);
        } catch (IOException e) {
            throw new ArchiveRefused(path + " row 1 is not JSON");
        }
        if (row == null || !row.isObject() || !row.path("id").asText().equals(tenant)) {
            throw new ArchiveRefused(path + " row 1: id names another CIRT than the archive's");
        }
        return row;
    }
}
