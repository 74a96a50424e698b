package org.opencirt.portability;

import io.quarkus.security.identity.SecurityIdentity;
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
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencirt.common.archive.ArchiveRefused;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.tenant.TenantContext;

/**
 * A CIRT's whole archive (docs/portability.md): its admins take the CIRT's data with it, and the
 * platform admin recreates a CIRT from its archive or offboards one.
 */
@Path("/api/v1/archive")
@Tag(name = "Archive")
@SecurityRequirement(name = "bearer")
@Audited
public class ArchiveResource {

    private final CirtExport export;
    private final CirtImport imports;
    private final CirtOffboarding offboarding;
    private final ArchiveUploads uploads;
    private final TenantContext caller;
    private final SecurityIdentity identity;

    ArchiveResource(
            CirtExport export,
            CirtImport imports,
            CirtOffboarding offboarding,
            ArchiveUploads uploads,
            TenantContext caller,
            SecurityIdentity identity) {
        this.export = export;
        this.imports = imports;
        this.uploads = uploads;
        this.offboarding = offboarding;
        this.caller = caller;
        this.identity = identity;
    }

    /** The key to encrypt the archive to: the CIRT's own, ASCII-armored. */
    public record ExportRequest(String recipientKey) {}

    @POST
    @Path("/export")
    @RolesAllowed("cirt-admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Everything the caller's CIRT owns, as one archive encrypted to its OpenPGP key",
            description = """
                    A zip (a folder per part: cirt, incidents with attachments, feeds, playbooks, advisories with \
                    their CSAF documents, signatures and secret keys, secrets, exchange, retention, audit with its \
                    signed heads; manifest.json; SHA256SUMS), streamed as an OpenPGP message encrypted to \
                    recipientKey; gpg --decrypt opens it. docs/portability.md describes every file.""")
    public Response export(ExportRequest request) {
        var prepared = export.prepare(
                caller.tenantId(),
                request == null ? null : request.recipientKey(),
                identity.getPrincipal().getName());
        StreamingOutput body = out -> export.write(prepared, out);
        return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM)
                .header("Content-Disposition", "attachment; filename=\"" + prepared.fileName() + "\"")
                .build();
    }

    @POST
    @Path("/import")
    @RolesAllowed("platform-admin")
    @Consumes("application/zip")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Recreates a CIRT on this installation from its archive (decrypted)", description = """
                    The zip that gpg --decrypt made of a CIRT's archive. Every file is checked against                     SHA256SUMS and every row against the archive's CIRT; the rows are stored in one                     transaction, or none. The CIRT gets a new Keycloak group (empty: add its people) and a                     new partner client, whose secret is in the answer, once. 409 when this installation                     already has a CIRT with that id; 422 naming the file when the archive is refused.""")
    public Response importArchive(InputStream body) throws IOException {
        var file = Files.createTempFile("opencirt-import-", ".zip");
        try (body) {
            Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return Response.status(Response.Status.CREATED).entity(importOf(file)).build();
    }

    @POST
    @Path("/uploads")
    @RolesAllowed("platform-admin")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Starts an upload of an archive in parts, for an archive larger than one request may be",
            description = """
                    Send the decrypted archive's bytes in order as parts 1, 2, ... (PUT .../parts/N, each at                     most maxPartBytes), then import the upload. Any replica takes any part; a part sent again                     replaces it. The upload goes once imported, and at expiresAt in any case.""")
    public Response startUpload() throws SQLException {
        var upload = uploads.start(identity.getPrincipal().getName());
        return Response.created(URI.create("/api/v1/archive/uploads/" + upload.id()))
                .entity(upload)
                .build();
    }

    @GET
    @Path("/uploads/{id}")
    @RolesAllowed("platform-admin")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "What an upload holds: the numbers of the parts received and their bytes, to resume a broken one")
    public ArchiveUploads.Progress upload(@PathParam("id") UUID id) throws SQLException {
        return uploads.progress(id);
    }

    @PUT
    @Path("/uploads/{id}/parts/{number}")
    @RolesAllowed("platform-admin")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Stores one part of an upload (1 to 100000); 413 for a part or an upload too large")
    public Response putPart(@PathParam("id") UUID id, @PathParam("number") int number, InputStream body)
            throws SQLException, IOException {
        uploads.put(id, number, body);
        return Response.noContent().build();
    }

    @POST
    @Path("/uploads/{id}/import")
    @RolesAllowed("platform-admin")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Imports an archive uploaded in parts, as POST /api/v1/archive/import does", description = """
                    422 when a part is missing (named) or the archive is refused. The upload is deleted once                     imported; one refused stays until it expires (or DELETE it), so that it can be imported                     again after, say, the CIRT was offboarded.""")
    public Response importUpload(@PathParam("id") UUID id) throws SQLException, IOException {
        var imported = importOf(uploads.assemble(id));
        uploads.delete(id);
        return Response.status(Response.Status.CREATED).entity(imported).build();
    }

    @DELETE
    @Path("/uploads/{id}")
    @RolesAllowed("platform-admin")
    @Operation(summary = "Deletes an upload and its parts")
    public Response deleteUpload(@PathParam("id") UUID id) throws SQLException {
        if (!uploads.delete(id)) {
            throw ApiException.notFound("Upload " + id);
        }
        return Response.noContent().build();
    }

    /** Imports the archive in the file, then deletes the file. */
    private CirtImport.Imported importOf(java.nio.file.Path file) throws IOException {
        try {
            return imports.run(file);
        } catch (ArchiveRefused e) {
            throw new ApiException(ProblemType.UNPROCESSABLE, "The archive was not imported: " + e.getMessage());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Which CIRT leaves. */
    public record OffboardingRequest(String cirt) {}

    @POST
    @Path("/offboarding")
    @RolesAllowed("platform-admin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "A CIRT leaves this installation: its Keycloak group and client, then all its rows, are deleted",
            description = """
                    Take the CIRT's archive first (POST /api/v1/archive/export, by its admin). What others                     received from it stays with them; its row stays as a tombstone that only its archive                     revives. Asked again, it completes an offboarding a crash cut short.""")
    public CirtOffboarding.Offboarded offboard(OffboardingRequest request) {
        if (request == null || request.cirt() == null || request.cirt().isBlank()) {
            throw ApiException.invalid("/cirt", "name the CIRT to offboard");
        }
        return offboarding.run(request.cirt());
    }
}
