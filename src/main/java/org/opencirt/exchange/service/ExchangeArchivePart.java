package org.opencirt.exchange.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.opencirt.common.archive.ArchiveSource;
import org.opencirt.common.archive.TableArchivePart;
import org.opencirt.common.archive.TableRows;
import org.opencirt.search.Outbox;
import org.opencirt.search.Projection;

/** A CIRT's exchange with others in its archive: its partners, sharing groups and defaults, what it
 * shared with whom (grants with their audiences, the copies each recipient CIRT got, referrals it
 * sent) and what others shared with it (copies and referrals it received, which TLP lets it keep:
 * the rows of either side), and its STIX imports with what they brought in. The rows that name
 * another CIRT of the old installation (a partner that is a CIRT there, shared copies, adoptions,
 * referrals) stay in the archive as the record and are not imported: that CIRT is not on the new one. */
@Singleton
class ExchangeArchivePart extends TableArchivePart {

    /** The tables whose every row names a CIRT on either side: the record of an exchange on the old installation. */
    private static final Set<String> RECORD_ONLY =
            Set.of("referral", "shared_incident_copy", "shared_incident_adoption");

    private final Outbox outbox;

    ExchangeArchivePart(Outbox outbox) {
        super(
                "exchange",
                "partner",
                "select * from partner where tenant = ? order by name",
                "sharing_group",
                "select * from sharing_group where tenant = ? order by name",
                "sharing_default",
                "select * from sharing_default where tenant = ? order by tlp",
                "sharing_grant",
                "select * from sharing_grant where tenant = ? order by granted_at, id",
                "stix_import",
                "select * from stix_import where tenant = ? order by request_timestamp, id",
                "stix_object",
                "select * from stix_object where tenant = ? order by received_at, id",
                "imported_indicator",
                "select * from imported_indicator where tenant = ? order by import_id, indicator_id",
                "referral",
                "select * from referral where tenant = ? or recipient = ? order by created_at, id",
                "shared_incident_copy",
                "select * from shared_incident_copy where owner = ? or recipient = ? order by shared_at, id",
                "shared_incident_adoption",
                "select * from shared_incident_adoption where owner = ? or recipient = ? order by id");
        this.outbox = outbox;
    }

    @Override
    protected ObjectNode imported(String tenant, String table, ObjectNode row, ArchiveSource in) {
        if (RECORD_ONLY.contains(table)
                || table.equals("partner") && !row.path("cirt").isNull()) {
            return null;
        }
        return row;
    }

    /**
     * The CIRT's rows, and the shared copies others could read of its incidents and it could read of
     * theirs, with their search documents. What it referred to or others adopted stays with them: their
     * incidents, and the rows that record where they came from.
     */
    @Override
    public Map<String, Long> delete(String tenant, Connection transaction) throws SQLException {
        var copies =
                TableRows.ids(transaction, "select id from shared_incident_copy where ? in (owner, recipient)", tenant);
        long received;
        try (var delete = transaction.prepareStatement("delete from shared_incident_copy where recipient = ?")) {
            delete.setString(1, tenant);
            received = delete.executeLargeUpdate();
        }
        var counts = new LinkedHashMap<>(super.delete(tenant, transaction));
        counts.merge("shared_incident_copy", received, Long::sum);
        outbox.enqueueAll(transaction, Projection.SHARED_INCIDENTS, tenant, copies);
        return counts;
    }
}
