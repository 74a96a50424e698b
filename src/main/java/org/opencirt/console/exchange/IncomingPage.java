package org.opencirt.console.exchange;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
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
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestQuery;
import org.opencirt.common.audit.Audited;
import org.opencirt.common.audit.SharedCopies;
import org.opencirt.common.audit.SharedCopy;
import org.opencirt.common.audit.SharedRead;
import org.opencirt.console.web.Chrome;
import org.opencirt.console.web.ConsoleSession;
import org.opencirt.exchange.model.ReferralState;
import org.opencirt.exchange.service.ReferralService;
import org.opencirt.exchange.service.ReferralService.ReferralView;
import org.opencirt.exchange.service.SharedAdvisories;
import org.opencirt.exchange.service.SharedAdvisories.SharedAdvisory;
import org.opencirt.exchange.service.SharedIncidentAdoptions;
import org.opencirt.exchange.service.SharedIncidents;
import org.opencirt.exchange.service.SharedIncidents.SharedIncident;

/**
 * What other CIRTs of the platform send to this one: the incidents they share with it (read-only copies marked with
 * their source, as {@link SharedIncidents} builds them at each request) and the referrals it received, which its
 * analysts and leads accept or decline; and the referrals it sent, with where the recipient stands.
 */
@Audited
@Path("/console/incoming")
@RolesAllowed({"analyst", "lead", "cirt-admin"})
@Produces(MediaType.TEXT_HTML)
public class IncomingPage {

    static final Set<String> NOTICES = Set.of("accepted", "declined");

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance incoming(
                Chrome chrome,
                List<SharedIncident> shared,
                List<SharedAdvisory> advisories,
                List<ReferralView> received,
                List<ReferralView> sent,
                boolean canAnswer,
                String notice);
    }

    private final ConsoleSession session;
    private final SharedIncidents shared;
    private final SharedAdvisories advisories;
    private final ReferralService referrals;
    private final SharedIncidentAdoptions adoptions;

    IncomingPage(
            ConsoleSession session,
            SharedIncidents shared,
            SharedAdvisories advisories,
            ReferralService referrals,
            SharedIncidentAdoptions adoptions) {
        this.adoptions = adoptions;
        this.session = session;
        this.shared = shared;
        this.advisories = advisories;
        this.referrals = referrals;
    }

    @GET
    @SharedRead
    @Operation(hidden = true)
    public TemplateInstance page(@RestQuery String done) {
        var tenant = session.tenantId();
        var sharedIncidents = shared.list(tenant);
        var sharedAdvisories = advisories.list(tenant);
        var shown = new ArrayList<SharedCopy>(sharedIncidents);
        shown.addAll(sharedAdvisories);
        return session.render(Templates.incoming(
                        session.chrome("incoming"),
                        sharedIncidents,
                        sharedAdvisories,
                        referrals.list(tenant, "incoming"),
                        referrals.list(tenant, "outgoing"),
                        session.hasRole("analyst") || session.hasRole("lead"),
                        done != null && NOTICES.contains(done) ? done : null))
                .setAttribute(SharedCopies.ATTRIBUTE, SharedCopies.of(shown));
    }

    @POST
    @Path("/shared/{id}/adoption")
    @RolesAllowed({"analyst", "lead"})
    @Operation(hidden = true)
    public Response adopt(@PathParam("id") UUID id) {
        var opened = adoptions.open(session.tenantId(), session.actor(), id);
        return Response.seeOther(URI.create("/console/incidents/" + opened.incident()))
                .build();
    }

    @POST
    @Path("/referrals/{id}/acceptance")
    @RolesAllowed({"analyst", "lead"})
    @Operation(hidden = true)
    public Response accept(@PathParam("id") UUID id) {
        referrals.answer(session.tenantId(), session.actor(), id, ReferralState.ACCEPTED);
        return Response.seeOther(URI.create("/console/incoming?done=accepted#received"))
                .build();
    }

    @POST
    @Path("/referrals/{id}/decline")
    @RolesAllowed({"analyst", "lead"})
    @Operation(hidden = true)
    public Response decline(@PathParam("id") UUID id) {
        referrals.answer(session.tenantId(), session.actor(), id, ReferralState.DECLINED);
        return Response.seeOther(URI.create("/console/incoming?done=declined#received"))
                .build();
    }
}
