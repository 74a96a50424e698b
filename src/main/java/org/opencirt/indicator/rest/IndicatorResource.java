package org.opencirt.indicator.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.opencirt.indicator.model.Lookup;
import org.opencirt.indicator.service.IndicatorService;
import org.opencirt.tenant.TenantContext;

/** Indicators from threat feeds, as the caller's CIRT may see them. */
@Path("/api/v1/indicators")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"analyst", "lead"})
@Tag(name = "Indicators")
@SecurityRequirement(name = "bearer")
public class IndicatorResource {

    private final IndicatorService indicators;
    private final TenantContext caller;

    IndicatorResource(IndicatorService indicators, TenantContext caller) {
        this.indicators = indicators;
        this.caller = caller;
    }

    @GET
    @Path("/lookup")
    @Operation(summary = "Look a value up among the indicators", description = """
            The value is refanged (hxxp, [.]) and normalised; its type is told from it unless `type` names it. The answer \
            lists the indicators matching it (the same value, a network holding the address, an address inside the network) \
            with only the sources the caller's CIRT may see under their TLP and that have not expired, exactly as incidents \
            are correlated; an indicator with no such source is not listed.""")
    public Lookup lookup(@RestQuery String value, @RestQuery String type) {
        return indicators.lookup(caller.tenantId(), value, type);
    }
}
