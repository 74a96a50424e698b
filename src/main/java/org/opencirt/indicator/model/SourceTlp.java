package org.opencirt.indicator.model;

import java.util.List;
import org.opencirt.common.Tlp;
import org.opencirt.search.TenantGuard;

/** Who may see what one source states about an indicator, from its feed's owner and its TLP (ADR 10). */
public final class SourceTlp {

    /** The {@code visible_to} value of a source every CIRT on the platform may see. */
    public static final String EVERY_CIRT = TenantGuard.EVERY_CIRT;

    /** The labels of sources every CIRT on the platform may see (TLP's community). */
    public static final List<String> COMMUNITY = List.of(Tlp.CLEAR.wire(), Tlp.GREEN.wire());

    /**
     * The labels of a CIRT's own feed's sources that a grant to named partners or a sharing group reaches (ADR 29):
     * AMBER and below; AMBER+STRICT and RED never leave the CIRT, whatever the feed's grants.
     */
    public static final List<String> GRANTABLE = List.of(Tlp.CLEAR.wire(), Tlp.GREEN.wire(), Tlp.AMBER.wire());

    private SourceTlp() {}

    /**
     * CLEAR and GREEN reach the platform's community (every CIRT); AMBER and stricter from a
     * CIRT's own feed stay with that CIRT, and reach whom a grant of the feed names ({@link #GRANTABLE});
     * from a platform feed, AMBER reaches every CIRT (the platform is the recipient the operator
     * subscribed for) and AMBER+STRICT and RED reach none.
     *
     * @param owner the CIRT that owns the feed, or null for a platform feed
     */
    public static List<String> visibility(String owner, Tlp tlp) {
        if (!tlp.isAtLeast(Tlp.AMBER)) {
            return List.of(EVERY_CIRT);
        }
        if (owner != null) {
            return List.of(owner);
        }
        return tlp.isAtLeast(Tlp.AMBER_STRICT) ? List.of() : List.of(EVERY_CIRT);
    }
}
