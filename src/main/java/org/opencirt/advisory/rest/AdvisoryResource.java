package org.opencirt.advisory.rest;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.opencirt.advisory.csaf.CsafValidator;
import org.opencirt.advisory.service.AdvisoryForm;
import org.opencirt.advisory.service.AdvisoryService;
import org.opencirt.advisory.service.AdvisoryService.AdvisorySummary;
import org.opencirt.advisory.service.AdvisoryService.AdvisoryView;
import org.opencirt.advisory.service.AdvisoryService.VersionView;
import org.opencirt.advisory.service.SigningKeyService;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.audit.ChangesNothing;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.common.web.ETags;
import org.opencirt.tenant.TenantContext;

/** Advisories of the caller's CIRT: analysts and leads write drafts, leads review and publish. */
@Path("/api/v1/advisories")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({"analyst", "lead"})
@Tag(name = "Advisories")
@SecurityRequirement(name = "bearer")
@Audited
public class AdvisoryResource {

    private final AdvisoryService advisories;
    private final SigningKeyService keys;
    private final TenantContext caller;

    AdvisoryResource(AdvisoryService advisories, SigningKeyService keys, TenantContext caller) {
        this.advisories = advisories;
        this.keys = keys;
        this.caller = caller;
    }

    @POST
    @Operation(
            summary = "Create a draft from a CSAF 2.0 document",
            description =
                    "Publisher and tracking (except tracking.id) are set by the platform. 400 lists every schema and mandatory-test finding with its JSON pointer.")
    public Response create(byte[] body, UriInfo uri) {
        return created(advisories.create(caller.tenantId(), caller.actor(), body), uri);
    }

    @POST
    @Path("/from-form")
    @Operation(
            summary = "Create a draft from the simple form",
            description = "The service builds a valid CSAF security advisory from it.")
    public Response createFromForm(AdvisoryForm form, UriInfo uri) {
        return created(advisories.createFromForm(caller.tenantId(), caller.actor(), form), uri);
    }

    @GET
    @Operation(summary = "The CIRT's advisories, most recently changed first")
    public List<AdvisorySummary> list(@RestQuery Integer limit) {
        return advisories.list(caller.tenantId(), limit);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One advisory with its working document; the ETag is its version")
    public Response get(@PathParam("id") UUID id) {
        return tagged(advisories.get(caller.tenantId(), id));
    }

    @PUT
    @Path("/{id}")
    @Operation(
            summary = "Replace the draft with a CSAF document",
            description =
                    "On a published advisory this starts the next version. If-Match is optional; a stale one answers 412.")
    public Response update(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, byte[] body) {
        return tagged(advisories.update(caller.tenantId(), id, ETags.parse(ifMatch), caller.actor(), body));
    }

    @PUT
    @Path("/{id}/form")
    @Operation(summary = "Replace the draft with one built from the simple form")
    public Response updateFromForm(
            @PathParam("id") UUID id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, AdvisoryForm form) {
        return tagged(advisories.updateFromForm(caller.tenantId(), id, ETags.parse(ifMatch), caller.actor(), form));
    }

    @POST
    @Path("/{id}/submission")
    @Operation(summary = "Send a draft to review by a lead")
    public Response submit(@PathParam("id") UUID id) {
        return tagged(advisories.submit(caller.tenantId(), id, caller.actor()));
    }

    @POST
    @Path("/{id}/rejection")
    @RolesAllowed("lead")
    @Operation(summary = "A lead sends an advisory in review back to draft")
    public Response reject(@PathParam("id") UUID id) {
        return tagged(advisories.reject(caller.tenantId(), id, caller.actor()));
    }

    @POST
    @Path("/{id}/publication")
    @RolesAllowed("lead")
    @Operation(
            summary = "A lead publishes an advisory in review",
            description = "Serialises once, signs those bytes, stores them immutably; answers the new version.")
    public Response publish(@PathParam("id") UUID id, UriInfo uri) {
        var published = advisories.publish(caller.tenantId(), id, caller.actor());
        return Response.created(uri.getBaseUriBuilder()
                        .path("api/v1/advisories")
                        .path(id.toString())
                        .path("versions")
                        .path(String.valueOf(published.number()))
                        .build())
                .entity(published)
                .build();
    }

    @GET
    @Path("/{id}/versions")
    @Operation(summary = "The published versions of an advisory")
    public List<VersionView> versions(@PathParam("id") UUID id) {
        return advisories.versions(caller.tenantId(), id);
    }

    @GET
    @Path("/{id}/versions/{number}")
    @Produces({MediaType.APPLICATION_JSON, "application/pgp-signature", MediaType.TEXT_PLAIN})
    @Operation(
            summary = "A published version's exact bytes",
            description = "Add ?part=signature, sha256 or sha512 for its companions.")
    public Response version(@PathParam("id") UUID id, @PathParam("number") int number, @RestQuery String part) {
        var version = advisories.version(caller.tenantId(), id, number);
        return switch (part == null ? "document" : part) {
            case "document" ->
                Response.ok(version.document(), MediaType.APPLICATION_JSON).build();
            case "signature" ->
                Response.ok(version.signature(), "application/pgp-signature").build();
            case "sha256", "sha512" ->
                Response.ok(version.digestFile(part), MediaType.TEXT_PLAIN).build();
            default -> throw ApiException.invalid("part", "must be document, signature, sha256 or sha512");
        };
    }

    @POST
    @Path("/validation")
    @Operation(summary = "Check a CSAF document without storing it", description = """
                    Answers the findings by group, each with its test (a section of CSAF 2.0, or schema), JSON \
                    pointer and message: errors (the JSON schema and the mandatory tests of 6.1; valid when \
                    there is none), warnings (the optional tests of 6.2) and infos (the informative tests of 6.3).""")
    @ChangesNothing
    public CsafValidator.Result validate(byte[] body) {
        return advisories.check(body);
    }

    /**
     * @param document       the document as text (its UTF-8 bytes are checked), or
     * @param documentBase64 its exact bytes, base64
     * @param signature      the detached ASCII-armored signature
     */
    public record VerifyRequest(
            @Size(max = 2_000_000) String document,
            @Size(max = 2_800_000) String documentBase64,
            @NotBlank @Size(max = 100_000) String signature) {}

    public record VerifyResult(
            boolean valid,
            String reason,
            String fingerprint,
            String signingKeyFingerprint,
            String cirt,
            Integer digestAlgorithm,
            Instant signedAt) {}

    @POST
    @Path("/verify")
    @PermitAll
    @Operation(
            summary = "Verify a document's signature",
            description = "Against every key of the platform's CIRTs (current and retired). No token needed.")
    @ChangesNothing
    public VerifyResult verify(@Valid VerifyRequest request) {
        if (request == null) {
            throw new ApiException(
                    ProblemType.BAD_REQUEST, "A body {document | documentBase64, signature} is required");
        }
        if ((request.document() == null) == (request.documentBase64() == null)) {
            throw ApiException.invalid("/document", "give exactly one of document (text) and documentBase64 (bytes)");
        }
        byte[] data;
        if (request.document() != null) {
            data = request.document().getBytes(StandardCharsets.UTF_8);
        } else {
            try {
                data = Base64.getDecoder().decode(request.documentBase64());
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("/documentBase64", "is not base64");
            }
        }
        try {
            var result = keys.verify(data, request.signature());
            return new VerifyResult(
                    result.valid(),
                    result.reason(),
                    result.primaryFingerprint(),
                    result.signingFingerprint(),
                    result.primaryFingerprint() == null ? null : keys.ownerOf(result.primaryFingerprint()),
                    result.digestAlgorithm(),
                    result.signedAt());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("/signature", e.getMessage());
        }
    }

    private static Response created(AdvisoryView view, UriInfo uri) {
        return Response.created(uri.getBaseUriBuilder()
                        .path("api/v1/advisories")
                        .path(view.id().toString())
                        .build())
                .tag(ETags.of(view.version()))
                .entity(view)
                .build();
    }

    private static Response tagged(AdvisoryView view) {
        return Response.ok(view).tag(ETags.of(view.version())).build();
    }
}
