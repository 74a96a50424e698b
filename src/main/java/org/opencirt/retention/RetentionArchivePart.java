package org.opencirt.retention;

import jakarta.inject.Singleton;
import org.opencirt.common.archive.TableArchivePart;

/** A CIRT's retention rules, the key of its pseudonyms (so that a reporter keeps the same pseudonym after an
 * import) and the reports of the retention job. */
@Singleton
class RetentionArchivePart extends TableArchivePart {

    RetentionArchivePart() {
        super(
                "retention",
                "retention_rule",
                "select * from retention_rule where tenant = ?",
                "retention_key",
                "select * from retention_key where tenant = ?",
                "retention_run",
                "select * from retention_run where tenant = ? order by started_at, id");
    }
}
