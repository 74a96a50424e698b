package org.opencirt.console.advisory;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.opencirt.advisory.csaf.CsafValidator;
import org.opencirt.advisory.service.AdvisorySearchService;
import org.opencirt.advisory.service.AdvisoryService;
import org.opencirt.advisory.service.AdvisoryService.AdvisoryView;
import org.opencirt.advisory.service.AdvisoryService.VersionView;
import org.opencirt.advisory.service.SigningKeyService;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.problem.ApiException;
import org.opencirt.common.problem.ProblemType;
import org.opencirt.console.exchange.ExchangeViews.ShareSection;
import org.opencirt.console.exchange.ShareSections;
import org.opencirt.console.web.Chrome;
import org.opencirt.console.web.ConsoleSession;

/**
 * Advisories: the list, an editor form for a new draft or an existing one (one product, one vulnerability, one
 * reference: the common case; an advisory holding more is edited as CSAF JSON, so nothing is dropped), a preview of
 * the document, submission for review, and a lead's publication or rejection; each published version with its
 * signature checked again against the CIRT's keys. Editing a published advisory starts its next version.
 */
@Audited
@Path("/console/advisories")
@RolesAllowed({"analyst", "lead"})
@Produces(MediaType.TEXT_HTML)
public class AdvisoriesPage {

    /** A published version with what checking its signature again says. */
    public record SignedVersion(VersionView version, boolean valid, String reason, String signer) {}

    /** Advisories found by one search, per page. */
    static final int PAGE = 50;

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance advisories(Chrome chrome, AdvisoryList found);

        static native TemplateInstance advisoryform(
                Chrome chrome,
                AdvisoryView advisory,
                AdvisoryFormValues form,
                List<String> errors,
                AdvisoryFindings findings);

        static native TemplateInstance advisoryjson(
                Chrome chrome, AdvisoryView advisory, String document, List<String> errors, AdvisoryFindings findings);

        static native TemplateInstance advisory(
                Chrome chrome,
                AdvisoryView advisory,
                AdvisoryPreview preview,
                List<SignedVersion> versions,
                ShareSection share);
    }

    private final ConsoleSession session;
    private final AdvisoryService advisories;
    private final AdvisorySearchService search;
    private final SigningKeyService keys;
    private final ShareSections sharing;

    AdvisoriesPage(
            ConsoleSession session,
            AdvisoryService advisories,
            AdvisorySearchService search,
            SigningKeyService keys,
            ShareSections sharing) {
        this.session = session;
        this.advisories = advisories;
        this.search = search;
        this.keys = keys;
        this.sharing = sharing;
    }

    /**
     * The advisories list: the 200 last changed, from PostgreSQL; with {@code q}, those matching it, newest change first,
     * page by page through the advisory search.
     */
    @GET
    @Operation(hidden = true)
    public TemplateInstance list(@RestQuery String q, @RestQuery String cursor) {
        var text = q == null ? "" : q.strip();
        var chrome = session.chrome("advisories");
        if (text.isEmpty()) {
            return session.render(
                    Templates.advisories(chrome, AdvisoryList.all(advisories.list(session.tenantId(), 200))));
        }
        var found = search.search(session.tenantId(), text, cursor, PAGE);
        return session.render(Templates.advisories(chrome, AdvisoryList.found(text, cursor, found)));
    }

    @GET
    @Path("/new")
    @Operation(hidden = true)
    public TemplateInstance form() {
        return session.render(Templates.advisoryform(
                session.chrome("advisories"), null, AdvisoryFormValues.empty(), List.of(), AdvisoryFindings.none()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Object create(@BeanParam AdvisoryFormValues.Fields fields) {
        var values = fields.values();
        return save(
                () -> advisories
                        .createFromForm(session.tenantId(), session.actor(), values.toForm())
                        .id(),
                errors -> Templates.advisoryform(
                        session.chrome("advisories"), null, values, errors, AdvisoryFindings.none()));
    }

    /**
     * The editor of an advisory: the form prefilled when it holds all of the document, else (or when asked with
     * {@code ?as=json}) the CSAF JSON. An advisory in review is not editable (409); a published one starts its next
     * version.
     */
    @GET
    @Path("/{id}/edit")
    @Operation(hidden = true)
    public TemplateInstance edit(@PathParam("id") UUID id, @RestQuery String as) {
        var tenant = session.tenantId();
        var advisory = advisories.get(tenant, id);
        if ("in_review".equals(advisory.state())) {
            throw ApiException.conflict("The advisory is in review: a lead must send it back before it changes");
        }
        var form = "json".equals(as)
                ? Optional.<AdvisoryFormValues>empty()
                : advisories.asForm(advisory).flatMap(AdvisoryFormValues::of);
        var json = AdvisoryPreview.of(advisory).json();
        return form.map(values -> session.render(Templates.advisoryform(
                        session.chrome("advisories"),
                        advisory,
                        values,
                        List.of(),
                        check(json).map(AdvisoryFindings::forForm).orElse(AdvisoryFindings.none()))))
                .orElseGet(() -> session.render(Templates.advisoryjson(
                        session.chrome("advisories"),
                        advisory,
                        json,
                        List.of(),
                        check(json).map(r -> AdvisoryFindings.forJson(r, json)).orElse(AdvisoryFindings.none()))));
    }

    /** Saves the edited form over the draft read at {@code version}; a stale version is a 412 page. */
    @POST
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Object update(
            @PathParam("id") UUID id, @BeanParam AdvisoryFormValues.Fields fields, @RestForm Long version) {
        var values = fields.values();
        var tenant = session.tenantId();
        var read = required(version);
        return save(
                () -> advisories
                        .updateFromForm(tenant, id, read, session.actor(), values.toForm())
                        .id(),
                errors -> Templates.advisoryform(
                        session.chrome("advisories"),
                        advisories.get(tenant, id),
                        values,
                        errors,
                        AdvisoryFindings.none()));
    }

    /** Saves the edited CSAF JSON over the draft read at {@code version}; a stale version is a 412 page. */
    @POST
    @Path("/{id}/document")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Object updateDocument(@PathParam("id") UUID id, @RestForm String document, @RestForm Long version) {
        var tenant = session.tenantId();
        var text = document == null ? "" : document;
        var read = required(version);
        return save(
                () -> advisories
                        .update(tenant, id, read, session.actor(), text.getBytes(StandardCharsets.UTF_8))
                        .id(),
                errors -> Templates.advisoryjson(
                        session.chrome("advisories"),
                        advisories.get(tenant, id),
                        text,
                        errors,
                        check(text).map(r -> AdvisoryFindings.forJson(r, text)).orElse(AdvisoryFindings.none())));
    }

    /**
     * Saves, then shows the advisory. A draft the service refuses (400) shows its editor again with the findings and
     * what was typed; any other refusal (404, 409, a stale version's 412) is the error page.
     */
    private Object save(Supplier<UUID> save, Function<List<String>, TemplateInstance> again) {
        try {
            return back(save.get());
        } catch (ApiException | ConstraintViolationException e) {
            if (e instanceof ApiException api
                    && api.type() != ProblemType.VALIDATION
                    && api.type() != ProblemType.BAD_REQUEST) {
                throw api;
            }
            // the draft was refused: nothing of the post may be stored, nor recorded in the audit trail, whose
            // interceptor sees the mark; the refused transaction can no longer read, so the form is built again in a
            // transaction of its own
            if (QuarkusTransaction.isActive()) {
                QuarkusTransaction.setRollbackOnly();
            }
            var errors = errors(e);
            return QuarkusTransaction.requiringNew().call(() -> session.render(again.apply(errors)));
        }
    }

    /** What the validator says of a document's text: every group; empty when it is no JSON object (the error says so). */
    private Optional<CsafValidator.Result> check(String json) {
        try {
            return Optional.of(advisories.check(json.getBytes(StandardCharsets.UTF_8)));
        } catch (ApiException e) {
            return Optional.empty();
        }
    }

    private static long required(Long version) {
        if (version == null) {
            throw ApiException.invalid("version", "is required");
        }
        return version;
    }

    private static List<String> errors(RuntimeException e) {
        if (e instanceof ConstraintViolationException c) {
            return c.getConstraintViolations().stream()
                    .map(v -> v.getPropertyPath() + ": " + v.getMessage())
                    .sorted()
                    .toList();
        }
        var api = (ApiException) e;
        return api.violations().isEmpty()
                ? List.of(api.getMessage())
                : api.violations().stream()
                        .map(v -> v.pointer() + ": " + v.message())
                        .toList();
    }

    @GET
    @Path("/{id}")
    @Operation(hidden = true)
    public TemplateInstance advisory(@PathParam("id") UUID id) {
        var tenant = session.tenantId();
        var advisory = advisories.get(tenant, id);
        var versions = new ArrayList<SignedVersion>();
        for (var version : advisories.versions(tenant, id)) {
            var file = advisories.version(tenant, id, version.number());
            var check = keys.verify(file.document(), file.signature());
            versions.add(new SignedVersion(
                    version,
                    check.valid(),
                    check.reason(),
                    check.primaryFingerprint() == null ? null : keys.ownerOf(check.primaryFingerprint())));
        }
        return session.render(Templates.advisory(
                session.chrome("advisories"),
                advisory,
                AdvisoryPreview.of(advisory),
                versions,
                sharing.advisory(
                        tenant, id, advisory.tlp(), session.hasRole("lead") || session.hasRole("cirt-admin"))));
    }

    @POST
    @Path("/{id}/submission")
    @Operation(hidden = true)
    public Response submit(@PathParam("id") UUID id) {
        advisories.submit(session.tenantId(), id, session.actor());
        return back(id);
    }

    @POST
    @Path("/{id}/publication")
    @RolesAllowed("lead")
    @Operation(hidden = true)
    public Response publish(@PathParam("id") UUID id) {
        advisories.publish(session.tenantId(), id, session.actor());
        return back(id);
    }

    @POST
    @Path("/{id}/rejection")
    @RolesAllowed("lead")
    @Operation(hidden = true)
    public Response reject(@PathParam("id") UUID id) {
        advisories.reject(session.tenantId(), id, session.actor());
        return back(id);
    }

    private static Response back(UUID id) {
        return Response.seeOther(URI.create("/console/advisories/" + id)).build();
    }
}
