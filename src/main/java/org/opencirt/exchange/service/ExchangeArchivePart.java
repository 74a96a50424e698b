package org.opencirt.exchange.service;

import jakarta.inject.Singleton;
import org.opencirt.common.archive.TableArchivePart;

/** A CIRT's exchange with others in its archive: its partners, sharing groups and defaults, what it
 * shared with whom (grants with their audiences, the copies each recipient CIRT got, referrals it
 * sent) and what others shared with it (copies and referrals it received, which TLP lets it keep:
 * the rows of either side), and its STIX imports with what they brought in. */
@Singleton
class ExchangeArchivePart extends TableArchivePart {

    ExchangeArchivePart() {
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
    }
}
