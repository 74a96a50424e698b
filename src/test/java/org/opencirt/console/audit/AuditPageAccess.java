package org.opencirt.console.audit;

import java.util.List;
import java.util.function.BiFunction;
import org.opencirt.audit.AuditEntry;
import org.opencirt.audit.AuditTrail;

/** The audit page's package-private paging of a download, for tests in other packages. */
public final class AuditPageAccess {

    private AuditPageAccess() {}

    public static List<AuditEntry> collect(int max, BiFunction<Long, Integer, AuditTrail.Page> pages) {
        return AuditPage.collect(max, pages);
    }
}
