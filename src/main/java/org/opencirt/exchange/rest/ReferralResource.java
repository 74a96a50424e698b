package org.opencirt.exchange.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.web.Created;
import org.opencirt.exchange.model.ReferralState;
import org.opencirt.exchange.service.ReferralService;
import org.opencirt.exchange.service.ReferralService.Refer;
import org.opencirt.exchange.service.ReferralService.ReferralView;
import org.opencirt.exchange.service.ReferralSuggestions;
import org.opencirt.exchange.service.ReferralSuggestions.Suggestion;
import org.opencirt.tenant.TenantContext;

/** Referrals of incidents between the CIRTs of this platform, and to remote partners. */
@Path("/api/v1/referrals")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Exchange")
@SecurityRequirement(name = "bearer")
@Audited
public class ReferralResource {

    private final ReferralService referrals;
    private final ReferralSuggestions suggestions;
    private final TenantContext caller;

    ReferralResource(ReferralService referrals, ReferralSuggestions suggestions, TenantContext caller) {
        this.referrals = referrals;
        this.suggestions = suggestions;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({"analyst", "lead", "cirt-admin"})
    @Operation(summary = "Referrals sent or received", description = "direction: outgoing or incoming; newest first.")
    public List<ReferralView> list(@QueryParam("direction") String direction) {
        return referrals.list(caller.tenantId(), direction);
    }

    @GET
    @Path("/suggestions")
    @RolesAllowed({"analyst", "lead"})
    @Operation(summary = "CIRTs of the platform to refer an incident to", description = """
                    The CIRTs whose declared constituency holds the incident's observables (or the one observable \
                    given by its value), each with the observables and the declared entries they fall into; most \
                    observables first, at most 10. Your own CIRT is not suggested.""")
    public List<Suggestion> suggestions(
            @QueryParam("incident") UUID incident, @QueryParam("observable") String observable) {
        if (incident == null) {
            throw ApiException.invalid("incident", "the incident to suggest recipients for");
        }
        return suggestions.suggest(caller.tenantId(), incident, observable);
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"analyst", "lead", "cirt-admin"})
    public ReferralView get(@PathParam("id") UUID id) {
        return referrals.get(caller.tenantId(), id);
    }

    @POST
    @RolesAllowed({"analyst", "lead"})
    @Operation(summary = "Refer an incident to another CIRT of the platform", description = """
                    The recipient gets an incident in its queue (channel referral) with the parts chosen: summary, \\
                    classification, observables (default all three). The incident's TLP must allow it to go to a named \\
                    partner (not AMBER+STRICT or RED).""")
    public Response refer(Refer referral, UriInfo uri) {
        var created = referrals.refer(caller.tenantId(), caller.actor(), referral);
        return Created.below(uri, created.id()).entity(created).build();
    }

    @POST
    @Path("/{id}/acceptance")
    @RolesAllowed({"analyst", "lead"})
    @Operation(summary = "Accept a referral sent to your CIRT")
    public ReferralView accept(@PathParam("id") UUID id) {
        return referrals.answer(caller.tenantId(), caller.actor(), id, ReferralState.ACCEPTED);
    }

    @POST
    @Path("/{id}/decline")
    @RolesAllowed({"analyst", "lead"})
    @Operation(summary = "Decline a referral sent to your CIRT")
    public ReferralView decline(@PathParam("id") UUID id) {
        return referrals.answer(caller.tenantId(), caller.actor(), id, ReferralState.DECLINED);
    }
}
