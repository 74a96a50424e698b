package org.opencirt.exchange.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.web.Created;
import org.opencirt.exchange.service.PartnerService;
import org.opencirt.exchange.service.PartnerService.CreatePartner;
import org.opencirt.exchange.service.PartnerService.DefaultTlp;
import org.opencirt.exchange.service.PartnerService.PartnerUsage;
import org.opencirt.exchange.service.PartnerService.PartnerView;
import org.opencirt.exchange.service.PartnerService.Quota;
import org.opencirt.tenant.TenantContext;

/** The caller's CIRT's partners: other CIRTs on this platform and remote organisations. */
@Path("/api/v1/partners")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Exchange")
@SecurityRequirement(name = "bearer")
@Audited
public class PartnerResource {

    private final PartnerService partners;
    private final TenantContext caller;

    PartnerResource(PartnerService partners, TenantContext caller) {
        this.partners = partners;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({"analyst", "lead", "cirt-admin"})
    public List<PartnerView> list() {
        return partners.list(caller.tenantId());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"analyst", "lead", "cirt-admin"})
    public PartnerView get(@PathParam("id") UUID id) {
        return partners.get(caller.tenantId(), id);
    }

    @POST
    @RolesAllowed("cirt-admin")
    @Operation(summary = "Declare a partner", description = """
            kind cirt: another national CIRT on this platform, named by its id (cirt); kind remote: an organisation elsewhere, \
            with a name, an optional country (ISO 3166 alpha-2) and contact e-mail addresses. defaultTlp: the label of \
what the partner sends without a TLP marking (AMBER unless set).""")
    public Response create(CreatePartner partner, UriInfo uri) {
        var created = partners.create(caller.tenantId(), caller.actor(), partner);
        return Created.below(uri, created.id()).entity(created).build();
    }

    @PUT
    @Path("/{id}/default-tlp")
    @RolesAllowed("cirt-admin")
    @Operation(
            summary = "Set a partner's default TLP",
            description = "The label that STIX objects the partner sends without a TLP marking get (AMBER unless set).")
    public PartnerView setDefaultTlp(@PathParam("id") UUID id, DefaultTlp command) {
        return partners.setDefaultTlp(caller.tenantId(), id, command);
    }

    @PUT
    @Path("/{id}/quota")
    @RolesAllowed("cirt-admin")
    @Operation(summary = "Set a partner's quotas", description = """
            requestsPerMinute (a remote partner's client) and objectsPerDay (taken from your TAXII collections and             pushed into your inbox, per UTC day); a null or absent value gives back the platform's default.""")
    public PartnerView setQuota(@PathParam("id") UUID id, Quota command) {
        return partners.setQuota(caller.tenantId(), id, command);
    }

    @GET
    @Path("/{id}/usage")
    @RolesAllowed("cirt-admin")
    @Operation(
            summary = "What a partner used of its quotas",
            description =
                    "Its client's requests this minute (remote partners) and its objects today, against its limits.")
    public PartnerUsage usage(@PathParam("id") UUID id) {
        return partners.usage(caller.tenantId(), id);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed("cirt-admin")
    @Operation(
            summary = "Remove a partner",
            description = "Takes it out of every sharing group; refused (409) while a grant names it.")
    public Response remove(@PathParam("id") UUID id) {
        partners.remove(caller.tenantId(), id);
        return Response.noContent().build();
    }
}
