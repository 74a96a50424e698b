package org.opencirt.audit;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.problem.ApiException;
import org.opencirt.tenant.TenantContext;

/**
 * The audit trail of the caller's CIRT (its lead and admins), or the platform's own (the platform
 * admin, who never sees a CIRT's), and the check of its hash chain.
 */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"lead", "cirt-admin", "platform-admin"})
@Tag(name = "Audit")
@SecurityRequirement(name = "bearer")
@Audited
public class AuditResource {

    static final int DEFAULT_PAGE = 100;
    private static final int MAX_FILTER = 200;

    private final AuditTrail trail;
    private final TenantContext caller;
    private final SecurityIdentity identity;

    AuditResource(AuditTrail trail, TenantContext caller, SecurityIdentity identity) {
        this.trail = trail;
        this.caller = caller;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "The audit trail, newest first", description = """
                    Filters: actor, action, objectType, objectId (exact), from and to (ISO-8601 instants, from \
                    inclusive, to exclusive); limit 1 to 500 (default 100); cursor: the next of the previous page. \
                    A CIRT's lead and admins see its entries, the platform admin the platform's own.""")
    public AuditTrail.Page list(
            @RestQuery String actor,
            @RestQuery String action,
            @RestQuery String objectType,
            @RestQuery String objectId,
            @RestQuery String from,
            @RestQuery String to,
            @RestQuery Integer limit,
            @RestQuery Long cursor) {
        var size = limit == null ? DEFAULT_PAGE : limit;
        if (size < 1 || size > AuditTrail.MAX_PAGE) {
            throw ApiException.invalid("limit", "must be 1 to %d".formatted(AuditTrail.MAX_PAGE));
        }
        if (cursor != null && cursor < 1) {
            throw ApiException.invalid("cursor", "must be the next of a previous page");
        }
        return trail.list(
                chain(),
                new AuditTrail.Query(
                        filter("actor", actor),
                        filter("action", action),
                        filter("objectType", objectType),
                        filter("objectId", objectId),
                        instant("from", from),
                        instant("to", to),
                        cursor,
                        size));
    }

    @GET
    @Path("/verification")
    @Operation(
            summary = "Re-compute the caller's chain",
            description = "Answers ok with the head (seq and hash), or the seq of the first entry that does not hold"
                    + " and what does not match there.")
    public AuditTrail.Verification verification() {
        return trail.verify(chain());
    }

    /** The platform admin's chain is the platform's; anyone else's is their CIRT's. */
    private String chain() {
        return identity.hasRole("platform-admin") ? null : caller.tenantId();
    }

    private static String filter(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > MAX_FILTER) {
            throw ApiException.invalid(name, "must be at most %d characters".formatted(MAX_FILTER));
        }
        return value;
    }

    private static Instant instant(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(name, "must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
        }
    }
}
