package org.opencirt.retention;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.problem.ApiException;
import org.opencirt.tenant.TenantContext;

/** The caller's CIRT's retention rules and the runs of the retention job (its lead and admins). */
@Path("/api/v1/retention")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"lead", "cirt-admin"})
@Tag(name = "Retention")
@SecurityRequirement(name = "bearer")
@Audited
public class RetentionResource {

    static final int DEFAULT_PAGE = 50;

    private final RetentionRules rules;
    private final RetentionRuns runs;
    private final TenantContext caller;

    RetentionResource(RetentionRules rules, RetentionRuns runs, TenantContext caller) {
        this.rules = rules;
        this.runs = runs;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The CIRT's retention rules (the defaults until set)")
    public RetentionRules.Rules get() {
        return rules.of(caller.tenantId());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Set the CIRT's retention rules",
            description = "Months: closed incidents 1 to 240, reporters' personal data 1 to 240 and not longer than"
                    + " closed incidents, audit entries 1 to 600 and at least the longest of the two.")
    public RetentionRules.Rules set(RetentionRules.SetRules change) {
        return rules.set(caller.tenantId(), change, caller.actor());
    }

    @GET
    @Path("/runs")
    @Operation(
            summary = "What the retention job did for the CIRT, newest run first",
            description = "limit 1 to 200 (default 50)")
    public List<RetentionRuns.Run> runs(@RestQuery Integer limit) {
        var size = limit == null ? DEFAULT_PAGE : limit;
        if (size < 1 || size > RetentionRuns.MAX_PAGE) {
            throw ApiException.invalid("limit", "must be 1 to %d".formatted(RetentionRuns.MAX_PAGE));
        }
        return runs.list(caller.tenantId(), size);
    }
}
