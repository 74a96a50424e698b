package org.opencirt.tenant.constituency;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.InvalidParameterException;
import org.opencirt.observable.InvalidObservableException;
import org.opencirt.observable.Normaliser;
import org.opencirt.observable.ObservableType;
import org.opencirt.tenant.TenantContext;
import org.opencirt.tenant.constituency.ConstituentService.ConstituentInput;
import org.opencirt.tenant.constituency.ConstituentService.ConstituentPage;
import org.opencirt.tenant.constituency.ConstituentService.ConstituentUpdate;
import org.opencirt.tenant.constituency.ConstituentService.ConstituentView;
import org.opencirt.tenant.constituency.ConstituentService.ContactInput;
import org.opencirt.tenant.constituency.ConstituentService.ContactView;
import org.opencirt.tenant.constituency.ConstituentService.Found;

/** The caller's CIRT's constituent directory: organisations, their entries and abuse contacts. */
@Path("/api/v1/constituents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Constituency")
@SecurityRequirement(name = "bearer")
@Audited
public class ConstituentResource {

    private static final int MAX_LIMIT = 500;

    private final ConstituentService directory;
    private final RegistryImports imports;
    private final TenantContext caller;

    ConstituentResource(ConstituentService directory, RegistryImports imports, TenantContext caller) {
        this.directory = directory;
        this.imports = imports;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({"analyst", "lead", "cirt-admin"})
    @Operation(summary = "The CIRT's constituents by name; q finds a part of the name (offset from 0, limit 1 to 500)")
    public ConstituentPage list(
            @QueryParam("q") String q,
            @QueryParam("offset") @DefaultValue("0") int offset,
            @QueryParam("limit") @DefaultValue("50") int limit) {
        if (offset < 0) {
            throw new InvalidParameterException(String.valueOf(offset), "an offset of 0 or more");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidParameterException(String.valueOf(limit), "a limit from 1 to " + MAX_LIMIT);
        }
        return directory.list(caller.tenantId(), q, offset, limit);
    }

    @POST
    @RolesAllowed({"lead", "cirt-admin"})
    @Operation(summary = "Add a constituent with its entries and abuse contacts", description = """
            entries: kind asn (AS64500), network (CIDR), domain or product (CPE 2.3 or package URL). contacts: email, \
            language (en, fr, ar), format (csv, json), cadence (immediate, daily, weekly), openpgpKey (an armored \
            public key: notifications to the contact are encrypted).""")
    public Response create(ConstituentInput input, UriInfo uri) {
        var created = directory.create(caller.tenantId(), input);
        return Response.created(uri.getAbsolutePathBuilder()
                        .path(created.id().toString())
                        .build())
                .entity(created)
                .build();
    }

    @POST
    @Path("/imports")
    @Consumes({MediaType.TEXT_PLAIN, MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
    @RolesAllowed({"lead", "cirt-admin"})
    @Operation(summary = "Fill the directory from a registry's data", description = """
            format rpsl: a whois database dump (inetnum, inet6num, aut-num with their organisation, role and irt \
            objects); format rdap: RDAP answers (one, an array, or one a line). Each organisation becomes a \
            constituent (again: updated, by its registry handle), its networks and ASNs entries, its abuse mailbox a \
            contact. country (repeatable): only those countries. dryRun=true: what would change, nothing changed.""")
    public RegistryImports.ImportOutcome importRegistry(
            @QueryParam("format") String format,
            @QueryParam("country") java.util.List<String> countries,
            @QueryParam("dryRun") @DefaultValue("false") boolean dryRun,
            java.io.InputStream body) {
        RegistryImports.Format read;
        try {
            read = RegistryImports.Format.valueOf(String.valueOf(format).toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(String.valueOf(format), "rpsl or rdap");
        }
        return imports.importFrom(
                caller.tenantId(),
                read,
                body,
                countries == null ? java.util.Set.of() : java.util.Set.copyOf(countries),
                dryRun);
    }

    @GET
    @Path("/lookup")
    @RolesAllowed({"analyst", "lead", "cirt-admin"})
    @Operation(
            summary = "The constituent of an address, ASN or domain",
            description = "One of address (the most specific network holding it wins), asn or domain. 404 when none.")
    public Found lookup(
            @QueryParam("address") String address, @QueryParam("asn") String asn, @QueryParam("domain") String domain) {
        int given = (address == null ? 0 : 1) + (asn == null ? 0 : 1) + (domain == null ? 0 : 1);
        if (given != 1) {
            throw ApiException.invalid("/query", "give exactly one of address, asn, domain");
        }
        var tenant = caller.tenantId();
        if (address != null) {
            var ip = normalised(address, "address", ObservableType.IPV4, ObservableType.IPV6);
            return directory
                    .lookup(tenant, ConstituencyKind.NETWORK, ip)
                    .orElseThrow(() -> ApiException.notFound("A constituent of this address"));
        }
        var kind = asn != null ? ConstituencyKind.ASN : ConstituencyKind.DOMAIN;
        var value = asn != null
                ? normalised(asn, "asn", ObservableType.ASN)
                : normalised(domain, "domain", ObservableType.DOMAIN);
        return directory
                .lookup(tenant, kind, value)
                .orElseThrow(() -> ApiException.notFound("A constituent of this " + kind.wire()));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"analyst", "lead", "cirt-admin"})
    @Operation(summary = "One constituent with its entries and contacts")
    public ConstituentView get(@PathParam("id") UUID id) {
        return directory.get(caller.tenantId(), id);
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed({"lead", "cirt-admin"})
    @Operation(summary = "Rename a constituent or change its country")
    public ConstituentView update(@PathParam("id") UUID id, ConstituentUpdate update) {
        return directory.update(caller.tenantId(), id, update);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed({"lead", "cirt-admin"})
    @Operation(summary = "Remove a constituent with its entries and contacts")
    public Response delete(@PathParam("id") UUID id) {
        directory.delete(caller.tenantId(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("/{id}/contacts")
    @RolesAllowed({"lead", "cirt-admin"})
    @Operation(summary = "Add an abuse contact to a constituent")
    public Response addContact(@PathParam("id") UUID id, ContactInput input, UriInfo uri) {
        var created = directory.addContact(caller.tenantId(), id, input);
        return Response.created(uri.getAbsolutePathBuilder()
                        .path(created.id().toString())
                        .build())
                .entity(created)
                .build();
    }

    @PUT
    @Path("/{id}/contacts/{contactId}")
    @RolesAllowed({"lead", "cirt-admin"})
    @Operation(summary = "Replace a contact's settings (a recorded bounce is cleared)")
    public ContactView updateContact(
            @PathParam("id") UUID id, @PathParam("contactId") UUID contactId, ContactInput input) {
        return directory.updateContact(caller.tenantId(), id, contactId, input);
    }

    @DELETE
    @Path("/{id}/contacts/{contactId}")
    @RolesAllowed({"lead", "cirt-admin"})
    @Operation(summary = "Remove a contact")
    public Response removeContact(@PathParam("id") UUID id, @PathParam("contactId") UUID contactId) {
        directory.removeContact(caller.tenantId(), id, contactId);
        return Response.noContent().build();
    }

    private static String normalised(String text, String parameter, ObservableType... types) {
        for (var type : types) {
            try {
                return Normaliser.normalise(type, text).value();
            } catch (InvalidObservableException e) {
                // the next type may take it
            }
        }
        throw ApiException.invalid("/query/" + parameter, "not a valid " + parameter);
    }
}
