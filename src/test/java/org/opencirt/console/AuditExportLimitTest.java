package org.opencirt.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencirt.audit.AuditEntry;
import org.opencirt.audit.AuditTrail;
import org.opencirt.common.problem.ApiException;
import org.opencirt.console.audit.AuditPageAccess;

/** A download of the audit page holds every entry its filters match, or is refused when more than the limit match. */
class AuditExportLimitTest {

    /** A chain of {@code size} entries, read newest first a page at a time as the trail does. */
    private static List<Integer> sizes = new ArrayList<>();

    private static AuditTrail.Page page(long size, Long cursor, int limit) {
        sizes.add(limit);
        var top = cursor == null ? size : cursor - 1;
        var entries = new ArrayList<AuditEntry>();
        for (long seq = top; seq >= 1 && entries.size() < limit; seq--) {
            entries.add(new AuditEntry(
                    "cert-ab", seq, Instant.EPOCH, "a", "lead", "x.y", null, null, "r", "127.0.0.1", null, "p", "h"));
        }
        var next = entries.isEmpty() || entries.getLast().seq() == 1
                ? null
                : entries.getLast().seq();
        return new AuditTrail.Page(entries, next);
    }

    @Test
    void everyMatchingEntryUpToTheLimitComesAcrossPages() {
        sizes.clear();
        var entries = AuditPageAccess.collect(1200, (cursor, limit) -> page(1200, cursor, limit));
        assertThat(entries).hasSize(1200);
        assertThat(entries.getFirst().seq()).isEqualTo(1200);
        assertThat(entries.getLast().seq()).isEqualTo(1);
        assertThat(sizes).allSatisfy(limit -> assertThat(limit).isBetween(1, AuditTrail.MAX_PAGE));
    }

    @Test
    void oneEntryOverTheLimitIsRefusedNamingTheLimit() {
        assertThatThrownBy(() -> AuditPageAccess.collect(1200, (cursor, limit) -> page(1201, cursor, limit)))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("more than 1200 entries match");
        assertThat(AuditPageAccess.collect(3, (cursor, limit) -> page(2, cursor, limit)))
                .hasSize(2);
    }
}
