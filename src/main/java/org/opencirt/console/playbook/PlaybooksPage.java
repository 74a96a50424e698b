package org.opencirt.console.playbook;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.audit.ChangesNothing;
import org.opencirt.common.problem.ApiException;
import org.opencirt.console.web.Chrome;
import org.opencirt.console.web.ConsoleSession;
import org.opencirt.incident.service.IncidentService;
import org.opencirt.playbook.engine.Evaluation;
import org.opencirt.playbook.service.PlaybookService;
import org.opencirt.playbook.service.PlaybookViews.DryRun;
import org.opencirt.playbook.service.PlaybookViews.PlaybookDetail;
import org.opencirt.playbook.service.PlaybookViews.PlaybookView;

/**
 * Triage playbooks: the list with each one's switch for the CIRT (a lead or CIRT admin flips it), one playbook's
 * YAML, and a dry-run of that YAML (as shown, or edited in the form) against one of the CIRT's incidents, which
 * changes nothing.
 */
@Audited
@Path("/console/playbooks")
@RolesAllowed({"analyst", "lead", "cirt-admin"})
@Produces(MediaType.TEXT_HTML)
public class PlaybooksPage {

    /** A dry-run as the page shows it: the incident, whether the playbook matched, each effect as text. */
    public record DryRunView(String incident, Boolean matched, String error, List<String> effects, boolean stopped) {}

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance playbooks(Chrome chrome, List<PlaybookView> playbooks, boolean canSwitch);

        static native TemplateInstance playbook(
                Chrome chrome,
                PlaybookDetail detail,
                String source,
                String reference,
                DryRunView dryRun,
                boolean canSwitch);
    }

    private final ConsoleSession session;
    private final PlaybookService playbooks;
    private final IncidentService incidents;

    PlaybooksPage(ConsoleSession session, PlaybookService playbooks, IncidentService incidents) {
        this.session = session;
        this.playbooks = playbooks;
        this.incidents = incidents;
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance list() {
        return session.render(
                Templates.playbooks(session.chrome("playbooks"), playbooks.list(session.tenantId()), canSwitch()));
    }

    @GET
    @Path("/{id}")
    @Operation(hidden = true)
    public TemplateInstance playbook(@PathParam("id") String id) {
        var detail = playbooks.get(session.tenantId(), id);
        return session.render(
                Templates.playbook(session.chrome("playbooks"), detail, detail.source(), "", null, canSwitch()));
    }

    @POST
    @Path("/{id}/enabled")
    @RolesAllowed({"lead", "cirt-admin"})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response setEnabled(@PathParam("id") String id, @RestForm String enabled) {
        playbooks.setEnabled(session.tenantId(), id, "true".equals(enabled), session.actor());
        return Response.seeOther(URI.create("/console/playbooks#pb-" + id)).build();
    }

    @POST
    @Path("/{id}/dry-run")
    @ChangesNothing
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public TemplateInstance dryRun(@PathParam("id") String id, @RestForm String source, @RestForm String reference) {
        var tenant = session.tenantId();
        var detail = playbooks.get(tenant, id);
        if (reference == null || reference.isBlank()) {
            throw ApiException.invalid(
                    "reference", "give the reference of one of your incidents (CERT-AB-2026-000123)");
        }
        var incident = incidents.getByReference(tenant, reference.strip());
        var result = playbooks.dryRun(
                tenant,
                new DryRun(source == null || source.isBlank() ? detail.source() : source, incident.id(), null, null));
        return session.render(Templates.playbook(
                session.chrome("playbooks"),
                detail,
                source,
                reference.strip(),
                view(result.incident(), result.evaluation()),
                canSwitch()));
    }

    private boolean canSwitch() {
        return session.hasRole("lead") || session.hasRole("cirt-admin");
    }

    static DryRunView view(String incident, Evaluation evaluation) {
        var effects = new ArrayList<String>();
        if (evaluation.actions() != null) {
            for (var action : evaluation.actions()) {
                for (var effect : action.effects()) {
                    effects.add(
                            effect.field() != null
                                    ? "%s: %s → %s"
                                            .formatted(effect.field(), text(effect.before()), text(effect.after()))
                                    : effect.kind() + ": " + text(effect.detail()));
                }
                if (action.error() != null) {
                    effects.add(action.action() + ": " + action.error());
                }
            }
        }
        return new DryRunView(incident, evaluation.matched(), evaluation.error(), effects, evaluation.stopped());
    }

    private static String text(Object value) {
        return value == null ? "-" : value.toString();
    }
}
