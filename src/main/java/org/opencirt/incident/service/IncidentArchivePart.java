package org.opencirt.incident.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.opencirt.common.archive.ArchiveFolder;
import org.opencirt.common.archive.ArchiveRefused;
import org.opencirt.common.archive.ArchiveSource;
import org.opencirt.common.archive.TableArchivePart;
import org.opencirt.common.archive.TableRows;
import org.opencirt.common.crypto.DataKeys;
import org.opencirt.search.Outbox;
import org.opencirt.search.Projection;

/**
 * A CIRT's incidents in its archive, with everything they hold: observables, tasks, comments,
 * links, the timeline, feed matches, the attachments' records (their bytes as files under
 * {@code attachments/}, named by the attachment's id), the reference counters, and the analysts'
 * saved queue views.
 */
@Singleton
class IncidentArchivePart extends TableArchivePart {

    private final Outbox outbox;
    private final DataKeys keys;

    IncidentArchivePart(Outbox outbox, DataKeys keys) {
        super(
                keys,
                "incidents",
                "incident_sequence",
                "select * from incident_sequence where tenant = ? order by year",
                "incident",
                "select * from incident where tenant = ? order by created_at, id",
                "observable",
                "select * from observable where tenant = ? order by incident_id, id",
                "incident_task",
                "select * from incident_task where tenant = ? order by incident_id, id",
                "incident_comment",
                "select * from incident_comment where tenant = ? order by incident_id, created_at, id",
                "attachment",
                """
                select id, incident_id, tenant, filename, content_type, size, sha256, created_by, created_at
                  from attachment where tenant = ? order by incident_id, created_at, id""",
                "incident_link",
                "select * from incident_link where tenant = ? order by incident_id, id",
                "timeline_entry",
                "select * from timeline_entry where tenant = ? order by incident_id, id",
                "incident_match",
                "select * from incident_match where tenant = ? order by incident_id, id",
                "constituency_incident",
                "select * from constituency_incident where tenant = ? order by feed_id, day, entry_id",
                "event_incident",
                "select * from event_incident where tenant = ? order by day, classification, subject",
                "constituent_event",
                "select * from constituent_event where tenant = ? order by observed_at, id",
                "event_notice",
                "select * from event_notice where tenant = ? order by event_id, contact_id",
                "console_saved_view",
                "select * from console_saved_view where tenant = ? order by owner, name");
        this.outbox = outbox;
        this.keys = keys;
    }

    @Override
    public Map<String, Long> export(String tenant, Connection snapshot, ArchiveFolder out)
            throws IOException, SQLException {
        var counts = new LinkedHashMap<>(super.export(tenant, snapshot, out));
        counts.put("attachment files", attachments(tenant, snapshot, out));
        return counts;
    }

    /** The rows, then the incidents' search documents (written by the relay after the commit). */
    @Override
    public Map<String, Long> importFrom(String tenant, Connection transaction, ArchiveSource in)
            throws IOException, SQLException {
        var counts = super.importFrom(tenant, transaction, in);
        outbox.enqueueAll(transaction, Projection.INCIDENTS, tenant, ids(tenant, transaction));
        return counts;
    }

    /**
     * A row's text columns are sealed again under this installation's data key of the CIRT, and an
     * attachment's row takes its bytes back from {@code attachments/ID}, sealed.
     */
    @Override
    protected ObjectNode imported(String tenant, String table, ObjectNode row, ArchiveSource in) {
        for (var column : SealedText.COLUMNS.getOrDefault(table, List.of())) {
            var value = row.get(column);
            if (value != null && value.isTextual()) {
                row.put(column, keys.seal(tenant, table + "." + column, value.asText()));
            }
        }
        if (table.equals("timeline_entry") && !"state".equals(row.path("field").asText())) {
            for (var column : List.of("before", "after")) {
                var value = row.get(column);
                if (value != null && !value.isNull()) {
                    row.put(column, keys.seal(tenant, table + "." + column, value.toString()));
                }
            }
        }
        if (table.equals("attachment")) {
            var file = "attachments/" + row.path("id").asText();
            if (!in.has(file)) {
                throw new ArchiveRefused(in.path(file) + " is missing");
            }
            try (var content = in.open(file)) {
                row.put("content", keys.sealBytes(tenant, "attachment.content", content.readAllBytes()));
                row.put("sealed", true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return row;
    }

    /** The rows, and the incidents' search documents with them (the relay deletes a document whose incident is gone). */
    @Override
    public Map<String, Long> delete(String tenant, Connection transaction) throws SQLException {
        var ids = ids(tenant, transaction);
        var counts = super.delete(tenant, transaction);
        outbox.enqueueAll(transaction, Projection.INCIDENTS, tenant, ids);
        return counts;
    }

    private static List<UUID> ids(String tenant, Connection transaction) throws SQLException {
        return TableRows.ids(transaction, "select id from incident where tenant = ?", tenant);
    }

    /** Each attachment's bytes, opened, one at a time (an attachment may be large). */
    private long attachments(String tenant, Connection snapshot, ArchiveFolder out) throws IOException, SQLException {
        long count = 0;
        try (var select =
                snapshot.prepareStatement("select id, content, sealed from attachment where tenant = ? order by id")) {
            select.setFetchSize(1);
            select.setString(1, tenant);
            try (var rows = select.executeQuery()) {
                while (rows.next()) {
                    var id = rows.getString("id");
                    var content = rows.getBytes("content");
                    var bytes =
                            rows.getBoolean("sealed") ? keys.openBytes(tenant, "attachment.content", content) : content;
                    out.file("attachments/" + id, file -> file.write(bytes));
                    count++;
                }
            }
        }
        return count;
    }
}
