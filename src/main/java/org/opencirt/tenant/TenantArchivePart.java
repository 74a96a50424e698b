package org.opencirt.tenant;

import jakarta.inject.Singleton;
import org.opencirt.common.archive.TableArchivePart;

/** The CIRT itself in its archive: its row (name, country, contact) and its constituency. */
@Singleton
class TenantArchivePart extends TableArchivePart {

    TenantArchivePart() {
        super(
                "cirt",
                "tenant",
                "select * from tenant where id = ?",
                "constituency_entry",
                "select * from constituency_entry where tenant = ? order by kind, value");
    }
}
