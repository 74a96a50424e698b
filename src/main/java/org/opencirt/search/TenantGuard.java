package org.opencirt.search;

import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import java.util.List;
import java.util.Map;

/**
 * The one place that decides which documents a tenant may see: every search this package sends
 * carries this filter in its top-level {@code bool.filter}, and every document read by id is
 * checked with {@link #mayRead}.
 */
public final class TenantGuard {

    private TenantGuard() {}

    /**
     * The {@code visible_to} value of documents every CIRT on the platform may see (which indicator
     * sources carry it is the indicator feature's rule).
     */
    public static final String EVERY_CIRT = "*";

    /** Documents whose {@code visible_to} names the tenant, or every CIRT. */
    public static Query filter(String tenant) {
        if (tenant == null || tenant.isBlank() || EVERY_CIRT.equals(tenant)) {
            throw new IllegalArgumentException("a search without a tenant is never sent");
        }
        return Query.of(q -> q.terms(t ->
                t.field("visible_to").terms(v -> v.value(List.of(FieldValue.of(tenant), FieldValue.of(EVERY_CIRT))))));
    }

    /** Re-checks a document fetched by id, or one source of an indicator (it carries its own {@code visible_to}). */
    public static boolean mayRead(String tenant, Map<String, Object> source) {
        return source != null
                && source.get("visible_to") instanceof List<?> visible
                && (visible.contains(tenant) || visible.contains(EVERY_CIRT));
    }
}
