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

    private TenantGuard() {
    }

    /** Documents whose {@code visible_to} names the tenant. */
    public static Query filter(String tenant) {
        if (tenant == null || tenant.isBlank()) {
            throw new IllegalArgumentException("a search without a tenant is never sent");
        }
        return Query.of(q -> q.term(t -> t.field("visible_to").value(FieldValue.of(tenant))));
    }

    /** Re-checks a document fetched by id. */
    public static boolean mayRead(String tenant, Map<String, Object> source) {
        return source != null && source.get("visible_to") instanceof List<?> visible && visible.contains(tenant);
    }
}
