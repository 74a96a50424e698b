package org.opencirt.exchange.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import org.opencirt.common.archive.ArchiveFolder;
import org.opencirt.common.archive.CirtArchivePart;
import org.opencirt.common.archive.TableRows;

/**
 * A CIRT's exchange with others in its archive: its partners, sharing groups and defaults, what it
 * shared with whom (grants with their audiences, the copies each recipient CIRT got, referrals it
 * sent) and what others shared with it (copies and referrals it received, which TLP lets it keep),
 * and its STIX imports with what they brought in.
 */
@ApplicationScoped
class ExchangeArchivePart implements CirtArchivePart {

    private static final SequencedMap<String, String> BY_TENANT = TableRows.queries(
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
            "select * from imported_indicator where tenant = ? order by import_id, indicator_id");

    /** Tables with a sender and a recipient: the CIRT's rows on either side. */
    private static final SequencedMap<String, String> EITHER_SIDE = TableRows.queries(
            "referral",
            "select * from referral where tenant = ? or recipient = ? order by created_at, id",
            "shared_incident_copy",
            "select * from shared_incident_copy where owner = ? or recipient = ? order by shared_at, id",
            "shared_incident_adoption",
            "select * from shared_incident_adoption where owner = ? or recipient = ? order by id");

    @Override
    public String folder() {
        return "exchange";
    }

    @Override
    public Set<String> tables() {
        var tables = new LinkedHashSet<>(BY_TENANT.keySet());
        tables.addAll(EITHER_SIDE.keySet());
        return tables;
    }

    @Override
    public Map<String, Long> export(String tenant, Connection snapshot, ArchiveFolder out)
            throws IOException, SQLException {
        var counts = new LinkedHashMap<>(TableRows.jsonl(out, snapshot, BY_TENANT, tenant));
        for (var query : EITHER_SIDE.entrySet()) {
            counts.put(
                    query.getKey(), TableRows.jsonl(out, query.getKey(), snapshot, query.getValue(), tenant, tenant));
        }
        return counts;
    }
}
