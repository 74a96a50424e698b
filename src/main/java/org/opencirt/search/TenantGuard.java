package org.opencirt.search;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import java.util.List;
import java.util.Map;
import org.opencirt.common.Tlp;

/**
 * The one place that decides which documents a tenant may see: every search this package sends
 * carries this filter in its top-level {@code bool.filter}, and every document read by id is
 * checked with {@link #mayRead}.
 */
public final class TenantGuard {

    private TenantGuard() {
    }

    /** The {@code visible_to} value of documents every CIRT on the platform may see (global feeds). */
    public static final String EVERY_CIRT = "*";

    /** Documents whose {@code visible_to} names the tenant, or every CIRT. */
    public static Query filter(String tenant) {
        if (tenant == null || tenant.isBlank() || EVERY_CIRT.equals(tenant)) {
            throw new IllegalArgumentException("a search without a tenant is never sent");
        }
        return Query.of(q -> q.terms(t -> t.field("visible_to")
                .terms(v -> v.value(List.of(FieldValue.of(tenant), FieldValue.of(EVERY_CIRT))))));
    }

    /**
     * Who may see what one source states about an indicator (ADR 10): CLEAR and GREEN reach the
     * platform's community (every CIRT); AMBER and stricter from a CIRT's own feed stay with that
     * CIRT (sharing with named partners comes with sharing grants); from a platform feed, AMBER
     * reaches every CIRT (the platform is the recipient the operator subscribed for) and
     * AMBER+STRICT and RED reach none.
     *
     * @param owner the CIRT that owns the feed, or null for a platform feed
     */
    public static List<String> indicatorVisibility(String owner, Tlp tlp) {
        if (!tlp.isAtLeast(Tlp.AMBER)) {
            return List.of(EVERY_CIRT);
        }
        if (owner != null) {
            return List.of(owner);
        }
        return tlp.isAtLeast(Tlp.AMBER_STRICT) ? List.of() : List.of(EVERY_CIRT);
    }

    /** Re-checks a document fetched by id, or one source of an indicator (it carries its own {@code visible_to}). */
    public static boolean mayRead(String tenant, Map<String, Object> source) {
        return source != null && source.get("visible_to") instanceof List<?> visible
                && (visible.contains(tenant) || visible.contains(EVERY_CIRT));
    }
}
