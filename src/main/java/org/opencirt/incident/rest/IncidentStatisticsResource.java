package org.opencirt.incident.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.opencirt.common.audit.Audited;
import org.opencirt.incident.service.IncidentStatistics;
import org.opencirt.incident.service.IncidentStatistics.ResponseTimeReport;
import org.opencirt.incident.service.IncidentStatistics.TopIndicators;
import org.opencirt.tenant.TenantContext;

/** Figures over the caller's CIRT's own incidents, for the dashboards and for the CIRT's own tooling. */
@Path("/api/v1/statistics")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"analyst", "lead"})
@Tag(name = "Statistics")
@SecurityRequirement(name = "bearer")
@Audited
public class IncidentStatisticsResource {

    private final IncidentStatistics statistics;
    private final TenantContext caller;

    IncidentStatisticsResource(IncidentStatistics statistics, TenantContext caller) {
        this.statistics = statistics;
        this.caller = caller;
    }

    @GET
    @Path("/response-times")
    @Operation(
            summary = "Mean time to triage and to resolve",
            description =
                    "Of the incidents created in the last `days` days (default 30, at most 366), overall and per category; in seconds.")
    public ResponseTimeReport responseTimes(@RestQuery Integer days) {
        return statistics.responseTimes(caller.tenantId(), days);
    }

    @GET
    @Path("/top-indicators")
    @Operation(
            summary = "The indicators that matched the most incidents",
            description =
                    "Indicator values by the number of the CIRT's incidents they matched in the last `days` days (default 30); `limit` 1-100, default 10.")
    public TopIndicators topIndicators(@RestQuery Integer days, @RestQuery Integer limit) {
        return statistics.topIndicators(caller.tenantId(), days, limit);
    }
}
