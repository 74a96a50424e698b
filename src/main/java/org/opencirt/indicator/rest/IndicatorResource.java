package org.opencirt.indicator.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.opencirt.common.audit.Audited;
import org.opencirt.indicator.model.IndicatorView;
import org.opencirt.indicator.model.Lookup;
import org.opencirt.indicator.service.IndicatorQueries;
import org.opencirt.indicator.service.IndicatorQueries.IndicatorList;
import org.opencirt.indicator.service.IndicatorService;
import org.opencirt.tenant.TenantContext;

/** Indicators from threat feeds, as the caller's CIRT may see them. */
@Path("/api/v1/indicators")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"analyst", "lead"})
@Tag(name = "Indicators")
@SecurityRequirement(name = "bearer")
@Audited
public class IndicatorResource {

    private final IndicatorService indicators;
    private final IndicatorQueries queries;
    private final TenantContext caller;

    IndicatorResource(IndicatorService indicators, IndicatorQueries queries, TenantContext caller) {
        this.indicators = indicators;
        this.queries = queries;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "List the indicators your CIRT may see", description = """
                    In id order, page by page: pass the answer's next as cursor. Filters: type; value (refanged and \
                    normalised, its type told from it unless given); network (a CIDR or an address: the indicators \
                    inside); text (the start of the value); since, tlp (repeatable) and source (a feed id) hold for one \
                    source the CIRT may see. Each indicator shows only those sources; a page may hold fewer than limit \
                    (1 to 1000, default 100) indicators.""")
    public IndicatorList list(
            @RestQuery String type,
            @RestQuery String value,
            @RestQuery String network,
            @RestQuery String text,
            @RestQuery String since,
            @RestQuery List<String> tlp,
            @RestQuery String source,
            @RestQuery Integer limit,
            @RestQuery String cursor) {
        return queries.list(
                caller.tenantId(),
                new IndicatorQueries.Request(type, value, network, text, since, tlp, source, limit, cursor));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One indicator", description = "With the sources your CIRT may see; 404 when it may see none.")
    public IndicatorView get(@PathParam("id") String id) {
        return queries.get(caller.tenantId(), id);
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
