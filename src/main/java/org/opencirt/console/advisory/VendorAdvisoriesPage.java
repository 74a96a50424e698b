package org.opencirt.console.advisory;

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
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;
import org.opencirt.advisory.service.VendorAdvisoryService;
import org.opencirt.advisory.service.VendorAdvisoryService.VendorAdvisorySummary;
import org.opencirt.advisory.service.VendorAdvisoryService.VendorAdvisoryView;
import org.opencirt.common.audit.Audited;
import org.opencirt.console.web.Chrome;
import org.opencirt.console.web.ConsoleSession;
import org.opencirt.incident.service.IncidentService;

/**
 * Vendors' advisories: the CSAF documents the CIRT's {@code csaf-provider} feeds kept, searchable by
 * CVE id, tracking id, title or publisher; one with its CVEs, signer, the incidents raised for the
 * constituents running an affected product, and the document as the vendor served it. Read-only.
 */
@Audited
@Path("/console/vendor-advisories")
@RolesAllowed({"analyst", "lead"})
@Produces(MediaType.TEXT_HTML)
public class VendorAdvisoriesPage {

    /** Vendor advisories a list shows. */
    static final int LIST = 100;

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance vendoradvisories(Chrome chrome, String q, List<VendorAdvisorySummary> found);

        static native TemplateInstance vendoradvisory(Chrome chrome, VendorAdvisoryView advisory, String json);
    }

    private final ConsoleSession session;
    private final VendorAdvisoryService advisories;
    private final IncidentService incidents;

    VendorAdvisoriesPage(ConsoleSession session, VendorAdvisoryService advisories, IncidentService incidents) {
        this.session = session;
        this.advisories = advisories;
        this.incidents = incidents;
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance list(@RestQuery String q) {
        var text = q == null ? "" : q.strip();
        return session.render(Templates.vendoradvisories(
                session.chrome("advisories"), text, advisories.list(session.tenantId(), text, LIST)));
    }

    /** Links the advisory to an incident of the CIRT, named by its reference (CERT-AB-2026-0001) or id; 404 when it is not the CIRT's. */
    @POST
    @Path("/{id}/incidents")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response link(@PathParam("id") UUID id, @RestForm String incident) {
        var tenant = session.tenantId();
        var named = incident == null ? "" : incident.strip();
        UUID incidentId;
        try {
            incidentId = UUID.fromString(named);
        } catch (IllegalArgumentException e) {
            incidentId = incidents.getByReference(tenant, named).id();
        }
        advisories.link(tenant, id, incidentId, session.actor());
        return Response.seeOther(URI.create("/console/vendor-advisories/" + id)).build();
    }

    @GET
    @Path("/{id}")
    @Operation(hidden = true)
    public TemplateInstance advisory(@PathParam("id") UUID id) {
        var advisory = advisories.get(session.tenantId(), id);
        return session.render(Templates.vendoradvisory(
                session.chrome("advisories"), advisory, advisory.document().toPrettyString()));
    }
}
