package org.opencirt.incident.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.audit.SharedRead;
import org.opencirt.common.idempotency.Idempotent;
import org.opencirt.common.web.Created;
import org.opencirt.common.web.ETags;
import org.opencirt.incident.model.Channel;
import org.opencirt.incident.service.IncidentCommands.AddObservables;
import org.opencirt.incident.service.IncidentCommands.CreateIncident;
import org.opencirt.incident.service.IncidentCommands.Transition;
import org.opencirt.incident.service.IncidentCommands.UpdateIncident;
import org.opencirt.incident.service.IncidentCorrelation;
import org.opencirt.incident.service.IncidentSearchService;
import org.opencirt.incident.service.IncidentService;
import org.opencirt.incident.service.IncidentViews.IncidentView;
import org.opencirt.incident.service.IncidentViews.MatchView;
import org.opencirt.observable.Observable;
import org.opencirt.tenant.TenantContext;

/** Incidents of the caller's national CIRT. */
@Path("/api/v1/incidents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({"analyst", "lead"})
@Tag(name = "Incidents")
@SecurityRequirement(name = "bearer")
@Audited
public class IncidentResource {

    private final IncidentService incidents;
    private final IncidentSearchService search;
    private final IncidentCorrelation correlation;
    private final TenantContext caller;
    private final SecurityIdentity identity;
    private final ObjectMapper json;

    IncidentResource(
            IncidentService incidents,
            IncidentSearchService search,
            IncidentCorrelation correlation,
            TenantContext caller,
            SecurityIdentity identity,
            ObjectMapper json) {
        this.json = json;
        this.incidents = incidents;
        this.correlation = correlation;
        this.search = search;
        this.caller = caller;
        this.identity = identity;
    }

    @POST
    @Idempotent
    @RolesAllowed({"analyst", "lead", "partner"})
    @Operation(summary = "Report an incident", description = """
            A partner's incident lands in the queue as a new report with the partner as reporter. A partner sets only its report \
            (title, description, reporter, classification, severity, TLP, PAP, tags, sector, times, observables): any other \
            field answers 400 with a pointer to it.""")
    @RequestBody(
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = CreateIncident.class)))
    public Response create(ObjectNode body, UriInfo uri) throws JsonProcessingException {
        var partner = identity.hasRole("partner") && !identity.hasRole("analyst") && !identity.hasRole("lead");
        var origin = new IncidentService.Origin(
                caller.tenantId(),
                caller.actor(),
                partner ? Channel.PARTNER : Channel.API,
                partner ? caller.actor() : null,
                Integer.MAX_VALUE);
        if (partner && body != null) {
            incidents.checkPartnerFields(fieldNames(body));
        }
        var created = incidents.create(json.treeToValue(body, CreateIncident.class), origin);
        return Created.below(uri, created.id())
                .tag(ETags.of(created.version()))
                .entity(created)
                .build();
    }

    @GET
    @SharedRead
    @Operation(
            summary = "Search the CIRT's incidents",
            description = "Full text, filters, facets, sorts and cursor paging.")
    public IncidentSearchService.Result list(
            @RestQuery String q,
            @RestQuery List<String> state,
            @RestQuery List<String> category,
            @RestQuery List<String> type,
            @RestQuery List<String> severity,
            @RestQuery List<String> tlp,
            @RestQuery List<String> assignee,
            @RestQuery List<String> tag,
            @RestQuery String from,
            @RestQuery String to,
            @RestQuery String observable,
            @RestQuery String sort,
            @RestQuery Integer limit,
            @RestQuery String cursor) {
        return search.search(
                caller.tenantId(),
                new IncidentSearchService.Criteria(
                        q,
                        state,
                        category,
                        type,
                        severity,
                        tlp,
                        assignee,
                        tag,
                        from,
                        to,
                        observable,
                        sort,
                        limit,
                        cursor));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One incident, with its observables; the ETag is its version")
    public Response get(@PathParam("id") UUID id) {
        return withTag(incidents.get(caller.tenantId(), id));
    }

    @GET
    @Path("/by-reference/{reference}")
    @Operation(summary = "One incident by its reference (CERT-AB-2026-000123)")
    public Response byReference(@PathParam("reference") String reference) {
        return withTag(incidents.getByReference(caller.tenantId(), reference));
    }

    @PATCH
    @Operation(
            summary = "Change an incident's fields",
            description = "Requires If-Match with the ETag you read; 412 if it changed meanwhile.")
    @Path("/{id}")
    public Response update(
            @PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, UpdateIncident change) {
        return withTag(incidents.update(caller.tenantId(), id, ETags.require(ifMatch), change, caller.actor()));
    }

    @POST
    @Idempotent
    @Path("/{id}/transitions")
    @Operation(
            summary = "Move an incident to another state",
            description = "409 lists the allowed next states. If-Match is optional here.")
    public Response transition(
            @PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, Transition transition) {
        return withTag(incidents.transition(caller.tenantId(), id, ETags.parse(ifMatch), transition, caller.actor()));
    }

    @GET
    @Path("/{id}/observables")
    public List<Observable> observables(@PathParam("id") UUID id) {
        return incidents.observables(caller.tenantId(), id);
    }

    @POST
    @Idempotent
    @Path("/{id}/observables")
    @Operation(
            summary = "Add observables (bulk)",
            description = "Refanged, normalised, de-duplicated; the type is detected when left out.")
    public Response addObservables(@PathParam("id") UUID id, AddObservables command) {
        return Response.ok(incidents.addObservables(caller.tenantId(), id, command, caller.actor()))
                .build();
    }

    @GET
    @Path("/{id}/matches")
    @Operation(summary = "Indicators from threat feeds that matched the incident's observables")
    public List<MatchView> matches(@PathParam("id") UUID id) {
        return incidents.matches(caller.tenantId(), id);
    }

    @POST
    @Path("/{id}/correlation")
    @Operation(
            summary = "Look the incident's observables up among the indicators now",
            description = "Answers the new and all matches.")
    public IncidentCorrelation.Outcome correlate(@PathParam("id") UUID id) {
        return correlation.correlateNow(caller.tenantId(), id);
    }

    private static Response withTag(IncidentView view) {
        return Response.ok(view).tag(ETags.of(view.version())).build();
    }

    private static List<String> fieldNames(ObjectNode body) {
        var names = new java.util.ArrayList<String>();
        body.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
