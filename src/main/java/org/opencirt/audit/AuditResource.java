package org.opencirt.audit;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.audit.SensitiveRead;
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
    private final AuditHeads heads;
    private final AuditExport export;
    private final TenantContext caller;
    private final SecurityIdentity identity;
    private final Clock clock;

    AuditResource(
            AuditTrail trail,
            AuditHeads heads,
            AuditExport export,
            TenantContext caller,
            SecurityIdentity identity,
            Clock clock) {
        this.trail = trail;
        this.heads = heads;
        this.export = export;
        this.caller = caller;
        this.identity = identity;
        this.clock = clock;
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

    @GET
    @Path("/heads")
    @RolesAllowed({"lead", "cirt-admin"})
    @Operation(
            summary = "The signed heads of the caller's CIRT's chain, newest first",
            description = "limit 1 to 500 (default 100); cursor: the next of the previous page. Each head carries the"
                    + " signed statement's exact text and its detached OpenPGP signature.")
    public AuditHeads.Page heads(@RestQuery Integer limit, @RestQuery Long cursor) {
        var size = limit == null ? DEFAULT_PAGE : limit;
        if (size < 1 || size > AuditTrail.MAX_PAGE) {
            throw ApiException.invalid("limit", "must be 1 to %d".formatted(AuditTrail.MAX_PAGE));
        }
        if (cursor != null && cursor < 1) {
            throw ApiException.invalid("cursor", "must be the next of a previous page");
        }
        return heads.list(caller.tenantId(), cursor, size);
    }

    @POST
    @Path("/heads")
    @RolesAllowed({"lead", "cirt-admin"})
    @Operation(
            summary = "Sign the head of the caller's CIRT's chain now",
            description =
                    "Signs the head (seq and hash) with the CIRT's active OpenPGP key unless it is signed already;"
                            + " answers whether it signed and the newest signed head. This call's own entry comes after the"
                            + " head it signs.")
    public AuditHeads.Signing sign() {
        return heads.sign(caller.tenantId());
    }

    @GET
    @Path("/export")
    @RolesAllowed({"lead", "cirt-admin"})
    @Produces("application/zip")
    @SensitiveRead
    @Operation(
            summary = "The caller's CIRT's chain as a verifiable archive",
            description = "A zip: entries.jsonl (every entry from seq 1), heads/head-SEQ.json with its .asc signature,"
                    + " keys.asc and SHA256SUMS; check it with bin/opencirt audit verify (docs/audit.md).")
    public Response export() {
        var prepared = export.prepare(caller.tenantId());
        var name = "audit-%s-%s.zip"
                .formatted(
                        prepared.tenant(),
                        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                                .withZone(ZoneOffset.UTC)
                                .format(clock.instant()));
        StreamingOutput body = out -> export.write(prepared, out);
        return Response.ok(body, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .build();
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
