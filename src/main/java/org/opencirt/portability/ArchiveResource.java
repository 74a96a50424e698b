package org.opencirt.portability;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.opencirt.common.audit.Audited;
import org.opencirt.tenant.TenantContext;

/** A CIRT's whole archive, for its admins: the CIRT takes its data with it (docs/portability.md). */
@Path("/api/v1/archive")
@Tag(name = "Archive")
@SecurityRequirement(name = "bearer")
@Audited
public class ArchiveResource {

    private final CirtExport export;
    private final TenantContext caller;
    private final SecurityIdentity identity;

    ArchiveResource(CirtExport export, TenantContext caller, SecurityIdentity identity) {
        this.export = export;
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
}
