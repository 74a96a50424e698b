package org.opencirt.advisory.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencirt.advisory.service.DirectoryService;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.audit.SensitiveRead;
import org.opencirt.common.problem.ApiException;

/**
 * The CSAF 2.0 trusted-provider directory, one per CIRT: {@code /.well-known/csaf/<cirt>/}.
 * TLP:WHITE is public; other labels need a token that may read them (never a redirect).
 */
@Path("/.well-known/csaf/{cirt}")
@PermitAll
@Tag(name = "CSAF directory")
@Audited
public class CsafDirectoryResource {

    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final Pattern DOCUMENT = Pattern.compile("([+\\-a-z0-9_]+\\.json)(\\.asc|\\.sha256|\\.sha512)?");
    private static final Pattern KEY = Pattern.compile("([0-9A-Fa-f]{40,64})\\.asc");

    private final DirectoryService directory;
    private final CsafReaders readers;
    private final Template listing;

    CsafDirectoryResource(
            DirectoryService directory, CsafReaders readers, @Location("csaf-listing.html") Template listing) {
        this.directory = directory;
        this.readers = readers;
        this.listing = listing;
    }

    @GET
    @Operation(summary = "The listing of the CIRT's directory (provider metadata, service document, keys, TLP folders)")
    public Response rootListing(@PathParam("cirt") String cirt) {
        return html(directory.rootListing(cirt, readers.base(), readers.reader()));
    }

    @GET
    @Path("/" + DirectoryService.SERVICE_DOCUMENT)
    @Operation(summary = "The ROLIE service document: the CIRT's four TLP feeds")
    public Response serviceDocument(@PathParam("cirt") String cirt) {
        return json(directory.serviceDocument(cirt, readers.base()));
    }

    @GET
    @Path("/{folder}")
    @Operation(summary = "The listing of a TLP folder or of the public keys")
    @SensitiveRead
    public Response folderListing(@PathParam("cirt") String cirt, @PathParam("folder") String folder) {
        if (folder.equals(DirectoryService.KEYS_FOLDER)) {
            return html(directory.keysListing(cirt, readers.base()));
        }
        directory.requireRead(cirt, folder, readers.reader());
        return html(directory.tlpListing(cirt, folder, readers.base()));
    }

    @GET
    @Path("/provider-metadata.json")
    @Operation(summary = "The CIRT's CSAF provider metadata (role csaf_trusted_provider)")
    public Response providerMetadata(@PathParam("cirt") String cirt) {
        return json(directory.providerMetadata(cirt, readers.base()));
    }

    @GET
    @Path("/openpgp/{file}")
    @Operation(summary = "A public OpenPGP key of the CIRT (current or retired), armored")
    public Response publicKey(@PathParam("cirt") String cirt, @PathParam("file") String file) {
        directory.requireTenant(cirt);
        var matcher = KEY.matcher(file);
        if (!matcher.matches()) {
            throw ApiException.notFound("Key file '%s'".formatted(file));
        }
        var key = directory
                .publicKey(cirt, matcher.group(1))
                .orElseThrow(() -> ApiException.notFound("Key " + matcher.group(1)));
        return Response.ok(key, "application/pgp-keys").build();
    }

    @GET
    @Path("/{tlp}/{file}")
    @Operation(
            summary =
                    "index.txt, changes.csv, the ROLIE feed or category document of a TLP folder, or the listing of a year")
    @SensitiveRead
    public Response folderFile(
            @PathParam("cirt") String cirt, @PathParam("tlp") String tlp, @PathParam("file") String file) {
        directory.requireRead(cirt, tlp, readers.reader());
        if (file.equals("index.txt")) {
            return Response.ok(directory.index(cirt, tlp), MediaType.TEXT_PLAIN + ";charset=utf-8")
                    .build();
        }
        if (file.equals("changes.csv")) {
            return Response.ok(directory.changes(cirt, tlp), "text/csv;charset=utf-8")
                    .build();
        }
        if (file.equals(DirectoryService.feedName(tlp))) {
            return json(directory.rolie(cirt, tlp, readers.base()));
        }
        if (file.equals(DirectoryService.categoriesName(tlp))) {
            return json(directory.categories(cirt, tlp));
        }
        if (YEAR.matcher(file).matches()) {
            return html(directory.yearListing(cirt, tlp, file, readers.base()));
        }
        throw ApiException.notFound("File '%s'".formatted(file));
    }

    @GET
    @Path("/{tlp}/{year}/{file}")
    @Operation(summary = "A CSAF document (exact signed bytes), or its .asc, .sha256, .sha512")
    @SensitiveRead
    public Response document(
            @PathParam("cirt") String cirt,
            @PathParam("tlp") String tlp,
            @PathParam("year") String year,
            @PathParam("file") String file) {
        directory.requireRead(cirt, tlp, readers.reader());
        var matcher = DOCUMENT.matcher(file);
        if (!YEAR.matcher(year).matches() || !matcher.matches()) {
            throw ApiException.notFound("File '%s'".formatted(file));
        }
        var name = matcher.group(1);
        var version = directory
                .document(cirt, tlp.toLowerCase(Locale.ROOT) + "/" + year + "/" + name)
                .orElseThrow(() -> ApiException.notFound("Advisory '%s'".formatted(name)));
        var suffix = matcher.group(2) == null ? "" : matcher.group(2);
        return switch (suffix) {
            case ".asc" ->
                Response.ok(version.signature(), "application/pgp-signature").build();
            case ".sha256", ".sha512" ->
                Response.ok(version.digestFile(suffix.substring(1)), MediaType.TEXT_PLAIN)
                        .build();
            default ->
                Response.ok(version.document(), MediaType.APPLICATION_JSON).build();
        };
    }

    private Response html(DirectoryService.Listing folder) {
        return Response.ok(listing.data("listing", folder).render(), MediaType.TEXT_HTML + ";charset=utf-8")
                .build();
    }

    private static Response json(ObjectNode body) {
        return Response.ok(body, MediaType.APPLICATION_JSON).build();
    }
}
