package org.opencirt.incident.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencirt.common.WireEnum;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.problem.InvalidParameterException;
import org.opencirt.incident.service.ConstituentEventQueries;
import org.opencirt.incident.service.ConstituentEventQueries.Count;
import org.opencirt.incident.service.ConstituentEventQueries.Dimension;
import org.opencirt.incident.service.ConstituentEventQueries.EventFilter;
import org.opencirt.incident.service.ConstituentEventQueries.EventPage;
import org.opencirt.incident.service.ConstituentEventQueries.EventStatus;
import org.opencirt.tenant.TenantContext;

/** The events reported about the hosts of the caller's CIRT's constituents: read-only. */
@Path("/api/v1/constituent-events")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Constituency")
@SecurityRequirement(name = "bearer")
@Audited
public class ConstituentEventResource {

    private final ConstituentEventQueries events;
    private final TenantContext caller;

    ConstituentEventResource(ConstituentEventQueries events, TenantContext caller) {
        this.events = events;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({"analyst", "lead", "cirt-admin"})
    @Operation(summary = "The CIRT's constituent events, newest first", description = """
            Filters: constituent, incident, classification (an RSIT type), reportType, source (the feed), network \
            (an address or a CIDR network), from and to (observed, ISO instants, to excluded), status (open, fixed, \
            false-positive), unassigned (true: events no constituency entry owns). limit 1 to 1000; cursor: the \
            previous page's next.""")
    public EventPage list(
            @QueryParam("constituent") UUID constituent,
            @QueryParam("incident") UUID incident,
            @QueryParam("classification") String classification,
            @QueryParam("reportType") String reportType,
            @QueryParam("source") String source,
            @QueryParam("network") String network,
            @QueryParam("from") Instant from,
            @QueryParam("to") Instant to,
            @QueryParam("status") String status,
            @QueryParam("unassigned") @DefaultValue("false") boolean unassigned,
            @QueryParam("limit") @DefaultValue("100") int limit,
            @QueryParam("cursor") String cursor) {
        if (limit < 1 || limit > ConstituentEventQueries.MAX_LIMIT) {
            throw new InvalidParameterException(
                    String.valueOf(limit), "a limit from 1 to " + ConstituentEventQueries.MAX_LIMIT);
        }
        var filter = new EventFilter(
                constituent,
                incident,
                classification,
                reportType,
                source,
                network,
                from,
                to,
                status(status),
                unassigned);
        return events.list(caller.tenantId(), filter, limit, cursor);
    }

    @GET
    @Path("/counts")
    @RolesAllowed({"analyst", "lead", "cirt-admin"})
    @Operation(
            summary =
                    "How many constituent events there are by day, classification, report-type, constituent or status",
            description = "The list's filters apply. by=day answers in date order, the others the most frequent first.")
    public List<Count> counts(
            @QueryParam("by") @DefaultValue("day") String by,
            @QueryParam("constituent") UUID constituent,
            @QueryParam("classification") String classification,
            @QueryParam("reportType") String reportType,
            @QueryParam("source") String source,
            @QueryParam("from") Instant from,
            @QueryParam("to") Instant to,
            @QueryParam("status") String status,
            @QueryParam("unassigned") @DefaultValue("false") boolean unassigned) {
        Dimension dimension;
        try {
            dimension = WireEnum.fromWire(Dimension.class, by);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(by, "one of " + WireEnum.wireValues(Dimension.class));
        }
        var filter = new EventFilter(
                constituent, null, classification, reportType, source, null, from, to, status(status), unassigned);
        return events.count(caller.tenantId(), filter, dimension);
    }

    private static EventStatus status(String text) {
        if (text == null) {
            return null;
        }
        try {
            return WireEnum.fromWire(EventStatus.class, text);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(text, "one of " + WireEnum.wireValues(EventStatus.class));
        }
    }
}
