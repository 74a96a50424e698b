package org.opencirt.exchange.taxii;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencirt.common.audit.Audited;
import org.opencirt.exchange.taxii.TaxiiRoots.ApiRoot;
import org.opencirt.exchange.taxii.TaxiiRoots.Collection;
import org.opencirt.exchange.taxii.TaxiiRoots.Collections;
import org.opencirt.exchange.taxii.TaxiiRoots.Discovery;

/** TAXII 2.1: discovery, one API root per CIRT and its collections (docs/exchange.md, ADR 24). */
@Path("/taxii2")
@Produces(TaxiiMediaTypes.TAXII)
@RolesAllowed({"analyst", "lead", "cirt-admin"})
@Tag(name = "TAXII")
@SecurityRequirement(name = "bearer")
@Audited
public class TaxiiResource {

    /** Partner clients may read the root of the CIRT whose partner they are, and its collections' list. */
    private static final String PARTNER = TaxiiCaller.PARTNER_ROLE;

    private final TaxiiRoots roots;
    private final TaxiiCaller caller;

    TaxiiResource(TaxiiRoots roots, TaxiiCaller caller) {
        this.roots = roots;
        this.caller = caller;
    }

    @GET
    @Path("/")
    @RolesAllowed({"analyst", "lead", "cirt-admin", PARTNER})
    @Operation(
            summary = "TAXII discovery",
            description = "The API roots your CIRT may use: its own (the default) and those of CIRTs sharing with it.")
    public Discovery discovery() {
        return roots.discovery(caller.cirt(), caller.isPartnerClient());
    }

    @GET
    @Path("/{cirt}/")
    @RolesAllowed({"analyst", "lead", "cirt-admin", PARTNER})
    @Operation(summary = "A CIRT's TAXII API root", description = "404 unless it is your CIRT or shares with it.")
    public ApiRoot apiRoot(@PathParam("cirt") String cirt) {
        return roots.apiRoot(caller.cirt(), caller.isPartnerClient(), cirt);
    }

    @GET
    @Path("/{cirt}/collections/")
    @RolesAllowed({"analyst", "lead", "cirt-admin", PARTNER})
    @Operation(summary = "The collections of a CIRT's API root")
    public Collections collections(@PathParam("cirt") String cirt) {
        return roots.collections(caller.cirt(), caller.isPartnerClient(), cirt);
    }

    @GET
    @Path("/{cirt}/collections/{id}/")
    @RolesAllowed({"analyst", "lead", "cirt-admin", PARTNER})
    @Operation(summary = "One collection of a CIRT's API root", description = "404 for an unknown id.")
    public Collection collection(@PathParam("cirt") String cirt, @PathParam("id") String id) {
        return roots.collection(caller.cirt(), caller.isPartnerClient(), cirt, id);
    }
}
