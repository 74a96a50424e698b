package org.opencirt.exchange.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.opencirt.common.audit.Audited;
import org.opencirt.exchange.service.StixImports;
import org.opencirt.exchange.service.StixImports.ImportPage;
import org.opencirt.exchange.service.StixImports.ImportView;
import org.opencirt.tenant.TenantContext;

/** STIX 2.1 bundles that a CIRT's analysts upload, and every STIX import the CIRT received (inbox and uploads). */
@Path("/api/v1/stix")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"analyst", "lead", "cirt-admin"})
@Tag(name = "Exchange")
@SecurityRequirement(name = "bearer")
@Audited
public class StixImportResource {

    private final StixImports imports;
    private final TenantContext caller;

    StixImportResource(StixImports imports, TenantContext caller) {
        this.imports = imports;
        this.caller = caller;
    }

    @POST
    @Path("/bundles")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import a STIX 2.1 bundle", description = """
            At most 10,000 objects within opencirt.exchange.taxii.max-content-length bytes. Answers 201 with the \
            import, pending; it runs after the answer (poll its Location). partner: the CIRT's partner the bundle \
            came from (its default TLP marks unmarked objects, else AMBER).""")
    public Response upload(
            @RestQuery UUID partner,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength,
            InputStream body,
            UriInfo uri) {
        var tenant = caller.tenantId();
        var sender = imports.uploadSender(tenant, caller.actor(), partner);
        var bytes = imports.body(body, contentLength == null ? -1 : contentLength);
        var accepted = imports.accept(tenant, sender, bytes);
        var location = uri.getBaseUriBuilder().path("/api/v1/stix/imports/{id}").build(accepted.id());
        return Response.created(location).entity(accepted).build();
    }

    @GET
    @Path("/imports")
    @Operation(
            summary = "The CIRT's STIX imports",
            description = "Inbox requests and uploads, newest first, page by page (page from 0, size 1 to 100).")
    public ImportPage list(@RestQuery Integer page, @RestQuery Integer size) {
        return imports.list(caller.tenantId(), page, size);
    }

    @GET
    @Path("/imports/{id}")
    @Operation(summary = "One STIX import", description = "With the outcome of each object, in bundle order.")
    public ImportView get(@PathParam("id") UUID id) {
        return imports.get(caller.tenantId(), id);
    }
}
