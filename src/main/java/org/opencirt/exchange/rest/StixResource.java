package org.opencirt.exchange.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.audit.SensitiveRead;
import org.opencirt.common.problem.ApiException;
import org.opencirt.exchange.service.StixExports;
import org.opencirt.exchange.taxii.TaxiiMediaTypes;
import org.opencirt.indicator.service.IndicatorQueries;
import org.opencirt.tenant.TenantContext;

/** STIX 2.1 bundles of what the caller's CIRT may see (docs/exchange.md, "STIX 2.1 mapping"). */
@Path("/api/v1/stix")
@Produces({TaxiiMediaTypes.STIX, MediaType.APPLICATION_JSON})
@RolesAllowed({"analyst", "lead"})
@Tag(name = "Exchange")
@SecurityRequirement(name = "bearer")
@Audited
public class StixResource {

    private final StixExports exports;
    private final TenantContext caller;

    StixResource(StixExports exports, TenantContext caller) {
        this.exports = exports;
        this.caller = caller;
    }

    @GET
    @Path("/bundle")
    @Operation(summary = "A STIX 2.1 bundle of one incident or of indicators", description = """
                    With incident, that incident (your CIRT's own, or shared with it: the parts shared, produced by its \
                    owner). Otherwise one page of the indicators your CIRT may see, filtered and paged as GET \
                    /api/v1/indicators (limit 1 to 1000, default 100; cursor from that API). Each indicator comes with \
                    its observable and a based-on relationship, only the sources your CIRT may see as external \
                    references; the bundle holds your CIRT's identity and the TLP 2.0 marking definitions used.""")
    @SensitiveRead
    public ObjectNode bundle(
            @RestQuery String incident,
            @RestQuery String type,
            @RestQuery String value,
            @RestQuery String network,
            @RestQuery String text,
            @RestQuery String since,
            @RestQuery List<String> tlp,
            @RestQuery String source,
            @RestQuery Integer limit,
            @RestQuery String cursor) {
        if (incident != null) {
            var filters = java.util.stream.Stream.of(type, value, network, text, since, source, cursor)
                            .anyMatch(java.util.Objects::nonNull)
                    || limit != null
                    || tlp != null && !tlp.isEmpty();
            if (filters) {
                throw ApiException.invalid("incident", "either an incident or indicator filters, not both");
            }
            UUID id;
            try {
                id = UUID.fromString(incident.strip());
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("incident", "an incident id (a UUID)");
            }
            return exports.incidentBundle(caller.tenantId(), id);
        }
        return exports.indicatorBundle(
                caller.tenantId(),
                new IndicatorQueries.Request(type, value, network, text, since, tlp, source, limit, cursor));
    }
}
